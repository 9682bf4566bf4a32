"""Baseline: merely parse dream.csv with polars' CSV reader (all cores, types given, no
inference), and nothing else. Usage: parse_polars.py EXTRACT_DIR"""

import csv
import sys

import polars as pl

path = f"{sys.argv[1]}/dream.csv"
with open(path, newline="") as f:
    header = next(csv.reader(f))
schema = {n: pl.Int16 if n.startswith("y_") else pl.Float32 if n.startswith("grad_") else pl.String for n in header}
df = pl.read_csv(path, schema=schema)
print(df.height, df.width)
