// The WebAssembly package in real Node: the web build loaded with initSync, as an agency
// portal's server or a test would. Run after scripts/build-wasm.sh: `node --test tests/web/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });

const samples = pg.samples();
const sample = (name) => samples.samples.find((s) => s.name === name);

test('checks the bundled sample and finds the planted problems', () => {
  assert.equal(samples.type, 'success');
  const s = sample('agency-onboarding');
  const a = pg.check({ snapshot: s.snapshot, config: s.config, format: 'csv', matrix: true });
  assert.equal(a.type, 'success', JSON.stringify(a.errors));
  const rules = new Set(a.report.findings.map((f) => f.rule));
  for (const r of ['partner-owns-asset', 'partner-full-control', 'grant-to-unknown-grantee', 'exception-expired']) {
    assert.ok(rules.has(r), `${r} missing`);
  }
  assert.equal(a.report.summary.rules_evaluated, 30);
  assert.ok(a.rendered.startsWith('\uFEFFstatus,severity,rule,'), 'CSV starts with a byte order mark, then the header');
  // One cell per grant, and one for the ad account Brightline Media owns without a grant on it.
  assert.equal(a.matrix.cells.filter((c) => c.granted).length, JSON.parse(s.snapshot).grants.length);
  const owned = a.matrix.cells.filter((c) => !c.granted);
  assert.deepEqual(owned.map((c) => [a.matrix.principals[c.principal].name, a.matrix.assets[c.asset].id, c.level]),
    [['Brightline Media', 'act_120330000000103', 'owner']]);
  assert.equal(a.file_stem, 'northwind-outdoor-access-review-2026-11-01');
});

test('plain words: task names from the glossary, settings instead of config paths', () => {
  const s = sample('agency-onboarding');
  const { glossary } = pg.glossary();
  assert.equal(glossary.tasks.ad_account.MANAGE.level, 'full_control');
  assert.equal(glossary.tasks.pixel.EDIT.level, 'full_control');
  assert.equal(glossary.tasks.ad_account.ANALYZE.level, 'view_only');
  const technical = pg.check({ snapshot: s.snapshot, config: s.config });
  const plain = pg.check({ snapshot: s.snapshot, config: s.config, plain: true });
  assert.equal(plain.type, 'success');
  // The same findings, in other words.
  const key = (f) => `${f.rule} ${f.subject.id} ${f.asset?.id ?? ''}`;
  assert.deepEqual(plain.report.findings.map(key), technical.report.findings.map(key));
  const texts = plain.report.findings.map((f) => `${f.title} ${f.message} ${f.remediation}`).join('\n');
  assert.doesNotMatch(texts, /PROFILE_PLUS_|\bAA_ANALYZE\b|org config|`|\b(partners|members)\.\d|exceptions\[\d/);
  const lena = plain.report.findings.find((f) => f.rule === 'grant-exceeds-role' && f.asset?.type === 'instagram_account');
  assert.deepEqual(lena.controls, [{ path: 'members.200510000000014.role' }]);
  assert.ok(lena.terms.some((t) => t.code === 'CONTENT' && lena.message.includes(t.name)), lena.message);
  // The client's Markdown: no rule ids, no config paths.
  const md = pg.check({ snapshot: s.snapshot, config: s.config, plain: true, format: 'markdown' }).rendered;
  assert.match(md, /^# Access review: Northwind Outdoor/);
  assert.doesNotMatch(md, /partner-full-control|org config|exceptions\[/);
});

test('the same call as JSON text gives the same report', () => {
  const s = sample('agency-onboarding');
  const fromObject = pg.check({ snapshot: JSON.parse(s.snapshot), config: JSON.parse(s.config) });
  const fromText = pg.check(JSON.stringify({ snapshot: s.snapshot, config: s.config }));
  assert.equal(fromObject.type, 'success');
  assert.deepEqual(fromText.report.findings, fromObject.report.findings);
});

test('the clean sample has no findings', () => {
  const s = sample('clean');
  const a = pg.check({ snapshot: JSON.parse(s.snapshot), config: JSON.parse(s.config) });
  assert.equal(a.type, 'success');
  assert.deepEqual(a.report.findings, []);
});

test('bad input comes back as a typed failure with its place, never a throw', () => {
  const a = pg.check({ snapshot: '{\n"schema_version": 1,\n"captured_at": ]' });
  assert.equal(a.type, 'failure');
  assert.equal(a.kind, 'snapshot');
  assert.equal(a.errors[0].line, 3);
  const b = pg.check({ snapshot: '{}', policies: [{ path: 'acme.rego', text: 'package x\n\nallow if {' }] });
  assert.equal(b.type, 'failure');
  assert.equal(b.kind, 'policy');
  assert.equal(b.errors[0].file, 'acme.rego');
  assert.ok(b.errors[0].line >= 3);
  const c = pg.check('not json');
  assert.equal(c.type, 'failure');
  assert.equal(c.kind, 'usage');
  const d = pg.check({ snapshot: sample('clean').snapshot, config: { thresholds: { inactive_days: 'ninety' } } });
  assert.equal(d.kind, 'config');
  assert.match(d.errors[0].path, /inactive_days/);
  // Values JSON cannot hold are a failure too, not an exception.
  const cyclic = {};
  cyclic.self = cyclic;
  const e = pg.check(cyclic);
  assert.equal(e.type, 'failure');
  assert.equal(e.kind, 'usage');
  const f = pg.check(undefined);
  assert.equal(f.type, 'failure');
});

test('a panic inside the engine is an internal failure, and the next call works', () => {
  const a = pg.__panicForTests();
  assert.equal(a.type, 'failure');
  assert.equal(a.kind, 'internal');
  assert.match(a.errors[0].message, /deliberate panic/);
  const s = sample('agency-onboarding');
  const b = pg.check({ snapshot: s.snapshot, config: s.config });
  assert.equal(b.type, 'success');
});

test('catalog, roles, defaults, custom tests, import and version', () => {
  assert.equal(pg.rules().rules.length, 30);
  assert.equal(pg.rules({ policies: [] }).rules.length, 30);
  // Nine roles for partners' and people's jobs, and `in_house_admin` for your own staff.
  assert.equal(Object.keys(pg.roles().roles).length, 10);
  assert.equal(typeof pg.defaults().config.thresholds.inactive_days, 'number');
  const t = pg.runTests({
    policies: [{ path: 'a_test.rego', text: 'package a_test\n\ntest_ok if { true }\n\ntest_bad if { false }\n' }],
  });
  assert.equal(t.tests.passed, 1);
  assert.equal(t.tests.failed, 1);
  const bundle = readFileSync(`${root}tests/fixtures/graph/sample-graph-bundle.json`, 'utf8');
  const imported = pg.importBundle({ bundle });
  assert.equal(imported.snapshot.business.name, 'Acme Retail');
  const checked = pg.check({ snapshot: bundle });
  assert.equal(checked.type, 'success');
  assert.match(pg.version(), /^\d+\.\d+\.\d+$/);
});

// The collection plan in Node: the page's own driver (www/lib/collect.js) with Node's fetch,
// against the fake Graph API (tests/fake-graph/) with its faults on (a 500, a rate limit, one
// Page whose partners cannot be read). The bundle checks like the native CLI's.
test('collects from a Graph API in Node with the same driver as the page', async () => {
  const { startFakeGraph } = await import(`${root}tests/fake-graph/server.mjs`);
  const { collect } = await import(`${root}www/lib/collect.js`);
  const token = 'EAAB-node-token-31337';
  const fixture = `${root}tests/fixtures/collect/business.snapshot.json`;
  const fake = await startFakeGraph({ snapshotPath: fixture, token });
  try {
    const snapshot = JSON.parse(readFileSync(fixture, 'utf8'));
    const seen = [];
    const started = performance.now();
    const result = await collect({
      pkg: pg, businessId: snapshot.business.id, token, graphUrl: fake.url, retryBaseMs: 10,
      onProgress: (p) => seen.push(p.done),
    });
    const ms = performance.now() - started;
    assert.equal(result.type, 'success', JSON.stringify(result.errors));
    assert.ok(!result.bundle.includes(token), 'the token is in the bundle');
    assert.ok(seen.at(-1) > 100 && seen.every((d, i) => i === 0 || d >= seen[i - 1]), 'progress goes forward');
    const calls = fake.log.filter((c) => c.method === 'POST');
    assert.ok(calls.length <= 8, `${calls.length} HTTP calls`);
    const now = snapshot.captured_at;
    const collected = pg.check({ snapshot: result.bundle, now });
    assert.equal(collected.type, 'success', JSON.stringify(collected.errors));
    assert.equal(collected.report.warnings.length, 1);
    assert.match(collected.report.warnings[0], /could not read which partners have access to Page `/);
    // The native command line, on the same bundle, finds the same.
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const bundlePath = `${mkdtempSync(`${tmpdir()}/pg-collect-`)}/collect-node.bundle.json`;
    writeFileSync(bundlePath, result.bundle);
    const { spawnSync } = await import('node:child_process');
    const native = spawnSync('cargo', ['run', '--quiet', '--', 'check', bundlePath, '--now', now, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    if (native.error) {
      console.log('cargo not available: the native comparison is skipped');
    } else {
      assert.deepEqual(JSON.parse(native.stdout).findings, collected.report.findings);
    }
    console.log(`collected ${result.progress.total} requests in ${calls.length} HTTP calls, ${ms.toFixed(0)} ms (Node, fake Graph API, 10 ms backoff)`);
  } finally {
    await fake.close();
  }
});
