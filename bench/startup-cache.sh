#!/bin/bash
# Start-up and per-question cost, the branch point's test binary (old) against
# this branch's (new), alternately, so that the shared machine's drift falls
# on both. Build the binaries first:
#   git worktree add /tmp/oldwt BRANCH_POINT && (cd /tmp/oldwt && go test -c -o /tmp/su-old.test ./search)   (or build it at the branch point before changing anything)
#   go test -c -o /tmp/su-new.test ./search
#   bench/startup-cache.sh
# Raw output goes to bench/cache-*-{old,new}.txt; the new binary's
# BenchmarkNewUncached (New building its index, as for a report the cache
# lacks) runs beside its BenchmarkNew.
set -e
cd "$(dirname "$0")/../search"
out=../bench
rounds=${ROUNDS:-8}
for i in $(seq $rounds); do for V in old new; do
  uptime >> $out/cache-load.txt
  /tmp/su-$V.test -test.run '^$' -test.bench 'BenchmarkNew$|BenchmarkNewUncached$|BenchmarkParseAndNew$' -test.benchtime 20x -test.cpu 1 -test.benchmem >> $out/cache-new-$V.txt
  /tmp/su-$V.test -test.run '^$' -test.bench 'BenchmarkNewFresh$' -test.benchtime 10x -test.cpu 1,2 >> $out/cache-fresh-$V.txt
done; done
for i in $(seq ${ANSWER_ROUNDS:-5}); do for V in old new; do
  uptime >> $out/cache-load.txt
  /tmp/su-$V.test -test.run '^$' -test.bench 'BenchmarkAnswer/report=real|BenchmarkQuestionMix/report=real' -test.benchtime 1s -test.cpu 1 -test.benchmem >> $out/cache-answer-$V.txt
done; done
