#!/bin/sh
# Usage: bench/reload.sh BINARY REPO_DIR
# Measures the reload gate: serve --corpus, then 6 SIGHUP reloads alternating
# two variants (one figure apart); each reload logs build and golden times.
set -e
BIN=$(realpath "$1"); REPO=$(realpath "$2"); D=$(mktemp -d); cd "$D"
cp "$REPO/seeds/liwan-2025.txt" a.txt
sed 's/托位总量超6500个/托位总量超6800个/' a.txt > b.txt
cp a.txt r.txt; cp "$REPO/seeds/liwan-2025.residents.jsonl" r.residents.jsonl
"$BIN" serve --no-telegram --http 127.0.0.1:0 --db off --state-file off --corpus r.txt --reload-poll 0 --log-format json 2> log &
P=$!; sleep 3
for i in 1 2 3 4 5 6; do
  if [ $((i % 2)) = 1 ]; then cp b.txt r.tmp; else cp a.txt r.tmp; fi; mv r.tmp r.txt
  kill -HUP $P; sleep 3
done
kill $P; wait $P || true
grep -o '"msg":"\(golden questions scored\|report reloaded\)[^"]*".*' log | grep -o '"accuracy":[0-9.]*\|"build":[0-9.e-]*\|"golden":[0-9.e-]*' | paste - - - 
rm -rf "$D"
