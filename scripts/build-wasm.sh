#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack --target web), optimised with wasm-opt
# from the npm package binaryen@132 (Debian's binaryen 108 produces modules browsers reject).
# Installs what it needs, pinned and idempotently. Prints the .wasm size raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}"; then
  say "cargo install wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi
if ! wasm-pack --version 2>/dev/null | grep -q " ${WASM_PACK_VERSION}"; then
  say "cargo install wasm-pack ${WASM_PACK_VERSION} (a few minutes, once)"
  cargo install wasm-pack --version "${WASM_PACK_VERSION}" --locked --force
fi
if [ ! -x node_modules/.bin/wasm-opt ] || ! node_modules/.bin/wasm-opt --version | grep -q "version 132"; then
  say "npm ci (binaryen 132 for wasm-opt)"
  npm ci --no-audit --no-fund
fi

say "wasm-pack build --target web"
CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
  wasm-pack build --target web --out-dir pkg --out-name portfolio_guard --release --no-pack \
  -- --no-default-features --features wasm
say "wasm-opt -Oz (binaryen 132)"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  pkg/portfolio_guard_bg.wasm -o pkg/portfolio_guard_bg.wasm.opt
mv pkg/portfolio_guard_bg.wasm.opt pkg/portfolio_guard_bg.wasm
raw=$(stat -c %s pkg/portfolio_guard_bg.wasm)
gz=$(gzip -9 -c pkg/portfolio_guard_bg.wasm | wc -c)
say "pkg/portfolio_guard_bg.wasm: ${raw} bytes raw, ${gz} bytes gzipped"
