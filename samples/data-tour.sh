#!/usr/bin/env bash
# The 5-minute data-versioning tour: the tutorial's DVC chapter with mlops, in a throw-away folder.
# MLOPS can point at a build (./build.sh tour sets it); otherwise the installed 'mlops' tool is used.
set -euo pipefail
mlops() { ${MLOPS:-command mlops} "$@"; }
data="$(cd "$(dirname "${BASH_SOURCE[0]}")/data" && pwd)"
work="$(mktemp -d /tmp/mlops-tour.XXXXXX)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cd "$work"
mkdir project && cd project
git init -q -b main
git config user.name "MlopsKit Tour"
git config user.email tour@mlopskit.local

step "1. init: a DVC 3 repository inside git"
mlops dvc init
git commit -qm "Initialize DVC"

step "2. add: version the iris data set"
mkdir data
cp "$data/iris.csv" data/iris.csv
mlops dvc add data/iris.csv
cat data/iris.csv.dvc
git add data/iris.csv.dvc data/.gitignore
git commit -qm "iris v1: 150 rows"

step "3. remote add -d and push"
mlops dvc remote add -d storage ../storage
cat .dvc/config
mlops dvc push

step "4. lose the data, then pull it back"
rm -rf .dvc/cache data/iris.csv
mlops dvc status
mlops dvc pull
wc -l data/iris.csv

step "5. a new version: drop the virginica rows"
grep -v virginica "$data/iris.csv" > data/iris.csv
mlops dvc status
mlops dvc add data/iris.csv
git commit -qam "iris v2: no virginica"
mlops dvc push
mlops dvc log data/iris.csv
mlops dvc diff HEAD~1

step "6. travel back: git restores the .dvc file, mlops restores the data"
git checkout -q HEAD~1 -- data/iris.csv.dvc
mlops dvc checkout
wc -l data/iris.csv
mlops dvc status

step "7. or read an old version without touching git"
git checkout -q HEAD -- data/iris.csv.dvc
mlops dvc checkout
wc -l data/iris.csv
mlops dvc checkout --rev HEAD~1 data/iris.csv
wc -l data/iris.csv
mlops dvc status
mlops dvc checkout

step "8. a directory of files, and cleaning the cache"
mkdir -p data/splits
head -101 "$data/iris.csv" > data/splits/train.csv
(head -1 "$data/iris.csv"; tail -50 "$data/iris.csv") > data/splits/test.csv
mlops dvc add data/splits
mlops dvc ls
git add -A && git commit -qm "splits"
mlops dvc push
mlops dvc gc -w -f

printf '\nTour finished: every step above ran for real in %s (deleted now).\n' "$work"
