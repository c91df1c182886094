#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only those missing (idempotent).
#   a JRE (owlready2's HermiT/Pellet reasoners), raptor2-utils (`rapper`, an independent RDF parser),
#   chromium + chromium-driver (browser tests), virtuoso-opensource (an external SPARQL server for
#   `push`/`serve --backend` tests), wrk (load benchmarks).
#   With arguments, only those packages (e.g. `system-deps.sh npm` for `make serve`).
set -euo pipefail
need=()
if [ $# -gt 0 ]; then
  for pkg in "$@"; do command -v "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
else
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
