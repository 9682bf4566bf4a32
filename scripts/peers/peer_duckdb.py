"""effektmaal's two targets for every municipality and month, in DuckDB SQL.

Usage: peer_duckdb.py EXTRACT_DIR OUT.csv [THREADS]

One query. Residence and education spells become per-person bitmasks of weeks (4 x 64 bits
for 4 years), with the "spell that began last wins" rule as a window bit_or over the later
spells, and the age rule (16-66 on the month's last day) as a week range folded into the
residence mask. DREAM is then read once, streaming, joined to those masks, and every week
column is classified in place (no unpivot): a CASE per column gives 0/1/9/73 (not counted /
denominator / +arbejdsduelige / +uddannelse_job, packed in 3-bit fields), the columns of a
month are added, and the month sums are unpacked into per-municipality aggregates."""

import os
import sys

import duckdb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Layout, write_result  # noqa: E402

PACK = {0: 0, 1: 1, 2: 1 + 8, 3: 1 + 8 + 64}


def range_words(a, b, words):
    """SQL for the words of the bitmask of weeks [a, b] (SQL expressions), as UBIGINTs."""
    out = []
    for k in range(words):
        lo, hi = 64 * k, 64 * k + 63
        aa, bb = f"greatest({a}, {lo})", f"least({b}, {hi})"
        out.append(
            f"CASE WHEN {aa} > {bb} THEN 0::UBIGINT ELSE "
            f"((~0::UBIGINT) >> (63 - ({bb} - {lo}))) & ~((1::UBIGINT << ({aa} - {lo})) - 1::UBIGINT) END"
        )
    return out


def week_of(date_sql, t0, ceil):
    f = "ceil" if ceil else "floor"
    return f"CAST({f}((({date_sql}) - DATE '{t0}') / 7.0) AS INTEGER)"


def query(d, L):
    W, K = L.n_weeks, L.n_words
    t0 = L.t0.isoformat()
    end = L.weeks[-1][1].isoformat()
    m0y, m0m = divmod(L.m0, 12)

    def first_day(mi):
        return f"make_date(CAST(({mi}) // 12 AS INTEGER), CAST(({mi}) % 12 + 1 AS INTEGER), 1)"

    # Month index in which the person turns n on or before the month's last day: the birthday
    # month, or the next one for a 29 February birthday in a year without one.
    def turns(n):
        y = f"(year(foedselsdato) + {n})"
        leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
        extra = f"CASE WHEN month(foedselsdato) = 2 AND day(foedselsdato) = 29 AND NOT {leap} THEN 1 ELSE 0 END"
        return f"({y} * 12 + month(foedselsdato) - 1 + {extra})"

    rw = range_words("lo", "hi", K)
    aw = range_words("alo", "ahi", K)
    ew = range_words("lo", "hi", K)
    codes = L.codes
    by_val = {v: sorted(c for c, x in codes.items() if x == v) for v in (0, 2, 3)}

    def cls(col, j, m):
        word, bit = divmod(j, 64)
        inres = f"(r{word} & {1 << bit}::UBIGINT) <> 0"
        g = L.grad.get(m)
        fallback = f"(e{word} & {1 << bit}::UBIGINT) <> 0" + (f" OR {g} > 0" if g else "")
        if col is None:
            return f"CASE WHEN {inres} THEN CASE WHEN {fallback} THEN {PACK[3]} ELSE {PACK[1]} END ELSE 0 END"
        parts = [f"WHEN {col} IS NULL THEN CASE WHEN {fallback} THEN {PACK[3]} ELSE {PACK[1]} END"]
        # Gone first; then cheap range tests before the IN lists, since most codes lie above
        # the largest code of the lists (the IN lists cost most of the query).
        if by_val[0] == list(range(by_val[0][0], 1000)):
            parts.append(f"WHEN {col} >= {by_val[0][0]} THEN 0")
        elif by_val[0]:
            parts.append(f"WHEN {col} IN ({', '.join(map(str, by_val[0]))}) THEN 0")
        for v in (3, 2):
            if by_val[v]:
                rest = [c for w in (3, 2) if w <= v for c in by_val[w]]
                parts.append(f"WHEN {col} > {max(rest)} THEN {PACK[1]}")
                parts.append(f"WHEN {col} IN ({', '.join(map(str, by_val[v]))}) THEN {PACK[v]}")
        return f"CASE WHEN NOT ({inres}) THEN 0 {' '.join(parts)} ELSE {PACK[1]} END"

    month_sums = []
    for m in L.months:
        terms = [cls(col, j, m) for j, _, wm, col in L.weeks if wm == m]
        month_sums.append(f"({' + '.join(terms)}) AS p{m}")
    aggs = []
    for m in L.months:
        aggs += [f"sum(p{m} & 7) AS d{m}", f"sum((p{m} >> 3) & 7) AS b{m}", f"sum(p{m} >> 6) AS a{m}"]
    dream_cols = ["pnr: 'VARCHAR'"]
    for name in L.header[1:]:
        if name.startswith("y_"):
            dream_cols.append(f"{name}: 'SMALLINT'")
        elif name.startswith("grad_"):
            dream_cols.append(f"{name}: 'DOUBLE'")
        else:
            dream_cols.append(f"{name}: 'VARCHAR'")
    rwords = ", ".join(f"bit_or({w}) OVER later AS l{k}" for k, w in enumerate(rw))
    return f"""
WITH pop AS (
    SELECT pnr, kommune, fra, row_number() OVER () AS line,
        {week_of('fra', t0, True)} AS lo,
        {week_of(f"coalesce(til, DATE '{end}')", t0, False)} AS hi,
        {turns(16)} AS m16, {turns(67)} - 1 AS m66, foedselsdato
    FROM read_csv('{d}/befolkning.csv', header = true, auto_detect = false,
        columns = {{pnr: 'VARCHAR', foedselsdato: 'DATE', koen: 'VARCHAR', herkomst: 'VARCHAR',
                   oprindelse: 'VARCHAR', kommune: 'SMALLINT', omraade: 'VARCHAR', fra: 'DATE', til: 'DATE'}})
), spell AS (
    SELECT pnr, kommune,
        {', '.join(f'{w} AS s{k}' for k, w in enumerate(rw))},
        {rwords},
        greatest(0, {week_of(first_day('m16'), t0, True)}) AS alo,
        least({W - 1}, {week_of(f"{first_day('m66 + 1')} - 1", t0, False)}) AS ahi
    FROM pop
    WINDOW later AS (PARTITION BY pnr ORDER BY fra, line ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
), res AS (
    SELECT pnr, kommune, {', '.join(f'bit_or(s{k} & ~coalesce(l{k}, 0::UBIGINT) & {aw[k]}) AS r{k}' for k in range(K))}
    FROM spell GROUP BY pnr, kommune
), edu AS (
    SELECT pnr, {', '.join(f'bit_or({w}) AS e{k}' for k, w in enumerate(ew))}
    FROM (SELECT pnr, {week_of('fra', t0, True)} AS lo, {week_of(f"coalesce(til, DATE '{end}')", t0, False)} AS hi
          FROM read_csv('{d}/uddannelse.csv', header = true, auto_detect = false,
                        columns = {{pnr: 'VARCHAR', fra: 'DATE', til: 'DATE'}}))
    GROUP BY pnr
), person AS (
    SELECT res.pnr, kommune, {', '.join(f'r{k}' for k in range(K))},
        {', '.join(f'coalesce(e{k}, 0::UBIGINT) AS e{k}' for k in range(K))}
    FROM res LEFT JOIN edu USING (pnr)
    WHERE {' OR '.join(f'r{k} <> 0' for k in range(K))}
), packed AS (
    SELECT kommune, {', '.join(month_sums)}
    FROM person LEFT JOIN read_csv('{d}/dream.csv', header = true, auto_detect = false,
        columns = {{{', '.join(dream_cols)}}}) dream USING (pnr)
)
SELECT kommune, {', '.join(aggs)} FROM packed GROUP BY kommune
"""


def main():
    d, out = sys.argv[1], sys.argv[2]
    L = Layout(d)
    con = duckdb.connect()
    if len(sys.argv) > 3:
        con.execute(f"SET threads = {int(sys.argv[3])}")
    rows = con.execute(query(os.path.abspath(d), L)).fetchall()
    result = []
    for r in rows:
        k = r[0]
        for i, m in enumerate(L.months):
            den, arb, uj = r[1 + 3 * i], r[2 + 3 * i], r[3 + 3 * i]
            result.append((k, m, den, uj, arb))
    write_result(out, L, result)


if __name__ == "__main__":
    main()
