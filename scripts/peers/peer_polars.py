"""effektmaal's two targets for every municipality and month, in polars (lazy, streaming).

Usage: peer_polars.py EXTRACT_DIR OUT.csv

The same formulation as peer_duckdb.py: residence and education spells become per-person
bitmasks of weeks (UInt64 words; "the spell that began last wins" by and-not of the later
spells' masks; the age rule folded in as a week range), then one streaming pass over DREAM,
joined to the masks, classifies every week column in place: a lookup table (code -> 0/1/9/73,
3-bit fields for denominator / +arbejdsduelige / +uddannelse_job) gathered by the code, the
fallback (education bit, degree > 0) where there is no code, 0 outside residence. A month's
columns are added, the sums unpacked and summed per municipality."""

import os
import sys

import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Layout, write_result  # noqa: E402

ONES = (1 << 64) - 1
PACK = (0, 1, 9, 73)
LO = pl.Series([(ONES << a) & ONES for a in range(64)], dtype=pl.UInt64)  # bits a..63
HI = pl.Series([ONES >> (63 - b) for b in range(64)], dtype=pl.UInt64)  # bits 0..b


def range_words(a, b, words):
    """UInt64 words of the bitmask of weeks [a, b] (Int32 expressions)."""
    out = []
    for k in range(words):
        lo, hi = 64 * k, 64 * k + 63
        aa = pl.max_horizontal(a, pl.lit(lo)) - lo
        bb = pl.min_horizontal(b, pl.lit(hi)) - lo
        out.append(
            pl.when(aa > bb)
            .then(pl.lit(0, pl.UInt64))
            .otherwise(pl.lit(LO).gather(aa.clip(0, 63)) & pl.lit(HI).gather(bb.clip(0, 63)))
        )
    return out


def week_ceil(date, t0):
    return ((date - pl.lit(t0)).dt.total_days() / 7).ceil().cast(pl.Int32)


def week_floor(date, t0):
    return ((date - pl.lit(t0)).dt.total_days() / 7).floor().cast(pl.Int32)


def first_day(mi):
    return pl.date(mi // 12, mi % 12 + 1, 1)


def turns(n):
    """Month index in which the person is n on the month's last day for the first time."""
    y = pl.col("foedselsdato").dt.year().cast(pl.Int32) + n
    m = pl.col("foedselsdato").dt.month().cast(pl.Int32)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    extra = ((m == 2) & (pl.col("foedselsdato").dt.day() == 29) & ~leap).cast(pl.Int32)
    return y * 12 + m - 1 + extra


def query(d, L):
    W, K = L.n_weeks, L.n_words
    t0, end = L.t0, L.weeks[-1][1]
    pop = pl.scan_csv(
        f"{d}/befolkning.csv",
        schema={"pnr": pl.String, "foedselsdato": pl.Date, "koen": pl.String, "herkomst": pl.String,
                "oprindelse": pl.String, "kommune": pl.Int32, "omraade": pl.String, "fra": pl.Date,
                "til": pl.Date},
    ).with_row_index("line")
    spells = pop.select(
        "pnr", "kommune", "fra", "line",
        *[w.alias(f"s{k}") for k, w in enumerate(range_words(
            week_ceil(pl.col("fra"), t0), week_floor(pl.col("til").fill_null(end), t0), K))],
        *[w.alias(f"a{k}") for k, w in enumerate(range_words(
            week_ceil(first_day(turns(16)), t0).clip(0, W),
            week_floor(first_day(turns(67)) - pl.duration(days=1), t0).clip(-1, W - 1), K))],
    )
    # The later spells' masks, for persons with more than one spell.
    multi = spells.filter(pl.len().over("pnr") > 1).select("pnr", "fra", "line", *[f"s{k}" for k in range(K)])
    later = (
        multi.join(multi, on="pnr", suffix="_j")
        .filter((pl.col("fra_j") > pl.col("fra")) | ((pl.col("fra_j") == pl.col("fra")) & (pl.col("line_j") > pl.col("line"))))
        .group_by("line")
        .agg(*[pl.col(f"s{k}_j").bitwise_or().alias(f"l{k}") for k in range(K)])
    )
    res = (
        spells.join(later, on="line", how="left")
        .select("pnr", "kommune", *[
            (pl.col(f"s{k}") & ~pl.col(f"l{k}").fill_null(0) & pl.col(f"a{k}")).alias(f"r{k}") for k in range(K)])
        .group_by("pnr", "kommune")
        .agg(*[pl.col(f"r{k}").bitwise_or() for k in range(K)])
        .filter(pl.any_horizontal(*[pl.col(f"r{k}") != 0 for k in range(K)]))
    )
    edu = (
        pl.scan_csv(f"{d}/uddannelse.csv", schema={"pnr": pl.String, "fra": pl.Date, "til": pl.Date})
        .select("pnr", *[w.alias(f"e{k}") for k, w in enumerate(range_words(
            week_ceil(pl.col("fra"), t0), week_floor(pl.col("til").fill_null(end), t0), K))])
        .group_by("pnr")
        .agg(*[pl.col(f"e{k}").bitwise_or() for k in range(K)])
    )
    person = res.join(edu, on="pnr", how="left").with_columns(
        *[pl.col(f"e{k}").fill_null(0) for k in range(K)])

    schema = {"pnr": pl.String}
    for name in L.header[1:]:
        schema[name] = pl.Int16 if name.startswith("y_") else pl.Float32 if name.startswith("grad_") else pl.String
    dream = pl.scan_csv(f"{d}/dream.csv", schema=schema)
    used = ["pnr"] + [w[3] for w in L.weeks if w[3]] + [L.grad[m] for m in L.months if m in L.grad]
    dream = dream.select(used)

    lut = pl.lit(pl.Series([PACK[L.codes.get(c, 1)] for c in range(1000)], dtype=pl.UInt16))
    month_sums = []
    for m in L.months:
        g = L.grad.get(m)
        terms = []
        for j, _, wm, col in L.weeks:
            if wm != m:
                continue
            word, bit = divmod(j, 64)
            inres = (pl.col(f"r{word}") & pl.lit(1 << bit, pl.UInt64)) != 0
            fb = (pl.col(f"e{word}") & pl.lit(1 << bit, pl.UInt64)) != 0
            if g:
                fb = fb | (pl.col(g) > 0)
            nocode = pl.when(fb).then(pl.lit(PACK[3], pl.UInt16)).otherwise(pl.lit(PACK[1], pl.UInt16))
            v = nocode if col is None else pl.when(pl.col(col).is_null()).then(nocode).otherwise(lut.gather(pl.col(col)))
            terms.append(pl.when(inres).then(v).otherwise(pl.lit(0, pl.UInt16)))
        month_sums.append(pl.sum_horizontal(terms).alias(f"p{m}"))
    aggs = []
    for m in L.months:
        p = pl.col(f"p{m}").cast(pl.Int64)
        aggs += [(p & 7).sum().alias(f"d{m}"), ((p // 8) & 7).sum().alias(f"b{m}"), (p // 64).sum().alias(f"a{m}")]
    return person.join(dream, on="pnr", how="left").select("kommune", *month_sums).group_by("kommune").agg(aggs)


def main():
    d, out = sys.argv[1], sys.argv[2]
    L = Layout(d)
    df = query(os.path.abspath(d), L).collect(engine="streaming")
    result = []
    for r in df.iter_rows(named=True):
        for m in L.months:
            result.append((r["kommune"], m, r[f"d{m}"], r[f"a{m}"], r[f"b{m}"]))
    write_result(out, L, result)


if __name__ == "__main__":
    main()
