#!/usr/bin/env bash
# One entry point for people and CI:
#   ./build.sh tutorial  build mlops and run 'mlops tutorial' (the whole walkthrough, HTML report; args go to it, e.g. --dir DIR)
#   ./build.sh tour      build mlops and run the data-versioning, tracking, serving and monitoring tours ([data|tracking|serving|monitoring] for one)
#   ./build.sh test      install what the tests need, then build and run the whole test suite
#   ./build.sh pack      pack MlopsKit and the notebook extension MlopsKit.Interactive into artifacts/packages (notebooks/NuGet.Config points there)
#   ./build.sh install   pack mlops and install it as a global dotnet tool (then: export PATH="$PATH:$HOME/.dotnet/tools")
#   ./build.sh bench     run the benchmarks in bench/ (see bench/README.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_tour_deps() {
  # git: the tours and some tests shell out to it (LibGit2Sharp covers the rest); curl and python3: the serving tour's requests.
  local missing=()
  for tool in git curl python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_monitoring_deps() {
  # The monitoring tour and tests run the real Prometheus, Alertmanager and Pushgateway from Debian's packages (promtool and amtool come with the first two).
  local missing=()
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  command -v prometheus-pushgateway >/dev/null 2>&1 || missing+=(prometheus-pushgateway)
  if [ "${#missing[@]}" -gt 0 ]; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_test_deps() {
  install_tour_deps
  install_monitoring_deps
  # chromium: the chart tests render HTML and PNG in headless Chromium, and fail (not skip) without it.
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
     && ! command -v google-chrome >/dev/null 2>&1 && ! command -v google-chrome-stable >/dev/null 2>&1; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq chromium >/dev/null
  fi
  # node + npm, then tests/grafana-schema's pinned @grafana/schema and typescript: the dashboard is type-checked with tsc (fails, not skips, without them).
  if ! command -v npm >/dev/null 2>&1; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq nodejs npm >/dev/null
  fi
  if [ ! -d "$here/tests/grafana-schema/node_modules" ]; then
    (cd "$here/tests/grafana-schema" && npm ci --no-audit --no-fund >/dev/null)
  fi
  # dotnet-repl 0.3.259 (a notebook host shipping FSharp.Core 10.0): the notebook chart tests run notebooks through it, and fail (not skip) without it.
  if [ ! -x "$here/.tools/dotnet-repl" ]; then
    dotnet tool install --tool-path "$here/.tools" dotnet-repl --version 0.3.259 >/dev/null
  fi
  # The same check in Jupyter: nbconvert runs a notebook on the dotnet-interactive 1.0.712001 kernel (also FSharp.Core 10.0).
  if [ ! -x "$here/.tools/dotnet-interactive" ]; then
    dotnet tool install --tool-path "$here/.tools" Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null
  fi
  if ! command -v jupyter-nbconvert >/dev/null 2>&1; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq jupyter-nbconvert python3-nbformat python3-jupyter-client >/dev/null
  fi
  # python3-nbformat: the notebook runner tests validate executed notebooks with nbformat itself.
  if ! python3 -c 'import nbformat' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import nbformat' >/dev/null 2>&1; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq python3-nbformat >/dev/null
  fi
  # python3-sklearn: the Training tests compare our learners with scikit-learn, run live (tests/reference).
  if ! python3 -c 'import sklearn' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1; then
    need_sudo apt-get update -qq && need_sudo apt-get install -y -qq python3-sklearn >/dev/null
  fi
}

build_cli() {
  dotnet build src/MlopsKit.Cli -c Release -nologo -v quiet >/dev/null
  echo "$here/src/MlopsKit.Cli/bin/Release/net10.0/mlops.dll"
}

cmd="${1:-help}"
shift || true
case "$cmd" in
  test)
    install_test_deps
    dotnet build MlopsKit.sln -c Release -nologo
    dotnet test tests/MlopsKit.Tests -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
    dotnet test tests/MlopsKit.Interactive.Tests -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
    # Style is part of the build: .editorconfig rules, checked the way CI checks them.
    dotnet format MlopsKit.sln --verify-no-changes --no-restore
    ;;
  tutorial)
    install_tour_deps
    install_monitoring_deps
    dll="$(build_cli)"
    dotnet "$dll" tutorial "$@"
    ;;
  tour)
    # ./build.sh tour [data|tracking|serving|monitoring]: all four by default, in that order.
    install_tour_deps
    dll="$(build_cli)"
    which="${1:-all}"
    if [ "$which" = all ] || [ "$which" = data ]; then MLOPS="dotnet $dll" bash "$here/samples/data-tour.sh"; fi
    if [ "$which" = all ] || [ "$which" = tracking ]; then MLOPS="dotnet $dll" bash "$here/samples/tracking-tour.sh"; fi
    if [ "$which" = all ] || [ "$which" = serving ]; then MLOPS="dotnet $dll" bash "$here/samples/serving-tour.sh"; fi
    if [ "$which" = all ] || [ "$which" = monitoring ]; then install_monitoring_deps; MLOPS="dotnet $dll" bash "$here/samples/monitoring-tour.sh"; fi
    ;;
  pack)
    # A new prerelease version every time: NuGet caches packages by id and version, so re-packing one version would be ignored,
    # and '#r "nuget: MlopsKit.Interactive, *-*"' picks the newest.
    version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
    mkdir -p artifacts/packages
    dotnet pack src/MlopsKit -c Release -o artifacts/packages -nologo -v quiet -p:Version="$version"
    dotnet pack src/MlopsKit.Interactive -c Release -o artifacts/packages -nologo -v quiet -p:Version="$version"
    echo "packed MlopsKit.Interactive $version into artifacts/packages"
    ;;
  install)
    rm -rf artifacts/nupkg
    dotnet pack src/MlopsKit.Cli -c Release -o artifacts/nupkg -nologo -v quiet
    if dotnet tool list -g | grep -qi '^mlopskit.cli'; then
      dotnet tool update -g MlopsKit.Cli --add-source artifacts/nupkg --ignore-failed-sources
    else
      dotnet tool install -g MlopsKit.Cli --add-source artifacts/nupkg --ignore-failed-sources
    fi
    echo "mlops installed; make sure \$HOME/.dotnet/tools is on PATH"
    ;;
  bench)
    bash bench/run.sh "$@"
    ;;
  *)
    sed -n '2,7p' "$0"
    ;;
esac
