#!/bin/bash
# Start-up and per-question cost, the parent's test binary (old) against this
# one's (new), run alternately so that the shared machine's drift falls on both.
#   git checkout PARENT && go test -c -o /tmp/startup-old.test ./search
#   git checkout BRANCH && go test -c -o /tmp/startup-new.test ./search
#   bench/startup.sh && cd bench && benchstat old=startup-new-old.txt new=startup-new-new.txt
set -e
cd "$(dirname "$0")/../search"
out=../bench
for i in $(seq 8); do for V in old new; do
  /tmp/startup-$V.test -test.run '^$' -test.bench 'BenchmarkNew$' -test.benchtime 20x -test.cpu 1,2 -test.benchmem >> $out/startup-new-$V.txt
  /tmp/startup-$V.test -test.run '^$' -test.bench 'BenchmarkNewFresh$' -test.benchtime 10x -test.cpu 1,2 >> $out/startup-fresh-$V.txt
done; done
for i in $(seq 5); do for V in old new; do
  /tmp/startup-$V.test -test.run '^$' -test.bench 'BenchmarkAnswer/report=real' -test.benchtime 1s -test.cpu 1 -test.benchmem >> $out/startup-answer-$V.txt
done; done
