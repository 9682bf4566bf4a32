//! Running persons through months: the chain week by week, the monthly employment degree, and
//! the method's counts; in parallel over persons.

use super::chain::{Ctx, St, WeekOut};
use super::measure::{MonthCounts, count_month};
use super::population::Person;
use super::rng::hash3;
use super::transition::step;
use std::ops::Range;

/// Employment degree of a month in hundredths, from the weeks' employment.
pub(super) fn grad_of(seed: u64, pi: u32, month: usize, emp_sum: u32, weeks: usize) -> u8 {
    if emp_sum == 0 {
        return 0;
    }
    let noise = 0.9 + 0.1 * ((hash3(seed ^ 0x6AD, pi as u64, month as u64) >> 40) as f64 / (1u64 << 24) as f64);
    let g = (emp_sum as f64 / weeks as f64 * noise).round().clamp(1.0, 100.0);
    g as u8
}

/// What the final run records for the output.
#[derive(Default)]
pub(super) struct Rec {
    pub(super) codes: Vec<u16>,
    pub(super) enrolled: Vec<bool>,
    pub(super) grads: Vec<u8>,
    /// The education spell's start when enrolled in the first output week.
    pub(super) edu_start_first: i32,
    /// The planned end when enrolled in the last output week.
    pub(super) until_last: i32,
}

/// Runs one person through `months`, adding the method's counts for each month to `counts`
/// (indexed from `months.start`).
pub(super) fn run_person(
    p: &Person,
    pi: u32,
    st: &mut St,
    months: Range<usize>,
    ctx: &Ctx,
    counts: &mut [MonthCounts],
    mut rec: Option<&mut Rec>,
) {
    let cal = ctx.cal;
    let m0 = months.start;
    for mi in months {
        let m = &cal.months[mi];
        let mut outs = [WeekOut::default(); 6];
        let n = m.weeks.len();
        let mut emp_sum = 0u32;
        for (k, t) in m.weeks.clone().enumerate() {
            let o = step(p, pi, st, t, ctx);
            emp_sum += o.emp as u32;
            outs[k] = o;
            if let Some(rec) = rec.as_deref_mut() {
                if t == cal.out_weeks.start && o.enrolled {
                    rec.edu_start_first = st.edu_start;
                }
                if t + 1 == cal.out_weeks.end && o.enrolled {
                    rec.until_last = st.until;
                }
            }
        }
        let grad = if p.no_dream { 0 } else { grad_of(ctx.seed, pi, mi, emp_sum, n) };
        if let Some(rec) = rec.as_deref_mut()
            && cal.out_months.contains(&mi)
        {
            for o in &outs[..n] {
                rec.codes.push(o.code);
                rec.enrolled.push(o.enrolled);
            }
            rec.grads.push(grad);
        }
        count_month(p, &cal.months[mi], &outs[..n], grad, ctx, &mut counts[mi - m0]);
    }
}

pub(super) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8)
}

/// Runs all persons through `months` from `states`, in parallel; returns the summed counts.
pub(super) fn run_segment(persons: &[Person], states: &mut [St], months: Range<usize>, ctx: &Ctx) -> Vec<MonthCounts> {
    let n_months = months.len();
    let n = persons.len();
    if n == 0 {
        return vec![MonthCounts::default(); n_months];
    }
    let chunk = n.div_ceil(threads());
    let results: Vec<Vec<MonthCounts>> = std::thread::scope(|s| {
        let handles: Vec<_> = persons
            .chunks(chunk)
            .zip(states.chunks_mut(chunk))
            .map(|(ps, sts)| {
                let months = months.clone();
                s.spawn(move || {
                    let mut counts = vec![MonthCounts::default(); n_months];
                    for (p, st) in ps.iter().zip(sts.iter_mut()) {
                        run_person(p, p.index, st, months.clone(), ctx, &mut counts, None);
                    }
                    counts
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut total = vec![MonthCounts::default(); n_months];
    for r in results {
        for (a, b) in total.iter_mut().zip(&r) {
            a.add(b);
        }
    }
    total
}
