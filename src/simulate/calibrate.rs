//! Fitting the time-varying levels θ (job finding and loss) and φ (jobparat or aktivitetsparat)
//! knot by knot so that the generated files give the published August figures.

use super::calendar::Cal;
use super::chain::{Ctx, MonthParams, St, init_state};
use super::options::{KOMMUNE, lj_target, uj_target};
use super::population::Person;
use super::run::run_segment;
use crate::method::codemap::CodeStatus;
use crate::method::status::{Kpi, Status};

/// θ and φ per month from the knots (piecewise linear, constant outside).
pub(super) fn month_params(cal: &Cal, knots: &[usize], theta: &[f64], phi: &[f64]) -> Vec<MonthParams> {
    (0..cal.months.len())
        .map(|mi| {
            let interp = |v: &[f64]| -> f64 {
                if knots.is_empty() {
                    return 0.0;
                }
                if mi <= knots[0] {
                    return v[0];
                }
                for j in 1..knots.len() {
                    if mi <= knots[j] {
                        let f = (mi - knots[j - 1]) as f64 / (knots[j] - knots[j - 1]) as f64;
                        return v[j - 1] + f * (v[j] - v[j - 1]);
                    }
                }
                v[v.len() - 1]
            };
            let th = interp(theta) as f32;
            let ph = interp(phi) as f32;
            MonthParams { e_theta: th.exp(), e_mtheta: (-th).exp(), phi: ph, e_phi: ph.exp(), e_mphi: (-ph).exp() }
        })
        .collect()
}

pub(super) struct Calibrated {
    pub(super) knots: Vec<usize>,
    pub(super) theta: Vec<f64>,
    pub(super) phi: Vec<f64>,
}

/// Fits θ and φ knot by knot (see the module documentation).
/// The next point of a Newton step on the Jacobian `jac` (reset to `j_default` when it is
/// near singular or has lost its expected signs), the step clamped.
fn newton_step(jac: &mut [[f64; 2]; 2], j_default: [[f64; 2]; 2], x: [f64; 2], f: [f64; 2]) -> [f64; 2] {
    let det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
    if det.abs() < 1e-3 || jac[0][0] < 0.3 || jac[1][1] < 0.1 {
        *jac = j_default;
    }
    let det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
    let mut dx = [-(jac[1][1] * f[0] - jac[0][1] * f[1]) / det, -(-jac[1][0] * f[0] + jac[0][0] * f[1]) / det];
    dx[0] = dx[0].clamp(-0.6, 0.6);
    dx[1] = dx[1].clamp(-1.5, 1.5);
    [(x[0] + dx[0]).clamp(-3.0, 3.0), (x[1] + dx[1]).clamp(-5.0, 5.0)]
}

/// Broyden's update of the Jacobian after a step `dx` that changed the residuals by `df`.
fn broyden(jac: &mut [[f64; 2]; 2], dx: [f64; 2], df: [f64; 2]) {
    let dd = dx[0] * dx[0] + dx[1] * dx[1];
    for (row, dfi) in jac.iter_mut().zip(df) {
        let pred = row[0] * dx[0] + row[1] * dx[1];
        row[0] += (dfi - pred) * dx[0] / dd;
        row[1] += (dfi - pred) * dx[1] / dd;
    }
}

pub(super) fn calibrate(persons: &[Person], cal: &Cal, seed: u64, status_of: &[Option<CodeStatus>]) -> Calibrated {
    let knots: Vec<usize> =
        (cal.out_months.start..cal.months.len()).filter(|&mi| cal.months[mi].month.month == 8).collect();
    let k = knots.len();
    let mut theta = vec![0.0; k];
    let mut phi = vec![0.0; k];
    if k == 0 || persons.is_empty() {
        return Calibrated { knots, theta, phi };
    }
    let mp0 = month_params(cal, &knots, &theta, &phi);
    let ctx0 = Ctx { cal, seed, status_of, kommune: KOMMUNE, mp: &mp0 };
    let mut states: Vec<St> = persons.iter().map(|p| init_state(p, p.index, &ctx0)).collect();
    // Jacobian of (uddannelse_job, ledig_jobparat) in pp with respect to (θ, φ).
    let j_default: [[f64; 2]; 2] = [[4.0, 0.3], [-1.0, 1.2]];
    let mut jac = j_default;
    let mut seg_start = 0usize;
    for j in 0..k {
        let knot = knots[j];
        let year = cal.months[knot].month.year;
        let target = [uj_target(year), lj_target(year)];
        let snapshot = states.clone();
        let eval = |x: [f64; 2], theta: &mut Vec<f64>, phi: &mut Vec<f64>| -> ([f64; 2], Vec<St>) {
            for v in theta.iter_mut().skip(j) {
                *v = x[0];
            }
            for v in phi.iter_mut().skip(j) {
                *v = x[1];
            }
            let mp = month_params(cal, &knots, theta, phi);
            let ctx = Ctx { cal, seed, status_of, kommune: KOMMUNE, mp: &mp };
            let mut st = snapshot.clone();
            let counts = run_segment(persons, &mut st, seg_start..knot + 1, &ctx);
            let c = &counts[knot - seg_start];
            let f = [c.share(Kpi::UddannelseJob) - target[0], c.status_share(Status::LedigJobparat) - target[1]];
            (f, st)
        };
        let mut x = if j == 0 { [0.0, 0.0] } else { [theta[j - 1], phi[j - 1]] };
        let (mut f, mut st) = eval(x, &mut theta, &mut phi);
        if f[0].is_nan() || f[1].is_nan() {
            states = st;
            seg_start = knot + 1;
            continue;
        }
        let mut best = (x, f, st.clone());
        let score = |f: &[f64; 2]| f[0].abs() + 0.5 * f[1].abs();
        for _ in 0..10 {
            if f[0].abs() < 0.01 && f[1].abs() < 0.02 {
                break;
            }
            let x_new = newton_step(&mut jac, j_default, x, f);
            let dx = [x_new[0] - x[0], x_new[1] - x[1]];
            if dx[0].abs() + dx[1].abs() < 1e-9 {
                break;
            }
            let (f_new, st_new) = eval(x_new, &mut theta, &mut phi);
            broyden(&mut jac, dx, [f_new[0] - f[0], f_new[1] - f[1]]);
            x = x_new;
            f = f_new;
            st = st_new;
            if score(&f) < score(&best.1) {
                best = (x, f, st.clone());
            }
        }
        for v in theta.iter_mut().skip(j) {
            *v = best.0[0];
        }
        for v in phi.iter_mut().skip(j) {
            *v = best.0[1];
        }
        states = best.2;
        seg_start = knot + 1;
    }
    Calibrated { knots, theta, phi }
}
