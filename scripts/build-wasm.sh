#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack --target web; Node loads the same build
# with initSync), optimises it with wasm-opt from the npm package binaryen@132 (Debian's
# binaryen 108 produces modules browsers reject), type-checks the generated .d.ts with tsc,
# and prints the .wasm size raw and gzipped. Installs what it needs (scripts/setup-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

bash scripts/setup-web.sh
export PATH="$PWD/node_modules/.bin:$PATH"

say "wasm-pack build --target web --out-dir pkg --release -- --features wasm --no-default-features"
# Size over speed for the download: LTO, opt-level z, one codegen unit. A panic aborts (traps)
# on wasm32-unknown-unknown; src/wasm.rs turns it into a failure answer.
CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
  wasm-pack --quiet build --target web --out-dir pkg --out-name portfolio_guard --release \
  -- --features wasm --no-default-features

say "wasm-opt -Oz (binaryen $(wasm-opt --version | grep -o 'version [0-9]*'))"
before=$(stat -c %s pkg/portfolio_guard_bg.wasm)
wasm-opt -Oz --strip-debug --strip-producers \
  pkg/portfolio_guard_bg.wasm -o pkg/portfolio_guard_bg.wasm.opt
mv pkg/portfolio_guard_bg.wasm.opt pkg/portfolio_guard_bg.wasm

say "tsc --noEmit (the generated types, and a typed use of them)"
tsc --noEmit -p tests/web/tsconfig.json

raw=$(stat -c %s pkg/portfolio_guard_bg.wasm)
gz=$(gzip -9 -c pkg/portfolio_guard_bg.wasm | wc -c)
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1048576 }'; }
say "pkg/portfolio_guard_bg.wasm: ${raw} bytes ($(mb "$raw")) raw, ${gz} bytes ($(mb "$gz")) gzipped (before wasm-opt: ${before} bytes raw)"
limit=$((1024 * 1024))
if [ "$gz" -gt "$limit" ]; then
  echo "the gzipped .wasm is over the 1 MB budget" >&2
  exit 1
fi
