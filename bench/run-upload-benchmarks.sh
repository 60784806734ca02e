#!/usr/bin/env bash
# Builds the benchmarks and runs the upload ones (about 8 minutes on 2 cores), writing the output to
# target/upload-results-<time>.txt as well. Needs a JDK 17, Maven and curl; big temporary files go to /tmp and are
# deleted. See README.md.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package
out="target/upload-results-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) on $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx256m -cp target/benchmarks.jar net.mobilemessaging.bench.TransferBench put get heap
  java -Xmx48m -cp target/benchmarks.jar net.mobilemessaging.bench.TransferBench heap
  java -jar target/benchmarks.jar 'SlotIssueBench|SlotPolicyBench'
  echo "# done $(date -u), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | grep -v ' INFO ' | tee "$out"
