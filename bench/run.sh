#!/usr/bin/env bash
# Benchmark: generate N customers, then time a full `run` for the last generated day, then
# the model job alone (its own peak memory). Prints wall time and peak resident memory (from
# GNU time) of each step, and appends a line to bench/results.csv.
# Usage: bench/run.sh CUSTOMERS [DAYS]; BENCH_REUSE_RAW=1 keeps an already generated landing
# zone of the same size (the generator is deterministic) and only redoes the lake.
# Needs a built checkout (./mvnw -B package -DskipTests) and /usr/bin/time (Debian: time).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
customers="${1:?usage: bench/run.sh CUSTOMERS [DAYS]}"
days="${2:-730}"
end_date="2026-06-30"
work="${BENCH_DIR:-$home/bench/work}/$customers"
if [ "${BENCH_REUSE_RAW:-0}" = 1 ] && [ -f "$work/raw/_manifest.json" ] && [ -f "$work/generate.time" ]; then
  rm -rf "$work/warehouse"
else
  rm -rf "$work"
fi
mkdir -p "$work"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null
fi

measure() {  # label, command...: prints "label seconds peak_kib"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out" 2> "$work/$label.err"
  read -r seconds kib < "$work/$label.time"
  echo "$label $seconds $kib"
}

if [ -f "$work/raw/_manifest.json" ] && [ -f "$work/generate.time" ]; then
  read -r seconds kib < "$work/generate.time"
  gen="generate $seconds $kib"
else
  gen=$(measure generate "$home/bin/engagement" generate --out "$work/raw" --customers "$customers" --days "$days" --end-date "$end_date")
fi
rows=$(sed -n 's/.*"total_rows" *: *\([0-9]*\).*/\1/p' "$work/raw/_manifest.json")
cat > "$work/bench.yaml" <<YAML
extends: $home/conf/local.yaml
lake:
  raw: raw
  root: warehouse
YAML
run=$(measure run "$home/bin/engagement" run --as-of "$end_date" --conf "$work/bench.yaml")
model=$(measure model "$home/bin/engagement" run model_clv --as-of "$end_date" --conf "$work/bench.yaml")
read -r _ gen_seconds gen_kib <<< "$gen"
read -r _ run_seconds run_kib <<< "$run"
read -r _ model_seconds model_kib <<< "$model"
per_million=$(awk -v s="$run_seconds" -v r="$rows" 'BEGIN { printf "%.1f", s / (r / 1000000) }')
echo "customers=$customers days=$days landed_rows=$rows"
echo "generate: ${gen_seconds}s peak ${gen_kib} KiB"
echo "run:      ${run_seconds}s peak ${run_kib} KiB  (${per_million} s per million landed rows)"
grep -E "succeeded in" "$work/run.err" | sed 's/^/  /'
echo "model_clv alone: ${model_seconds}s peak ${model_kib} KiB ($(grep -E 'succeeded in' "$work/model.err" | sed 's/.*succeeded in/job/'))"
results="$home/bench/results.csv"
[ -f "$results" ] || echo "date,commit,customers,days,landed_rows,generate_seconds,generate_peak_kib,run_seconds,run_peak_kib,run_seconds_per_million_rows,driver_memory,model_job_seconds,model_job_peak_kib" > "$results"
echo "$(date -u +%F),$(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo -),$customers,$days,$rows,$gen_seconds,$gen_kib,$run_seconds,$run_kib,$per_million,${ENGAGEMENT_DRIVER_MEMORY:-4g},$model_seconds,$model_kib" >> "$results"
