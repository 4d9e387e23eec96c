#!/usr/bin/env bash
# The serving tour: the tutorial's serving chapter with mlops. Trains and logs the iris classifier and the diabetes
# ElasticNet (examples/serve_*.cs do that and also call every protocol in process), then serves the iris model with
# 'mlops models serve' and sends the README's curl commands. Runs in a kept folder (TOUR_DIR, default: a new temp folder).
# MLOPS can point at a build (./build.sh tour sets it); otherwise the installed 'mlops' tool is used.
set -euo pipefail
mlops() { ${MLOPS:-command mlops} "$@"; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${TOUR_DIR:-$(mktemp -d /tmp/mlops-serving-tour.XXXXXX)}"
mkdir -p "$work" && cd "$work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
export MLFLOW_TRACKING_URI="sqlite:///$work/mlflow.db" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

step "1. train, log and serve both models in process (examples/serve_iris.cs, examples/serve_diabetes.cs)"
dotnet run "$repo/examples/serve_iris.cs" 2>&1 | grep -v NU1603
dotnet run "$repo/examples/serve_diabetes.cs" 2>&1 | grep -v NU1603

step "2. register the iris model and serve it with mlops models serve"
iris_run="$(mlops runs list --experiment iris-serving --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["runs"][0]["info"]["run_id"])')"
mlops models register -m "runs:/$iris_run/model" --name iris
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
mlops models serve -m models:/iris/latest -p "$port" > serve.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.5; done
cat serve.log

step "3. the tutorial's requests"
set -x
curl -s -X POST -H "Content-Type:application/json" --data '{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}' "http://127.0.0.1:$port/predict"; echo
curl -s -X POST -H "Content-Type:application/json" --data '{"data":{"ndarray":[[1,2,3,4]]}}' "http://127.0.0.1:$port/api/v1.0/predictions"; echo
curl -s -X POST -H "Content-Type:application/json" --data '{"dataframe_split":{"columns":["sepal_length","sepal_width","petal_length","petal_width"],"data":[[5.9,3.0,5.1,1.8]]}}' "http://127.0.0.1:$port/invocations"; echo
curl -s -X POST -H "Content-Type:application/json" --data '{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.9,3.0,5.1,1.8]}]}' "http://127.0.0.1:$port/v2/models/iris/infer"; echo
curl -s -X POST -H "Content-Type:application/json" --data '{"sepal_length":"five"}' "http://127.0.0.1:$port/predict"; echo
curl -s -D - -o /dev/null -X POST -H "Content-Type:application/json" --data '{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}' "http://127.0.0.1:$port/predict" | grep -i '^x-'
set +x

step "4. what Prometheus would scrape"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^model_(requests_total|predicted_class_total|info)' | grep -v ' 0$'
echo "tracking store: $MLFLOW_TRACKING_URI"
