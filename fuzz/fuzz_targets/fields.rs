//! Single values as Danish systems write them: dates, decimals, employment degrees, benefit
//! codes, and the raw-CPR check. Any text must give a value or a message, never a panic, and
//! what is accepted must be what the parser promises; no message shows a CPR number.

#![no_main]

use effektmaal::extract::fields;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = text.as_ref();

    if let Ok(d) = fields::date(value) {
        // A date that was read is read back the same from its ISO form.
        let iso = d.format("%Y-%m-%d").to_string();
        assert_eq!(fields::date(&iso), Ok(d), "{value:?} gave {iso}");
    }
    if let Ok(x) = fields::decimal(value) {
        assert!(x.is_finite(), "{value:?} gave {x}");
    }
    if let Ok(g) = fields::degree(value) {
        assert!((0.0..=1.0).contains(&g), "{value:?} gave degree {g}");
    }
    if let Ok(c) = fields::code(value) {
        assert!((1..=999).contains(&c), "{value:?} gave code {c}");
        assert_eq!(fields::code(&c.to_string()), Ok(c));
    }
    if fields::looks_like_cpr(value) {
        let digits = value.bytes().filter(u8::is_ascii_digit).count();
        assert!(digits == 9 || digits == 10, "{value:?} taken for a CPR number");
        assert!(effektmaal::cpr::contains_cpr(value), "{value:?} is a CPR number but holds none");
    }
    // No message quotes a CPR number, whatever the value was.
    let messages = [
        fields::date(value).err(),
        fields::decimal(value).err(),
        fields::degree(value).err(),
        fields::code(value).err(),
    ];
    for m in messages.into_iter().flatten() {
        assert!(!effektmaal::cpr::contains_cpr(&m), "{value:?} gave the message {m:?}");
    }
});
