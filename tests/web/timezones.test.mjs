// The download keeps only UTC and the fixed offsets `Etc/GMT±N` of the time-zone database
// (Cargo.toml, .cargo/config.toml): custom rules' `time.*` calls work with those, and another
// zone is a clear failure naming the rule, its file and line. Run after scripts/build-wasm.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });
const sample = pg.samples().samples.find((s) => s.name === 'agency-onboarding');

/** A custom rule reporting the capture time's date and clock in `zone`. */
const rule = (zone) => ({
  path: 'clock.rego',
  text: `# METADATA
# title: Capture clock
# description: The capture time in a zone.
# custom:
#   id: capture-clock
#   category: custom
#   severity: info
#   remediation: None.
package portfolio_guard.rules.custom.capture_clock

findings contains f if {
\tns := time.parse_rfc3339_ns(input.captured_at)
\tf := {
\t\t"message": sprintf("%v %v %v", [time.date([ns, "${zone}"]), time.clock([ns, "${zone}"]), time.weekday([ns, "${zone}"])]),
\t\t"subject": {"kind": "business", "id": input.business.id, "name": input.business.name},
\t}
}
`,
});

const clock = (zone) => {
  const a = pg.check({ snapshot: sample.snapshot, config: sample.config, policies: [rule(zone)] });
  if (a.type !== 'success') return a;
  return a.report.findings.filter((f) => f.rule === 'capture-clock').map((f) => f.message);
};

test('time.* built-ins work in UTC and at fixed offsets in the download', () => {
  // The sample was captured at 2026-11-01T09:30:00Z, a Sunday.
  assert.deepEqual(clock('UTC'), ['[2026, 11, 1] [9, 30, 0] Sunday']);
  assert.deepEqual(clock('Etc/GMT+10'), ['[2026, 10, 31] [23, 30, 0] Saturday']);
  assert.deepEqual(clock('Etc/GMT-2'), ['[2026, 11, 1] [11, 30, 0] Sunday']);
});

test('another zone is a failure that names the rule and says what the download knows', () => {
  const a = clock('Europe/Berlin');
  assert.equal(a.type, 'failure');
  assert.equal(a.kind, 'evaluation');
  assert.equal(a.errors[0].file, 'clock.rego');
  assert.match(a.errors[0].message, /^rule `capture-clock`: .*timezone.*only "UTC" and the fixed offsets/);
});
