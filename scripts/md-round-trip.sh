#!/bin/sh
# Markdown round trip: .txt → html + md; the written .md → html; figures for both.
set -e
cd "$(dirname "$0")/.."
T=../shared/tools
OUT=${OUT:-/tmp/matn-md-round-trip}
rm -rf "$OUT/txt" "$OUT/md"
npx tsx src/cli/bin.ts build source/france-counter-terrorism.txt ../shared/corpus/*.txt -o $OUT/txt -f html,md -q
npx tsx src/cli/bin.ts build $OUT/txt/*.md -o $OUT/md -f html -q
for d in txt md; do python3 $T/structure_score.py $OUT/$d/france-counter-terrorism.html ../shared/gold/seed.json | tail -1; done
for n in france-counter-terrorism 02-sdg-goals-and-targets 03-tunisia-draft-constitution-2013 04-mozilla-marketplace-developer-agreement 05-mozilla-websites-privacy-notice 07-mozilla-websites-terms-of-use; do
  src=../shared/corpus/$n.txt; gold=test/fixtures/corpus/$n.tsv
  if [ $n = france-counter-terrorism ]; then src=source/$n.txt; gold=test/fixtures/roles/$n.tsv; fi
  for d in txt md; do echo "$d $(python3 $T/roles_score.py $src $OUT/$d/$n.html $gold | tail -1)"; done
  if [ $n = france-counter-terrorism ]; then python3 $T/fidelity.py $src $OUT/md/$n.html --drop حصة --drop "في نفس الموضوع" --drop "روابط هامة" | tail -1
  else python3 $T/fidelity.py $src $OUT/md/$n.html | tail -1; fi
  if cmp -s "$OUT/txt/$n.html" "$OUT/md/$n.html"; then echo "$n: the two HTML pages are identical"; else echo "$n: THE HTML PAGES DIFFER"; fi
done
