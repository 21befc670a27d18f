#!/usr/bin/env bash
# Sets up and runs every test: formatting, lints, Rust unit and integration tests (which run
# the CLI as a process and the built-in Rego tests), the WebAssembly package in Node, the web
# page in headless Chromium, then the Rego tests through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings
say "the fuzz targets still build (cargo check; scripts/fuzz.sh runs them)"
cargo check --quiet --manifest-path fuzz/Cargo.toml --bins
say "cargo test"
cargo test --quiet 2>&1
say "scaling guard (release build)"
cargo test --release --quiet --test scaling -- --nocapture 2>&1
say "WebAssembly package (pkg/)"
bash scripts/build-wasm.sh
say "cargo clippy for wasm32 (the wasm feature)"
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings
say "the browser extension (dist/extension/ and its zip)"
bash scripts/build-extension.sh
say "tsc --checkJs on the page (www/, JSDoc types; tests/web/tsconfig.www.json)"
node_modules/.bin/tsc -p tests/web/tsconfig.www.json
say "the package in Node, the page and the extension in headless Chromium"
node --test tests/web/
say "portfolio-guard test (built-in Rego tests)"
cargo run --quiet -- test
