#!/usr/bin/env bash
# The main job: set everything up, build the WebAssembly package (pkg/), and serve the web page
# (www/) on http://127.0.0.1:8080/ — open it and click "Try the sample".
#   PORT=9000 ./scripts/run.sh     another port
#   ./scripts/run.sh --cli         instead, check the bundled example with the command line
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "${1:-}" = "--cli" ]; then
  shift
  bash scripts/setup.sh
  cargo build --release --quiet
  set +e
  ./target/release/portfolio-guard check examples/agency-onboarding/snapshot.json \
    --config examples/agency-onboarding/org.json --format table "$@"
  code=$?
  set -e
  # Exit 1 only means "findings at or above --fail-on": the example has them on purpose.
  if [ "$code" -eq 2 ]; then exit 2; fi
  echo >&2
  echo "(exit status ${code}: 0 = nothing at or above --fail-on, 1 = findings, 2 = bad input)" >&2
  exit 0
fi

bash scripts/setup.sh
bash scripts/build-wasm.sh
port="${PORT:-8080}"
say "serving the page on http://127.0.0.1:${port}/www/ — click \"Try the sample\" (or open http://127.0.0.1:${port}/www/?sample)"
exec node scripts/serve.mjs --port "$port" --host 127.0.0.1
