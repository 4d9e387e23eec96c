#!/usr/bin/env bash
# Runs every MlopsKit benchmark against its peer in the same run and prints one ratio line per case.
#   bench/run.sh            full sizes (1 GiB hash, 100k-file add/status, 10k x 100 kB push/pull); ~5-10 min
#   bench/run.sh --quick    small sizes, one run each; < 2 min
#   bench/run.sh tracking   only the named cases (hash, data, startup, tracking, serving); default: all of them
# Options: --work DIR (where data is generated; default a new folder in $TMPDIR, deleted at the end)
#          --mlops PATH (benchmark this mlops binary instead of publishing the work tree)
# Exit code: 0 when every goal is met, 1 when one is missed, 2 on a setup error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
quick=0
work_parent="${TMPDIR:-/tmp}"
mlops=""
cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --work) work_parent="$2"; shift ;;
    --mlops) mlops="$2"; shift ;;
    hash|data|startup|tracking|serving) cases+=("$1") ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#cases[@]} -gt 0 ]] || cases=(hash data startup tracking serving)
want() { [[ " ${cases[*]} " == *" $1 "* ]]; }

if want startup && ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine..." >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
  else sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq hyperfine >/dev/null; fi
fi
tools=(dotnet)
want hash && tools+=(md5sum)
want data && tools+=(git cp)
want startup && tools+=(hyperfine)
want tracking && tools+=(python3)
want serving && tools+=(wrk curl python3)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

mkdir -p "$work_parent"
work="$(mktemp -d "$work_parent/mlops-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -z "$mlops" ]] && { want data || want startup || want serving; }; then
  echo "publishing ReadyToRun mlops..." >&2
  dotnet publish "$repo/src/MlopsKit.Cli" -c Release -r linux-x64 --self-contained false -o "$work/mlops" -v quiet -nologo >&2
  mlops="$work/mlops/mlops"
fi

status=0
if [[ $quick -eq 1 ]]; then
  hash_args=(--size-mib 256 --runs 3)
  data_args=(--quick)
  startup_runs=10
  tracking_args=(--quick)
  serving_args=(--quick)
else
  hash_args=(--size-mib 1024 --runs 5)
  data_args=()
  startup_runs=30
  tracking_args=()
  serving_args=()
fi

# 1. Hashing: MlopsKit.IO.Md5Hasher.HashFile vs md5sum.
if want hash; then
  dotnet run -c Release "$here/hash-vs-md5sum.cs" -- "${hash_args[@]}" --dir "$work" || status=1
fi

# 2-4. add vs git add -A, status vs git status, push/pull vs cp -r.
if want data; then
  dotnet run -c Release "$here/data-vs-git.cs" -- --mlops "$mlops" --work "$work" "${data_args[@]}" || status=1
fi

# 5. Cold start of the ReadyToRun binary.
if want startup; then
  hyperfine -N --warmup 3 --runs "$startup_runs" --export-json "$work/startup.json" "$mlops --version" >/dev/null 2>&1
  median_s="$(grep -o '"median": *[0-9.e+-]*' "$work/startup.json" | head -1 | sed 's/.*: *//')"
  median_ms="$(awk -v s="$median_s" 'BEGIN { printf "%.0f", s * 1000 }')"
  if [[ "$median_ms" -lt 150 ]]; then verdict=ok; else verdict=MISSED; status=1; fi
  echo "startup mlops --version (ReadyToRun): median ${median_ms} ms (goal < 150 ms; hyperfine, ${startup_runs} runs) $verdict"
fi

# 6-10. Tracking on the SQLite store: batched, fluent and single metric logging (peer: python3 sqlite3), search, ToDataFrame.
if want tracking; then
  dotnet run -c Release "$here/tracking.cs" -- --work "$work" "${tracking_args[@]}" || status=1
fi

# 11-17. Serving: the scorer in-process (LoadedModelScorer vs PooledScorer), then wrk against mlops models serve
# (/invocations, /predict, /v2 infer, 1,000-row batch), bare Kestrel, the tutorial's Flask app and gunicorn.
if want serving; then
  dotnet run -c Release "$here/scorer.cs" -- "${serving_args[@]}" || status=1
  "$here/serving.sh" --mlops "$mlops" --work "$work" "${serving_args[@]}" || status=1
fi

exit $status
