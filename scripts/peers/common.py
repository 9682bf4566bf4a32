"""What both peers share: the calendar of the extract (which weeks, which months) and the code
map, read from the files' headers and src/method/ydelseskoder.csv. Everything per person is
left to the engines; this only lays out the few hundred columns the queries are written over.

Weeks are numbered j = 0..W-1 over the ISO weeks whose Thursday falls in the months the
extract covers (first to last DREAM week's month, as `effektmaal compute` without --from/--to);
week j's Thursday is T0 + 7 j. A week without a y_ column has no code (as in effektmaal)."""

import csv
import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CODEMAP = os.path.join(HERE, "..", "..", "src", "method", "ydelseskoder.csv")

# Value of a person-week in the queries: 0 not counted (gone), 1 counted in the denominator
# only, 2 also in arbejdsduelige (ledig_jobparat), 3 in both numerators (job, uddannelse).
NUM_BOTH = ("job", "uddannelse")
NUM_ARB = ("ledig_jobparat",)
GONE = "udgaaet"


def iso_thursday(year, week):
    return dt.date.fromisocalendar(year, week, 4)


def dream_week(name):
    """y_YYWW -> Thursday date, or None."""
    if not name.startswith("y_") or len(name) != 6 or not name[2:].isdigit():
        return None
    yy, ww = int(name[2:4]), int(name[4:6])
    year = 1900 + yy if yy >= 91 else 2000 + yy
    return iso_thursday(year, ww)


def month_index(y, m):
    return y * 12 + m - 1


def month_of(index):
    return index // 12, index % 12 + 1


def last_day(y, m):
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


class Layout:
    def __init__(self, extract_dir):
        with open(os.path.join(extract_dir, "dream.csv"), newline="") as f:
            self.header = next(csv.reader(f))
        thursdays = {}
        self.grad = {}  # month index -> column
        for name in self.header:
            t = dream_week(name)
            if t is not None:
                thursdays[t] = name
            elif name.startswith("grad_") and len(name) == 12:
                self.grad[month_index(int(name[5:9]), int(name[10:12]))] = name
        first, last = min(thursdays), max(thursdays)
        self.m0 = month_index(first.year, first.month)
        self.m1 = month_index(last.year, last.month)
        # All weeks whose Thursday is in [first day of m0, last day of m1].
        y, m = month_of(self.m0)
        t = dt.date(y, m, 1)
        while t.weekday() != 3:
            t += dt.timedelta(days=1)
        self.t0 = t
        ly, lm = month_of(self.m1)
        end = last_day(ly, lm)
        self.weeks = []  # (j, thursday, month index, column or None)
        j = 0
        while t <= end:
            self.weeks.append((j, t, month_index(t.year, t.month), thursdays.get(t)))
            t += dt.timedelta(days=7)
            j += 1
        self.n_weeks = len(self.weeks)
        self.n_words = (self.n_weeks + 63) // 64
        self.months = list(range(self.m0, self.m1 + 1))
        self.weeks_in_month = {m: sum(1 for w in self.weeks if w[2] == m) for m in self.months}
        self.codes = codemap()

    def month_label(self, m):
        y, mm = month_of(m)
        return f"{y:04d}-{mm:02d}"


def codemap():
    """code -> value (0..3) for every code of the map and 997-999; other codes count as
    oevrige (value 1), as effektmaal counts unknown codes."""
    values = {}
    with open(CODEMAP, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            s = row["status"]
            values[int(row["kode"])] = 0 if s == GONE else 3 if s in NUM_BOTH else 2 if s in NUM_ARB else 1
    for c in (997, 998, 999):
        values.setdefault(c, 0)
    return values


def write_result(path, layout, rows):
    """rows: iterable of (kommune, month index, den_weeks, num_uj_weeks, num_arb_weeks).
    Writes full-time persons (weeks / weeks in the month) and shares, like `compute`."""
    out = []
    for k, m, den, n1, n2 in rows:
        wk = layout.weeks_in_month[m]
        for kpi, num in (("uddannelse_job", n1), ("arbejdsduelige", n2)):
            share = 100.0 * num / den if den else float("nan")
            out.append((kpi, layout.month_label(m), str(k), num / wk, den / wk, share))
    out.sort()
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kpi", "month", "kommune", "numerator", "denominator", "share_pct"])
        for kpi, month, k, num, den, share in out:
            w.writerow([kpi, month, k, f"{num:.4f}", f"{den:.4f}", f"{share:.6f}"])
