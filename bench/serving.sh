#!/usr/bin/env bash
# Serving throughput and latency with wrk: `mlops models serve` against a bare Kestrel endpoint (the ceiling) and the tutorial's
# Flask app (Flask's development server, and gunicorn with 2 workers), one-row requests, one table with ratios to bare Kestrel.
#   bench/serving.sh                      10 s per row after a 3 s warm-up, wrk -t2 -c16
#   bench/serving.sh --quick              3 s per row after a 1 s warm-up
# Options: --duration S, --warmup S, --connections N, --threads N
#          --cases bare,flask,gunicorn,mlops  (default: all)   --mlops PATH (this mlops binary instead of publishing the work tree)
#          --work DIR (parent of the temp folder; default $TMPDIR)
# Rows: bare Kestrel POST /predict (bench/bare-kestrel.cs: parse JSON, return a constant); Flask dev server and gunicorn -w 2
# POST /predict (bench/flask_iris.py: sklearn RandomForestClassifier on iris); mlops models serve on the iris model from
# bench/serving-train.cs: POST /invocations (dataframe_split), /predict (tutorial object), /v2/models/iris/infer (FP32 tensor),
# plus one 1,000-row /invocations request timed with curl. With the bare case, also "bare Kestrel + PooledScorer": the bare app
# scoring the tutorial object with PooledScorer (no metrics, no lineage), what a full route has left to spend. A route that answers 404/405 prints "route not implemented yet".
# Goals (mlops rows): req/s >= 50% of bare Kestrel and p99 < 5 ms at 16 connections; 1,000-row batch < 20 ms.
# Exit code: 0 when every mlops goal is met, 1 when one is missed or could not be measured, 2 on a setup error.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
duration=10
warmup=3
connections=16
threads=2
cases="bare,flask,gunicorn,mlops"
mlops=""
work_parent="${TMPDIR:-/tmp}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) duration=3; warmup=1 ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --cases) cases="$2"; shift ;;
    --mlops) mlops="$2"; shift ;;
    --work) work_parent="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ ",$cases," == *",$1,"* ]]; }

for tool in wrk curl dotnet timeout; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk curl)" >&2; exit 2; }
done
py=""
if want flask || want gunicorn || want mlops; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import flask, sklearn' >/dev/null 2>&1; then py="$candidate"; break; fi
  done
  if [[ -z "$py" ]] && { want flask || want gunicorn; }; then
    echo "no python3 with flask and sklearn (apt-get install python3-flask python3-sklearn gunicorn)" >&2; exit 2
  fi
  [[ -n "$py" ]] || py=python3
fi

mkdir -p "$work_parent"
work="$(mktemp -d "$work_parent/mlops-serving.XXXXXX")"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "${py:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
body_of() { sed -n "s/^wrk.body = '\(.*\)'\$/\1/p" "$1"; }

# start_server LOG COMMAND...: runs the server in the background; sets server_pid.
start_server() {
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  server_pid=$!
}

# Stops the server this script started (TERM, then KILL after 5 s), by its process id only.
stop_server() {
  local pid="$server_pid"
  server_pid=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# wait_ready URL: polls GET URL for up to 90 s until the server answers anything; fails when the process exits.
wait_ready() {
  local url="$1"
  for _ in $(seq 1 450); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)"
    [[ "$code" != "000" ]] && return 0
    sleep 0.2
  done
  return 1
}

# probe URL LUA: one request with the wrk script's body; prints the status code, the body goes to $work/probe.
probe() {
  curl -s -o "$work/probe" -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary "$(body_of "$2")" "$1"
}

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    printf "%.2f", n }'
}

names=(); rps=(); p50=(); p99=(); notes=()
bare_rps=""
status=0

# measure NAME URL LUA [GOAL]: warm-up, then the timed wrk run; appends one result row. GOAL=1 judges the mlops goals.
measure() {
  local name="$1" url="$2" lua="$3" goal="${4:-0}"
  local code
  code="$(probe "$url" "$lua")"
  if [[ "$code" == "404" || "$code" == "405" ]]; then
    names+=("$name"); rps+=("-"); p50+=("-"); p99+=("-")
    notes+=("route not implemented yet (POST /${url#http://*/} answered $code)")
    [[ "$goal" == 1 ]] && status=1
    return
  fi
  if [[ "$code" != "200" ]]; then
    names+=("$name"); rps+=("-"); p50+=("-"); p99+=("-")
    notes+=("probe answered $code: $(head -c 200 "$work/probe" | tr '\n' ' ')")
    [[ "$goal" == 1 ]] && status=1
    return
  fi
  timeout $((warmup + 30)) wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$lua" "$url" >/dev/null 2>&1
  local out="$work/wrk-${#names[@]}.txt"
  if ! timeout $((duration + 30)) wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" "$url" >"$out" 2>&1; then
    names+=("$name"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("wrk failed: $(tail -1 "$out")")
    [[ "$goal" == 1 ]] && status=1
    return
  fi
  local r a b bad
  r="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
  a="$(to_ms "$(awk '/Latency Distribution/ {f = 1} f && $1 == "50%" {print $2; exit}' "$out")")"
  b="$(to_ms "$(awk '/Latency Distribution/ {f = 1} f && $1 == "99%" {print $2; exit}' "$out")")"
  bad="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
  local note=""
  [[ -n "$bad" ]] && note="$bad non-2xx responses; "
  if [[ "$goal" == 1 ]]; then
    if [[ -n "$bare_rps" && -z "$bad" ]] && awk -v r="$r" -v c="$bare_rps" -v p="$b" 'BEGIN { exit !(r >= 0.5 * c && p < 5) }'; then
      note+="goal >= 50% of bare and p99 < 5 ms: ok"
    else
      note+="goal >= 50% of bare and p99 < 5 ms: MISSED"; status=1
    fi
  fi
  names+=("$name"); rps+=("$r"); p50+=("$a"); p99+=("$b"); notes+=("$note")
}

echo "serving bench: wrk -t$threads -c$connections -d${duration}s --latency after a ${warmup}s warm-up; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if want bare; then
  echo "publishing bench/bare-kestrel.cs..." >&2
  if dotnet publish "$here/bare-kestrel.cs" -c Release -o "$work/bare" -v quiet -nologo >"$work/bare-publish.log" 2>&1; then
    port="$(free_port)"
    start_server "$work/bare.log" "$work/bare/bare-kestrel" --port "$port"
    if wait_ready "http://127.0.0.1:$port/ping"; then
      measure "bare Kestrel POST /predict" "http://127.0.0.1:$port/predict" "$here/serving-flask.lua"
      [[ "${rps[-1]}" != "-" ]] && bare_rps="${rps[-1]}"
    else
      names+=("bare Kestrel POST /predict"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("did not start: $(tail -1 "$work/bare.log")")
    fi
    stop_server
  else
    echo "cannot publish bare-kestrel.cs:" >&2; tail -5 "$work/bare-publish.log" >&2; exit 2
  fi
fi

if want flask; then
  port="$(free_port)"
  start_server "$work/flask.log" "$py" "$here/flask_iris.py" --port "$port"
  if wait_ready "http://127.0.0.1:$port/predict"; then
    measure "Flask dev server POST /predict" "http://127.0.0.1:$port/predict" "$here/serving-flask.lua"
  else
    names+=("Flask dev server POST /predict"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("did not start: $(tail -1 "$work/flask.log")")
  fi
  stop_server
fi

if want gunicorn; then
  port="$(free_port)"
  start_server "$work/gunicorn.log" "$py" -m gunicorn -w 2 -b "127.0.0.1:$port" --chdir "$here" flask_iris:app
  if wait_ready "http://127.0.0.1:$port/predict"; then
    measure "gunicorn -w 2 Flask POST /predict" "http://127.0.0.1:$port/predict" "$here/serving-flask.lua"
  else
    names+=("gunicorn -w 2 Flask POST /predict"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("did not start: $(tail -1 "$work/gunicorn.log")")
  fi
  stop_server
fi

batch_line=""
if want mlops; then
  if [[ -z "$mlops" ]]; then
    echo "publishing ReadyToRun mlops..." >&2
    dotnet publish "$repo/src/MlopsKit.Cli" -c Release -r linux-x64 --self-contained false -o "$work/mlops" -v quiet -nologo >"$work/mlops-publish.log" 2>&1 \
      || { echo "cannot publish mlops:" >&2; tail -5 "$work/mlops-publish.log" >&2; exit 2; }
    mlops="$work/mlops/mlops"
  fi
  echo "training the iris model (bench/serving-train.cs)..." >&2
  timeout 600 dotnet run -c Release "$here/serving-train.cs" -- --out "$work/model" >"$work/train.log" 2>&1 \
    || { echo "cannot train the model:" >&2; tail -5 "$work/train.log" >&2; exit 2; }
  if [[ -x "$work/bare/bare-kestrel" ]]; then
    port="$(free_port)"
    start_server "$work/bare-scorer.log" "$work/bare/bare-kestrel" --port "$port" --model "$work/model"
    if wait_ready "http://127.0.0.1:$port/ping"; then
      measure "bare Kestrel + PooledScorer /predict" "http://127.0.0.1:$port/predict" "$here/serving-flask.lua"
    else
      names+=("bare Kestrel + PooledScorer /predict"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("did not start: $(tail -1 "$work/bare-scorer.log")")
    fi
    stop_server
  fi
  start_server "$work/mlops.log" "$mlops" models serve -m "$work/model" -p 0 --name iris
  url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/mlops.log" | head -1)"
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -n "$url" ]] && wait_ready "$url/ping"; then
    measure "mlops POST /invocations" "$url/invocations" "$here/serving-mlflow.lua" 1
    measure "mlops POST /predict" "$url/predict" "$here/serving-flask.lua" 1
    measure "mlops POST /v2/models/iris/infer" "$url/v2/models/iris/infer" "$here/serving-v2.lua" 1
    # One 1,000-row dataframe_split request, 20 times after one warm-up; median of curl's total time.
    "${py:-python3}" -c 'import json; print(json.dumps({"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"], "data": [[5.9, 3.0, 5.1, 1.8], [5.1, 3.5, 1.4, 0.2]] * 500}}))' >"$work/batch.json"
    code="$(curl -s -o "$work/probe" -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary "@$work/batch.json" "$url/invocations")"
    if [[ "$code" == "200" ]]; then
      for _ in $(seq 1 20); do
        curl -s -o /dev/null -w '%{time_total}\n' --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary "@$work/batch.json" "$url/invocations"
      done >"$work/batch-times.txt"
      batch_ms="$(sort -g "$work/batch-times.txt" | awk '{t[NR] = $1} END {printf "%.1f", t[int((NR + 1) / 2)] * 1000}')"
      if awk -v m="$batch_ms" 'BEGIN { exit !(m < 20) }'; then verdict=ok; else verdict=MISSED; status=1; fi
      batch_line="mlops 1,000-row /invocations request: median ${batch_ms} ms over 20 (goal < 20 ms) $verdict"
    elif [[ "$code" == "404" || "$code" == "405" ]]; then
      batch_line="mlops 1,000-row /invocations request: route not implemented yet (answered $code)"; status=1
    else
      batch_line="mlops 1,000-row /invocations request: answered $code: $(head -c 200 "$work/probe")"; status=1
    fi
  else
    names+=("mlops models serve"); rps+=("-"); p50+=("-"); p99+=("-"); notes+=("did not start: $(tail -2 "$work/mlops.log" | tr '\n' ' ')"); status=1
  fi
  stop_server
fi

printf '\n%-36s %10s %9s %9s %9s  %s\n' "server / route" "req/s" "p50 ms" "p99 ms" "vs bare" "notes"
for i in "${!names[@]}"; do
  ratio="-"
  if [[ -n "$bare_rps" && "${rps[$i]}" != "-" ]]; then ratio="$(awk -v r="${rps[$i]}" -v c="$bare_rps" 'BEGIN { printf "%.2f", r / c }')"; fi
  printf '%-36s %10s %9s %9s %9s  %s\n' "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "$ratio" "${notes[$i]}"
done
[[ -n "$batch_line" ]] && echo "$batch_line"
exit $status
