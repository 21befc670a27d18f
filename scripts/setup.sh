#!/usr/bin/env bash
# Installs what building and testing portfolio-guard needs. Idempotent: each step is skipped
# when what it installs is already there. Safe to run on a brand-new machine.
#   scripts/setup.sh              Rust components, and the WebAssembly/npm tools (setup-web.sh)
#   scripts/setup.sh --browser    also Chromium, for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not installed: install Rust (https://rustup.rs) first" >&2
  exit 1
fi
if command -v rustup >/dev/null 2>&1; then
  for component in clippy rustfmt; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^${component}"; then
      say "rustup component add ${component}"
      rustup component add "${component}"
    fi
  done
fi
bash scripts/setup-web.sh "$@"
