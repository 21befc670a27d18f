// The WebAssembly package in real Node: the web build loaded with initSync, as an agency
// portal's server or a test would. Run after scripts/build-wasm.sh: `node --test tests/web/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });

const call = (fn, arg) => JSON.parse(fn(JSON.stringify(arg)));
const sample = (name) => JSON.parse(pg.samples()).find((s) => s.name === name);

test('checks the bundled sample and finds the planted problems', () => {
  const s = sample('agency-onboarding');
  const a = call(pg.check, { snapshot: s.snapshot, config: s.config, format: 'csv' });
  assert.equal(a.type, 'success');
  const rules = new Set(a.report.findings.map((f) => f.rule));
  for (const r of ['partner-owns-asset', 'partner-full-control', 'grant-to-unknown-grantee', 'exception-expired']) {
    assert.ok(rules.has(r), `${r} missing`);
  }
  assert.equal(a.report.summary.rules_evaluated, 30);
  assert.ok(a.rendered.startsWith('status,severity,rule,'));
});

test('the clean sample has no findings, and objects work as well as text', () => {
  const s = sample('clean');
  const a = call(pg.check, { snapshot: JSON.parse(s.snapshot), config: JSON.parse(s.config) });
  assert.equal(a.type, 'success');
  assert.deepEqual(a.report.findings, []);
});

test('bad input comes back as a typed failure with its place', () => {
  const a = call(pg.check, { snapshot: '{\n"schema_version": 1,\n"captured_at": ]' });
  assert.equal(a.type, 'failure');
  assert.equal(a.kind, 'snapshot');
  assert.equal(a.errors[0].line, 3);
  const b = call(pg.check, { snapshot: '{}', policies: [{ path: 'acme.rego', text: 'package x\n\nallow if {' }] });
  assert.equal(b.kind, 'policy');
  assert.equal(b.errors[0].file, 'acme.rego');
  const c = JSON.parse(pg.check('not json'));
  assert.equal(c.type, 'failure');
});

test('catalog, roles, custom tests, import and version', () => {
  assert.equal(call(pg.rules, {}).rules.length, 30);
  assert.equal(Object.keys(call(pg.roles, {}).roles).length, 9);
  const t = call(pg.runTests, { policies: [{ path: 'a_test.rego', text: 'package a_test\n\ntest_ok if { true }\n' }] });
  assert.equal(t.tests.passed, 1);
  const bundle = readFileSync(`${root}tests/fixtures/graph/sample-graph-bundle.json`, 'utf8');
  assert.equal(call(pg.importBundle, { bundle }).snapshot.business.name, 'Acme Retail');
  assert.match(pg.version(), /^\d+\.\d+\.\d+$/);
});
