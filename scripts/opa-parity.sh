#!/usr/bin/env bash
# Checks the built-in policies against OPA, the reference Rego implementation, as a second
# opinion on regorus (the engine portfolio-guard embeds):
#
#   1. `opa test`, `opa check --strict` and `opa fmt --list` on policies/ must all pass;
#   2. on generated snapshots of 1,000 and 10,000 grants, every rule's `findings` evaluated by
#      `opa eval` must equal the findings of `portfolio-guard check` (suppressed ones included),
#      compared on the fields the Rego rules produce.
#
# Skipped (exit 0) when there is no OPA binary: none on PATH and no `OPA=/path/to/opa`.
# docs/performance.md says how to build one offline.
#
# Environment:
#   OPA=/path/to/opa              the OPA binary to use (default: `opa` on PATH)
#   PORTFOLIO_GUARD=/path/to/bin  a built portfolio-guard to run instead of `cargo run --release`
#   OPA_PARITY_SIZES="1000 10000" the snapshot sizes (grants) to compare
#   OPA_PARITY_KEEP=1             keep the temporary folder (snapshots, data, both results)
#
# Exit status: 0 all passed (or skipped), 1 a check failed or the results differ, 2 bad setup.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# The OPA binary: $OPA if set (a path or a command name), else `opa` on PATH.
if [[ -n "${OPA:-}" ]]; then
    opa_bin=$(command -v -- "$OPA" || true)
    if [[ -z "$opa_bin" || ! -x "$opa_bin" ]]; then
        echo "opa-parity: OPA=$OPA is not an executable" >&2
        exit 2
    fi
else
    opa_bin=$(command -v opa || true)
fi
if [[ -z "$opa_bin" ]]; then
    echo "opa-parity: no opa binary on PATH; skipped (build one: see docs/performance.md)"
    exit 0
fi
opa() { "$opa_bin" "$@"; }
say "using $opa_bin ($(opa version 2>/dev/null | sed -n 's/^Version: //p'))"

# portfolio-guard itself: a given binary, or the release build through cargo.
pg() {
    if [[ -n "${PORTFOLIO_GUARD:-}" ]]; then
        "$PORTFOLIO_GUARD" "$@"
    else
        cargo run --release --quiet -- "$@"
    fi
}

work=$(mktemp -d -t opa-parity.XXXXXX)
if [[ -n "${OPA_PARITY_KEEP:-}" ]]; then
    say "keeping the temporary files in $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# Every failed check is recorded and the script goes on, so one run shows them all.
failures=()
fail() {
    failures+=("$1")
    printf '\033[31mFAIL\033[0m %s\n' "$1" >&2
}

# ---------------------------------------------------------------------------------------------
# 1. OPA's own checks on policies/.
#
# The data files must sit where the engine puts them. OPA mounts a JSON file at its folder's
# path, so policies/config/data.json is `data.config` and policies/config/roles/data.json is
# `data.config.roles`, as in the engine; but the task glossary policies/config/tasks.json would
# land in `data.config` too, while the engine passes it as `data.portfolio_guard.tasks`. So the
# glossary is left out (--ignore tasks.json) and given again under the engine's path.
jq '{portfolio_guard: {tasks: .}}' policies/config/tasks.json >"$work/glossary.json"
policy_args=(policies/ "$work/glossary.json" --ignore tasks.json)

say "opa test policies/"
if ! opa test "${policy_args[@]}"; then
    fail "opa test policies/"
fi

say "opa check --strict policies/"
if ! opa check --strict "${policy_args[@]}"; then
    fail "opa check --strict policies/"
fi

say "opa fmt --list policies/"
if ! unformatted=$(opa fmt --list policies/); then
    fail "opa fmt --list policies/ (it could not read them)"
elif [[ -n "$unformatted" ]]; then
    printf '%s\n' "$unformatted" >&2
    fail "opa fmt: these files are not formatted as OPA formats them (opa fmt -w to fix)"
fi

# ---------------------------------------------------------------------------------------------
# 2. The same findings from OPA and from portfolio-guard.

# Adds `runtime.matched_exceptions` to a data document. The engine evaluates the `exceptions`
# rules after the others, with the indexes of the exceptions that matched one of their findings
# (policies/lib/lib.rego); this recomputes that set from the report as src/engine.rs
# `apply_exceptions` does: a live exception (not expired by "now") matches a finding of the
# other rules (open or suppressed) with its rule and subject id, and its asset id if it names
# one. (The report's `suppressed[].exception.id` shows only the first exception that matched a
# finding; every one of them counts.)
add_matched_exceptions() { # ORG REPORT DATA_IN DATA_OUT
    node - "$@" <<'JS'
const fs = require('fs');
const [orgFile, reportFile, dataIn, dataOut] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const org = read(orgFile), report = read(reportFile), data = read(dataIn);

// src/time.rs DateOrTime: a date covers its whole day (UTC); a time ends at that instant.
// Returns the first instant (ms) after the value, or null when it is neither.
function end(s) {
  if (typeof s !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(t) ? null : t + 86400000;
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
const now = Date.parse(report.evaluated_at);
const early = [
  ...report.findings.filter((f) => f.category !== 'exceptions'),
  ...report.suppressed.map((s) => s.finding),
];
const matched = [];
(org.exceptions || []).forEach((e, i) => {
  const e_end = end(e.expires);
  if (e_end === null || e_end <= now) return; // expired exceptions never suppress
  const hit = early.some((f) => f.rule === e.rule && f.subject.id === e.subject
    && (e.asset == null || (f.asset != null && f.asset.id === e.asset)));
  if (hit) matched.push(i);
});
// Every exception the report shows as applied must be among them.
for (const s of report.suppressed) {
  const i = Number(/^exceptions\[(\d+)\]$/.exec(s.exception.id)?.[1]);
  if (!matched.includes(i)) {
    console.error(`opa-parity: ${s.exception.id} suppressed a finding but was not recomputed as matched`);
    process.exit(2);
  }
}
data.runtime = data.runtime || {};
if (data.runtime.matched_exceptions !== undefined
    && JSON.stringify(data.runtime.matched_exceptions) !== JSON.stringify(matched)) {
  console.error(`opa-parity: note: the data document's matched_exceptions ${JSON.stringify(data.runtime.matched_exceptions)} replaced by ${JSON.stringify(matched)}`);
}
data.runtime.matched_exceptions = matched;
fs.writeFileSync(dataOut, JSON.stringify(data));
console.log(`${matched.length} of ${(org.exceptions || []).length} exceptions matched a finding`);
JS
}

# Compares OPA's result with the report. Each Rego finding object is turned into what the report
# shows, as src/engine.rs `to_finding` does: `message`; `subject` {kind, id, name}; `asset`
# {id, type, name} or none; `remediation`, the rule's own (its METADATA) when the object has
# none; every other key under `details`. The report's findings lose what the engine adds
# (`rule`, `category`, `severity`, `title`, and `terms`/`controls` of plain reports). The two
# sides are then compared as multisets per rule. Exit 1 when they differ.
compare() { # LABEL CATALOG ORG REPORT OPA_RESULT
    node - "$@" <<'JS'
const fs = require('fs');
const [label, catalogFile, orgFile, reportFile, opaFile] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const catalog = read(catalogFile), org = read(orgFile), report = read(reportFile), opa = read(opaFile);

if (opa.errors) {
  console.error(`${label}: opa eval failed:\n${JSON.stringify(opa.errors, null, 2)}`);
  process.exit(1);
}
const rulesDoc = opa.result?.[0]?.expressions?.[0]?.value;
if (rulesDoc === undefined) {
  console.error(`${label}: data.portfolio_guard.rules is undefined in OPA`);
  process.exit(1);
}

// JSON with sorted keys: the identity of a finding.
const canon = (v) => Array.isArray(v) ? `[${v.map(canon).join(',')}]`
  : v !== null && typeof v === 'object'
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`
    : JSON.stringify(v);
const optionalString = (v) => typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const id = (v) => typeof v === 'number' ? String(v) : v;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function fromOpa(rule, f) {
  if (!isObject(f)) return { invalid_finding: f };
  const { message, subject, asset, remediation, ...details } = f;
  const out = {
    message,
    subject: isObject(subject)
      ? { kind: subject.kind, id: id(subject.id), name: optionalString(subject.name) }
      : subject,
  };
  if (asset != null) {
    out.asset = isObject(asset)
      ? { id: id(asset.id), type: optionalString(asset.type), name: optionalString(asset.name) }
      : asset;
  }
  out.remediation = typeof remediation === 'string' && remediation.trim() !== ''
    ? remediation : rule.remediation;
  if (Object.keys(details).length > 0) out.details = details;
  return out;
}
function fromReport(f) {
  const out = { message: f.message, subject: f.subject };
  if (f.asset != null) out.asset = f.asset;
  out.remediation = f.remediation;
  if (f.details && Object.keys(f.details).length > 0) out.details = f.details;
  return out;
}

// Both sides as rule id -> list of normalized findings.
const disabled = new Set(org.rules?.disabled || []);
const rules = catalog.filter((r) => !disabled.has(r.id));
const opaSide = new Map(), cliSide = new Map();
const known = new Set();
for (const r of rules) {
  const path = r.package.replace(/^portfolio_guard\.rules\./, '').split('.');
  known.add(path.join('.'));
  let node = rulesDoc;
  for (const p of path) node = isObject(node) ? node[p] : undefined;
  let findings = isObject(node) ? node.findings : undefined;
  if (findings === undefined) findings = [];
  if (!Array.isArray(findings)) findings = [{ findings_is_not_a_set: findings }];
  opaSide.set(r.id, findings.map((f) => fromOpa(r, f)));
  cliSide.set(r.id, []);
}
for (const f of [...report.findings, ...report.suppressed.map((s) => s.finding)]) {
  if (!cliSide.has(f.rule)) cliSide.set(f.rule, []);
  cliSide.get(f.rule).push(fromReport(f));
}
// Packages with `findings` in OPA that the catalog does not name: worth knowing, not a failure.
(function walk(node, path) {
  if (!isObject(node)) return;
  if ('findings' in node && !known.has(path.join('.'))) {
    console.log(`  note: OPA has findings in portfolio_guard.rules.${path.join('.')}, which is not an enabled rule`);
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'findings') walk(v, [...path, k]);
})(rulesDoc, []);

// Multiset comparison per rule.
let opaTotal = 0, cliTotal = 0, identical = 0;
const diffs = [], perRule = [];
for (const ruleId of [...new Set([...opaSide.keys(), ...cliSide.keys()])].sort()) {
  const a = opaSide.get(ruleId) || [], b = cliSide.get(ruleId) || [];
  opaTotal += a.length; cliTotal += b.length;
  const left = new Map();
  for (const f of a) { const k = canon(f); left.set(k, [...(left.get(k) || []), f]); }
  let same = 0;
  const onlyCli = [];
  for (const f of b) {
    const k = canon(f), l = left.get(k);
    if (l && l.length > 0) { l.pop(); same += 1; } else onlyCli.push(f);
  }
  const onlyOpa = [...left.values()].flat();
  identical += same;
  if (onlyOpa.length || onlyCli.length) {
    perRule.push(`${ruleId}: opa ${a.length}, cli ${b.length}, identical ${same}`);
    for (const f of onlyOpa) diffs.push({ side: 'only in opa', ruleId, f });
    for (const f of onlyCli) diffs.push({ side: 'only in cli', ruleId, f });
  }
}

console.log(`${label}: ${opaTotal} findings from opa, ${cliTotal} from portfolio-guard, ${identical} identical`);
if (diffs.length === 0) process.exit(0);
console.log(`  rules that differ:\n${perRule.map((l) => `    ${l}`).join('\n')}`);
console.log(`  differences (first ${Math.min(10, diffs.length)} of ${diffs.length}):`);
for (const { side, ruleId, f } of diffs.slice(0, 10)) {
  console.log(`    - ${side} [${ruleId}] ${canon(f)}`);
}
process.exit(1);
JS
}

say "portfolio-guard rules (the catalog: each rule's id, package and remediation)"
pg rules --format json >"$work/catalog.json"

for n in ${OPA_PARITY_SIZES:-1000 10000}; do
    snapshot="$work/g$n.json" org="$work/g$n.org.json"
    say "$n grants: generate, check with portfolio-guard, build the data document"
    pg gen --grants "$n" --seed 1 -o "$snapshot" --config-out "$org"
    now=$(jq -r .captured_at "$snapshot")
    pg check "$snapshot" --config "$org" --now "$now" --format json --fail-on never \
        -o "$work/g$n.report.json"
    # The engine's whole `data` (config, runtime, portfolio_guard.tasks and .facts), exactly
    # as it passes it to regorus.
    if ! pg data "$snapshot" --config "$org" --now "$now" -o "$work/g$n.data.json"; then
        fail "$n grants: portfolio-guard data (the command that writes the engine's data document)"
        continue
    fi
    if ! add_matched_exceptions "$org" "$work/g$n.report.json" "$work/g$n.data.json" \
        "$work/g$n.data.opa.json"; then
        fail "$n grants: the matched exceptions"
        continue
    fi

    # The rules' packages only: no tests, and no JSON from policies/ (the data document
    # already holds it, and OPA would mount it at other paths). A file given by name is loaded
    # whatever --ignore says.
    say "$n grants: opa eval data.portfolio_guard.rules"
    start=$(date +%s%N)
    opa_rc=0
    opa eval --format json --metrics \
        -d policies/ --ignore '*_test.rego' --ignore '*.json' \
        -d "$work/g$n.data.opa.json" -i "$snapshot" \
        'data.portfolio_guard.rules' >"$work/g$n.opa.json" || opa_rc=$?
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    eval_ms=$(jq -r '(.metrics.timer_rego_query_eval_ns // 0) / 1e6 | floor' "$work/g$n.opa.json" 2>/dev/null || echo '?')
    echo "$n grants: opa eval took ${elapsed_ms} ms (query evaluation alone ${eval_ms} ms)"
    if ((opa_rc != 0)); then
        jq . "$work/g$n.opa.json" >&2 || true
        fail "$n grants: opa eval exited with $opa_rc"
        continue
    fi

    if ! compare "$n grants" "$work/catalog.json" "$org" "$work/g$n.report.json" \
        "$work/g$n.opa.json"; then
        fail "$n grants: OPA's findings differ from portfolio-guard's"
    fi
done

# ---------------------------------------------------------------------------------------------
if ((${#failures[@]} > 0)); then
    say "opa-parity: ${#failures[@]} failed:"
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
fi
say "opa-parity: OPA agrees"
