#!/usr/bin/env bash
# Fuzzes snapshot parsing and validation, config parsing, the Graph importer, the JSON API
# (what the WebAssembly layer calls), the spreadsheet template and the collection plan's reading
# of answers with cargo-fuzz (libFuzzer + AddressSanitizer). Not part
# of scripts/test.sh (it runs for minutes); crashes found become regression tests in
# tests/fuzz_regressions.rs. The stable toolchain is used with RUSTC_BOOTSTRAP=1 (cargo-fuzz
# needs -Z flags); cargo-fuzz 0.13.1 is installed when missing.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=120] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

seconds="${1:-120}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then targets=(snapshot config import api template collect); fi
if ! cargo fuzz --version 2>/dev/null | grep -q "0.13.1"; then
  say "cargo install cargo-fuzz 0.13.1"
  cargo install cargo-fuzz --version 0.13.1 --locked
fi
export RUSTC_BOOTSTRAP=1

# Seeds: the examples, fixtures and corpus inputs (copied, so the committed files stay as they are).
seed() {
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
}
seed snapshot examples/*/snapshot.json tests/fixtures/small.json tests/golden/sample-graph-bundle.snapshot.json
seed config examples/*/org.json policies/config/data.json
seed import tests/fixtures/graph/sample-graph-bundle.json
mkdir -p fuzz/corpus/template fuzz/corpus/collect
for ex in examples/*/snapshot.json; do
  cargo run --quiet -- template "$ex" -o "fuzz/corpus/template/seed-$(basename "$(dirname "$ex")").csv"
done
# One batch answer per chunk (0xff separates answers; the first byte of each picks the status).
printf '\002[{"code":200,"body":"{\\"data\\":[{\\"id\\":\\"1\\"}],\\"paging\\":{\\"next\\":\\"https://x/v25.0/1/agencies?after=2\\"}}"}]' > fuzz/corpus/collect/seed-batch
mkdir -p fuzz/corpus/api
node -e '
  const fs = require("fs");
  const small = fs.readFileSync("tests/fixtures/small.json", "utf8");
  const bundle = fs.readFileSync("tests/fixtures/graph/sample-graph-bundle.json", "utf8");
  const w = (n, pick, v) => fs.writeFileSync(`fuzz/corpus/api/seed-${n}`, pick + JSON.stringify(v));
  w("check", "\u0000", { snapshot: small, config: { partners: { 300: { role: "media_buyer" } } } });
  w("import", "\u0001", { bundle });
  w("roles", "\u0002", { config: { roles: { x: { assets: {} } } } });
  w("test", "\u0003", { policies: [{ path: "a_test.rego", text: "package a_test\n\ntest_a if { 1 == 1 }\n" }] });
'

for t in "${targets[@]}"; do
  say "fuzzing ${t} for ${seconds} s"
  cargo fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 2>&1 \
    | grep -E "^(stat::|#[0-9]+ +DONE|==[0-9]+==|SUMMARY|Done)|panicked|artifact_prefix|Test unit written" || true
  if ls "fuzz/artifacts/$t"/crash-* >/dev/null 2>&1; then
    echo "crashes in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
