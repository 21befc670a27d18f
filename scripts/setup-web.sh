#!/usr/bin/env bash
# Installs what the WebAssembly package, the web page and their tests need, pinned and
# idempotently (each step is skipped when the right version is already there):
#   - the Rust target wasm32-unknown-unknown,
#   - wasm-bindgen-cli 0.2.130 (must match the `wasm-bindgen` crate pinned in Cargo.toml),
#   - wasm-pack 0.15.1,
#   - the npm dev dependencies of package.json / package-lock.json (binaryen 132 for wasm-opt,
#     typescript for the .d.ts check, playwright-core to drive Chromium, axe-core for the
#     accessibility checks of the browser tests, vite to build the example portal),
#   - with --browser: Debian's `chromium` for the browser tests (apt-get; skipped when
#     /usr/bin/chromium or $CHROMIUM exists).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *) echo "usage: scripts/setup-web.sh [--browser]" >&2; exit 2 ;;
  esac
done

if command -v rustup >/dev/null 2>&1 \
  && ! rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  say "cargo install wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi
if ! wasm-pack --version 2>/dev/null | grep -q " ${WASM_PACK_VERSION}\$"; then
  say "cargo install wasm-pack ${WASM_PACK_VERSION} (a few minutes, once)"
  cargo install wasm-pack --version "${WASM_PACK_VERSION}" --locked --force
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node and npm are needed for the web build and its tests: install Node.js 20 or later" >&2
  exit 1
fi
# node_modules matches the lockfile when every pinned dev dependency is installed at its version
# (the optional, platform-specific ones, such as Vite's native bundler, only for this platform).
if ! node -e '
  const lock = require("./package-lock.json").packages;
  const glibc = Boolean(process.report?.getReport?.().header?.glibcVersionRuntime);
  const fits = (list, value) => !list || list.some((x) => (x.startsWith("!") ? x.slice(1) !== value : x === value));
  for (const [path, meta] of Object.entries(lock)) {
    if (!path) continue;
    if (meta.optional && !(fits(meta.os, process.platform) && fits(meta.cpu, process.arch)
      && fits(meta.libc, glibc ? "glibc" : "musl"))) continue;
    let v;
    try { v = require(`./${path}/package.json`).version; } catch { process.exit(1); }
    if (v !== meta.version) process.exit(1);
  }' 2>/dev/null; then
  say "npm ci (binaryen, typescript, playwright-core, axe-core, vite, as pinned in package-lock.json)"
  npm ci --no-audit --no-fund
fi

if [ "$browser" = 1 ]; then
  chromium="${CHROMIUM:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ]; then
    say "apt-get install chromium (for the browser tests)"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
