//! Text made safe and readable for the web page: escaping (with an ordinal kept with its
//! word), number columns told from text columns, ranges kept whole, and charts given their
//! accessible name and description.

/// Escapes text for HTML content and attribute values. An ordinal keeps its word on its line
/// ("4. kvartal", "2. november": a no-break space after the point), as in the PDF: a line
/// ending in "før. 4." reads as two sentences.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = ' ';
    let mut before = ' ';
    while let Some(c) = chars.next() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            ' ' if prev == '.' && before.is_ascii_digit() && chars.peek().is_some_and(|n| n.is_lowercase()) => {
                o.push('\u{a0}')
            }
            c => o.push(c),
        }
        (before, prev) = (prev, c);
    }
    o
}

/// Whether a table column holds numbers ("72,6 %", "−1,7 pp", "3.593", "–" for a hidden
/// one): such a column is right-aligned, a column of text left-aligned.
pub(super) fn numeric_column(rows: &[Vec<String>], col: usize) -> bool {
    let mut any = false;
    for r in rows {
        let Some(c) = r.get(col) else { continue };
        let c = c.trim();
        if c.is_empty() || c == "–" || c == "-" {
            continue;
        }
        if !is_number(c) {
            return false;
        }
        any = true;
    }
    any
}

/// A number as the report prints it: an optional sign, digits with separators, an optional
/// unit (%, pp, procentpoint) and an optional note in brackets ("(foreløbig)").
fn is_number(s: &str) -> bool {
    let s = s.split(" (").next().unwrap_or(s);
    let s = s.trim_start_matches(['+', '−', '-', '±']);
    let s = s.trim_end_matches(" procentpoint").trim_end_matches(" pct.-point").trim_end_matches(" pp");
    let s = s.trim_end_matches(" %").trim_end_matches('*');
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'))
}

/// Escapes text and keeps a range of numbers whole on one line: an age band "16–19 år" never
/// breaks as "16–" / "19 år".
pub(super) fn text(s: &str) -> String {
    let e = esc(s);
    let chars: Vec<char> = e.chars().collect();
    let mut out = String::with_capacity(e.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        // A run of digits followed by "–" and another digit starts a range.
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < chars.len() && chars[j] == '–' && chars[j + 1].is_ascii_digit() {
                let mut k = j + 1;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
                let rest: String = chars[k..].iter().collect();
                for unit in [" år", " years", "-årige", "-year-olds"] {
                    if rest.starts_with(unit) {
                        k += unit.chars().count();
                        break;
                    }
                }
                out.push_str("<span class=\"nw\">");
                out.extend(&chars[i..k]);
                out.push_str("</span>");
                i = k;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Adds `role="img"`, an accessible name and description, and a `viewBox` (so the chart can
/// scale to a phone's width) to an SVG drawn by the charts module.
pub(super) fn accessible_svg(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else { return String::new() };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else { return String::new() };
    let open = &svg[start..end];
    let attr = |name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = open.find(&key)? + key.len();
        let j = open[i..].find('"')? + i;
        Some(open[i..j].to_string())
    };
    let mut head = String::from("<svg");
    let mut rest = open.trim_start_matches("<svg").to_string();
    if attr("viewBox").is_none()
        && let (Some(w), Some(h)) = (attr("width"), attr("height"))
    {
        head.push_str(&format!(" viewBox=\"0 0 {} {}\"", w.trim_end_matches("px"), h.trim_end_matches("px")));
    }
    // The figure's width is set by CSS; fixed sizes would stop it shrinking on a phone.
    for name in ["width", "height"] {
        if let Some(v) = attr(name) {
            rest = rest.replacen(&format!(" {name}=\"{v}\""), "", 1);
        }
    }
    format!(
        "{head}{rest} role=\"img\" aria-labelledby=\"{id}-t {id}-d\" focusable=\"false\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(desc),
        &svg[end + 1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinal_keeps_its_word_and_nothing_else_changes() {
        assert_eq!(esc("før. 4. kvartal 2016, 2. november"), "før. 4.\u{a0}kvartal 2016, 2.\u{a0}november");
        assert_eq!(esc("3.593 personer. 4. Kvartal 72,6 % 10. "), "3.593 personer. 4. Kvartal 72,6 % 10. ");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<b>\"Æ\" & 'ø'</b>"), "&lt;b&gt;&quot;Æ&quot; &amp; &#39;ø&#39;&lt;/b&gt;");
    }

    #[test]
    fn charts_get_a_role_a_name_a_description_and_a_view_box() {
        let svg = "<svg width=\"600\" height=\"300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let out = accessible_svg(svg, "c1", "Andel <i>", "Seneste værdi 72,6 %");
        assert!(
            out.starts_with("<svg viewBox=\"0 0 600 300\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""),
            "{out}"
        );
        assert!(out.contains("aria-labelledby=\"c1-t c1-d\""));
        assert!(
            out.contains("<title id=\"c1-t\">Andel &lt;i&gt;</title><desc id=\"c1-d\">Seneste værdi 72,6 %</desc>")
        );
        assert!(!out.contains("width=\"600\""));
        assert!(out.ends_with("\n<rect/></svg>"));
    }
}
