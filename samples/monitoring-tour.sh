#!/usr/bin/env bash
# The monitoring tour: the tutorial's monitoring chapter on one machine. Trains and serves the iris classifier, generates
# the Prometheus + Alertmanager + Pushgateway + Grafana stack with 'mlops monitor init', runs the first three from their
# Debian packages with 'mlops monitor up', sends normal, failing and drifted traffic, and reads the golden signals and the
# drift gauges back through Prometheus with 'mlops monitor query'. Runs in a kept folder (TOUR_DIR, default: a new temp folder).
# MLOPS can point at a build (./build.sh tour sets it); otherwise the installed 'mlops' tool is used.
set -euo pipefail
mlops() { ${MLOPS:-command mlops} "$@"; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${TOUR_DIR:-$(mktemp -d /tmp/mlops-monitoring-tour.XXXXXX)}"
mkdir -p "$work" && cd "$work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
export MLFLOW_TRACKING_URI="sqlite:///$work/mlflow.db" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

step "1. train and log the iris classifier (examples/serve_iris.cs), register it, serve it"
dotnet run "$repo/examples/serve_iris.cs" 2>&1 | grep -v NU1603 | tail -n 3
iris_run="$(mlops runs list --experiment iris-serving --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["runs"][0]["info"]["run_id"])')"
mlops models register -m "runs:/$iris_run/model" --name iris
port="$(free_port)"
# A small drift window so a short tour fills it; the default is the last 1,000 values, published from 100 on.
mlops models serve -m models:/iris/latest -p "$port" --drift-window 200 --drift-min-rows 50 > serve.log 2>&1 &
server=$!
cleanup() { mlops monitor down --dir monitoring >/dev/null 2>&1 || true; kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.5; done

step "2. generate the stack (2 s scrapes and short alert delays, so the tour sees alerts within a minute)"
mlops monitor init --target "127.0.0.1:$port" --dir monitoring --scrape-interval 2s \
  --error-ratio-for 10s --drift-for 10s --webhook-url http://127.0.0.1:9/alerts
promtool test rules monitoring/rules/mlops.rules.test.yml

step "3. start Prometheus, Alertmanager and the Pushgateway"
mlops monitor up --dir monitoring
mlops monitor status --dir monitoring

step "4. normal traffic: the 150 iris rows in random batches, and 10 malformed requests"
python3 - "$port" "$repo/samples/data/iris.csv" <<'PY'
import csv, json, random, sys, urllib.request
port, data = sys.argv[1], sys.argv[2]
columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
with open(data) as f:
    rows = [[float(r[c]) for c in columns] for r in csv.DictReader(f)]
random.seed(7)
random.shuffle(rows)
def post(body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try: return urllib.request.urlopen(req, timeout=10).status
    except urllib.error.HTTPError as e: return e.code
codes = {}
for i in range(0, len(rows), 10):
    c = post({"dataframe_split": {"columns": columns, "data": rows[i:i + 10]}})
    codes[c] = codes.get(c, 0) + 1
for _ in range(10):
    c = post({"dataframe_split": {"columns": ["sepal_length"], "data": [["x"]]}}); codes[c] = codes.get(c, 0) + 1
print("requests sent by status code:", codes)
PY
sleep 8
mlops monitor query 'sum by (model, code) (model_requests_total{model="iris"}) > 0' --dir monitoring
mlops monitor query 'model_feature_psi' --dir monitoring

step "5. drifted traffic: the same rows twice more, with petal_length 3 cm longer"
python3 - "$port" "$repo/samples/data/iris.csv" <<'PY'
import csv, json, random, sys, urllib.request
port, data = sys.argv[1], sys.argv[2]
columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
with open(data) as f:
    base = [[float(r[c]) for c in columns] for r in csv.DictReader(f)]
rows = [list(r) for r in base for _ in range(2)]
random.seed(8)
random.shuffle(rows)
for r in rows:
    r[2] += 3.0
for i in range(0, len(rows), 10):
    body = json.dumps({"dataframe_split": {"columns": columns, "data": rows[i:i + 10]}}).encode()
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/invocations", data=body, headers={"Content-Type": "application/json"}), timeout=10)
print(f"sent {len(rows)} drifted rows")
PY
sleep 8
mlops monitor query 'model_feature_psi' --dir monitoring
mlops monitor query 'model_feature_ks_statistic' --dir monitoring

step "6. a batch job reports to the Pushgateway"
mlops monitor push nightly_scoring --metric rows_scored=300 --metric duration_seconds=4.2 --label model=iris --dir monitoring
sleep 4
mlops monitor query 'rows_scored' --dir monitoring

step "7. alerts as Prometheus sees them, and a chart of the request rate"
for _ in $(seq 1 20); do
  if mlops monitor query 'ALERTS{alertname="ModelFeatureDriftHigh",alertstate="firing"}' --dir monitoring | grep -q petal_length; then break; fi
  sleep 2
done
mlops monitor query 'ALERTS' --dir monitoring
mlops monitor query 'job_model:model_requests:rate5m' --range 2m --step 2s --html request-rate.html --dir monitoring
echo "chart: $work/request-rate.html"
echo "Grafana dashboard to import: $work/monitoring/grafana/dashboards/mlops-golden-signals.json"

step "8. stop the stack"
mlops monitor down --dir monitoring
