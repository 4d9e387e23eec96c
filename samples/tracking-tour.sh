#!/usr/bin/env bash
# The tracking tour: the tutorial's MLflow chapter with MlopsKit. Versions the diabetes data with mlops dvc, trains the
# tutorial's 8 ElasticNet runs with one loop (examples/train_diabetes.cs), lists and compares them, then autologs a
# pipeline and the iris forest. Everything lands in one folder that is kept (TOUR_DIR, default: a new temp folder).
# MLOPS can point at a build (./build.sh tour sets it); otherwise the installed 'mlops' tool is used.
set -euo pipefail
mlops() { ${MLOPS:-command mlops} "$@"; }
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${TOUR_DIR:-$(mktemp -d /tmp/mlops-tracking-tour.XXXXXX)}"
mkdir -p "$work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
export MLFLOW_TRACKING_URI="sqlite:///$work/mlflow.db" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

cd "$work"
if [ ! -d .git ]; then
  git init -q -b main
  git config user.name "MlopsKit Tour"
  git config user.email tour@mlopskit.local
fi
[ -d .dvc ] || { mlops dvc init -q; git commit -qm "Initialize DVC"; }

step "1. version the training data, so every run records which data it saw"
mkdir -p data
cp "$repo/samples/data/diabetes.csv" data/diabetes.csv
mlops dvc add data/diabetes.csv
git add data/diabetes.csv.dvc data/.gitignore && git commit -qm "diabetes data" || true

step "2. the tutorial's 8 ElasticNet runs, one loop (first run builds the script)"
for pair in "0.05 0.05" "0.01 0.01" "0.01 0.75" "0.01 1.0" "0.05 1.0" "0.05 0.01" "0.5 0.8" "0.8 1.0"; do
  # shellcheck disable=SC2086
  dotnet run "$repo/examples/train_diabetes.cs" -- $pair | head -4
done

step "3. list them, best RMSE first"
mlops runs list --experiment diabetes --order-by "metrics.rmse ASC" --columns metrics.rmse,metrics.mae,metrics.r2,params.alpha,params.l1_ratio

step "4. compare them: bars, rmse vs each param, parallel coordinates (offline HTML)"
mlops runs compare --experiment diabetes --metric rmse --param alpha --param l1_ratio --html "$work/compare.html"

step "5. autolog a normalize + linear regression pipeline, and the iris forest"
dotnet run "$repo/examples/autolog_pipeline.cs"
dotnet run "$repo/examples/train_iris.cs"

step "done"
echo "tracking store: $MLFLOW_TRACKING_URI"
echo "comparison chart: $work/compare.html (open it in a browser; it works offline)"
echo "models: $work/mlartifacts/<experiment>/<run>/artifacts/model (load with runs:/<run_id>/model)"
