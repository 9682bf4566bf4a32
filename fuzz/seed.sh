#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target, in fuzz/corpus/TARGET, from the files of
# tests/corpus and tests/fixtures: whole files for `csv`, every distinct cell and column name
# for `fields` and `calendar`, and every extract directory joined into one input for `load`.
set -euo pipefail
cd "$(dirname "$0")"
root=..
marker=$'\n#--next-file--#\n'
mapfile -t files < <(find "$root/tests/corpus" "$root/tests/fixtures" -type f -name '*.csv' | LC_ALL=C sort)
mkdir -p corpus/csv corpus/fields corpus/calendar corpus/load
for f in "${files[@]}"; do
    cp "$f" "corpus/csv/$(sha1sum <"$f" | cut -c1-16)"
done
cat "${files[@]}" | tr ',;\t\r' '\n\n\n\n' | LC_ALL=C sort -u | while IFS= read -r v; do
    name=$(printf '%s' "$v" | sha1sum | cut -c1-16)
    printf '%s' "$v" >"corpus/fields/$name"
    printf '%s' "$v" >"corpus/calendar/$name"
done
for d in "$root"/tests/corpus/*/ "$root"/tests/fixtures/*/; do
    out="corpus/load/$(basename "$d")"
    : >"$out"
    sep=""
    for n in befolkning dream uddannelse beskaeftigelse ydelseskoder; do
        printf '%s' "$sep" >>"$out"
        sep=$marker
        if [ -f "$d/$n.csv" ]; then cat "$d/$n.csv" >>"$out"; fi
    done
done
for t in csv fields calendar load; do
    echo "corpus/$t: $(find "corpus/$t" -type f | wc -l) seeds"
done
