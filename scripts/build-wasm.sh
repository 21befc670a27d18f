#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack --target web; Node loads the same build
# with initSync), optimises it with wasm-opt from the npm package binaryen@132 (Debian's
# binaryen 108 produces modules browsers reject), makes it the installable npm package
# `portfolio-guard` (package.json with an exports map, browser and Node entries, the
# <portfolio-guard-report> element and its worker, README: the sources are in js/),
# type-checks the types with tsc, and prints the .wasm size raw and gzipped and the package's
# size. Installs what it needs (scripts/setup-web.sh).
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

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
say "the npm package portfolio-guard@${version}: package.json, entries, <portfolio-guard-report>, README"
# wasm-pack's package.json and README make way for the package's own (js/). The element's
# words are the web page's: its label, DOM and finding-text helpers are copied from www/lib/.
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("js/package.json", "utf8"));
  p.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$version"
rm -rf pkg/report
rm -f pkg/.gitignore
mkdir -p pkg/report
cp js/index.js js/index.d.ts js/node.js js/README.md pkg/
cp js/report/*.js js/report/*.d.ts pkg/report/
cp www/lib/labels.js www/lib/dom.js www/lib/words.js pkg/report/

say "tsc --noEmit (the generated types, the package's, and typed uses of them)"
tsc --noEmit -p tests/web/tsconfig.json
tsc --noEmit -p js/tsconfig.json

raw=$(stat -c %s pkg/portfolio_guard_bg.wasm)
gz=$(gzip -9 -c pkg/portfolio_guard_bg.wasm | wc -c)
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1048576 }'; }
say "pkg/portfolio_guard_bg.wasm: ${raw} bytes ($(mb "$raw")) raw, ${gz} bytes ($(mb "$gz")) gzipped (before wasm-opt: ${before} bytes raw)"
# What `npm pack` would put in the tarball: the files of package.json's `files`, and its size.
pack=$(cd pkg && npm pack --dry-run --json 2>/dev/null | node -e '
  const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`${p.entryCount} files, ${p.unpackedSize} bytes unpacked, ${p.size} bytes packed (gzipped tarball)`);
') || pack="(npm pack --dry-run failed)"
say "the package portfolio-guard@${version}: ${pack}"
limit=$((1024 * 1024))
if [ "$gz" -gt "$limit" ]; then
  echo "the gzipped .wasm is over the 1 MB budget" >&2
  exit 1
fi
