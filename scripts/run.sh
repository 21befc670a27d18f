#!/usr/bin/env bash
# The main job: set up, build, and check the bundled agency-onboarding example.
# Extra arguments are passed to `portfolio-guard check` (e.g. --format markdown).
set -euo pipefail
cd "$(dirname "$0")/.."
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
