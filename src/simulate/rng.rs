//! Random numbers: a counter-based hash for per-person and per-week streams, and xoshiro256**
//! for a person's fixed traits. The same seed gives the same draws on every machine.

pub(super) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

pub(super) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(super) fn hash3(seed: u64, a: u64, b: u64) -> u64 {
    mix(mix(seed.wrapping_add(GOLDEN) ^ mix(a.wrapping_mul(GOLDEN) ^ 0x5851_F42D_4C95_7F2D))
        ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// xoshiro256** seeded through splitmix64: the per-person generator for fixed traits.
pub(super) struct Rng {
    pub(super) s: [u64; 4],
}

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut s = [0u64; 4];
        for v in &mut s {
            x = x.wrapping_add(GOLDEN);
            *v = mix(x);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(super) fn u(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.u() < p
    }

    /// Uniform integer in `lo..=hi`.
    pub(super) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.u() * (hi - lo + 1) as f64) as i64
    }

    pub(super) fn normal(&mut self) -> f64 {
        let u1 = self.u().max(1e-300);
        let u2 = self.u();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Weeks until an event with a constant weekly probability `h` (at least 1).
    pub(super) fn geometric(&mut self, h: f64) -> i64 {
        if h <= 0.0 {
            return i64::MAX / 4;
        }
        if h >= 1.0 {
            return 1;
        }
        let u = self.u().max(1e-300);
        ((u.ln() / (1.0 - h).ln()).floor() as i64 + 1).min(i64::MAX / 4)
    }

    pub(super) fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.u() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Counter-based stream for one person and week: the same draws whatever the parameters, so
/// the calibration compares like with like.
pub(super) struct WeekRng(pub(super) u64);

impl WeekRng {
    pub(super) fn new(seed: u64, person: u32, week: u32) -> WeekRng {
        WeekRng(hash3(seed, person as u64, week as u64))
    }

    pub(super) fn u(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(GOLDEN);
        (mix(self.0) >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }
}

pub(super) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}
