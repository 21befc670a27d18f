#!/usr/bin/env bash
# Assembles the browser extension (Manifest V3) from extension/ (manifest, popup, icons), the
# web page www/ and the current WebAssembly package pkg/ — the same files the web page uses,
# no second copy in the repository — into dist/extension/ (load it unpacked), and zips it into
# dist/portfolio-guard-extension-<version>.zip for the Chrome Web Store / Edge Add-ons.
# Builds pkg/ first when it is missing (scripts/build-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -f pkg/portfolio_guard_bg.wasm ] || [ ! -f pkg/portfolio_guard.js ] || [ ! -f pkg/report/index.js ]; then
  bash scripts/build-wasm.sh
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=dist/extension
say "assembling ${out}/ (version ${version})"
rm -rf "$out"
mkdir -p "$out/www" "$out/pkg" "$out/icons"
# The manifest takes the crate's version; everything else is copied as it is.
node -e '
  const fs = require("fs");
  const m = JSON.parse(fs.readFileSync("extension/manifest.json", "utf8"));
  m.version = process.argv[1];
  fs.writeFileSync(process.argv[2], JSON.stringify(m, null, 2) + "\n");
' "$version" "$out/manifest.json"
cp extension/popup.html extension/popup.js extension/popup.css "$out/"
cp extension/icons/*.png "$out/icons/"
cp -R www/. "$out/www/"
# The package's browser files (its entry, the engine, the <portfolio-guard-report> element and
# its worker): not its Node entry, types or README.
mkdir -p "$out/pkg/report"
cp pkg/index.js pkg/portfolio_guard.js pkg/portfolio_guard_bg.wasm "$out/pkg/"
cp pkg/report/*.js "$out/pkg/report/"
if [ -d pkg/snippets ]; then cp -R pkg/snippets "$out/pkg/"; fi
zip="dist/portfolio-guard-extension-${version}.zip"
rm -f "$zip"
# Python's zipfile: no `zip` binary needed. Entries are relative to the extension's root.
python3 - "$out" "$zip" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            z.write(path, os.path.relpath(path, root))
PY
say "${out}/ ($(du -sh "$out" | cut -f1)) and ${zip} ($(du -h "$zip" | cut -f1))"
