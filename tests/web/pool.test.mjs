// The page's engine: a pool of Web Workers sized to the machine, each keeping the export of the
// last check (www/lib/engine.js, www/worker.js). In real headless Chromium, run after
// scripts/build-wasm.sh: `node --test tests/web/pool.test.mjs`. What is asserted is behaviour
// (which messages go to which worker, the answers), never timing: scripts/bench-wasm.mjs times it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, addEndlessPolicy, findingRules, waitForFindings, openPage, pageServer } from './browser.mjs';
import { poolSize, MAX_WORKERS } from '../../www/lib/engine.js';

const example = (name) => ({
  snapshot: readFileSync(`${ROOT}examples/${name}/snapshot.json`, 'utf8'),
  config: JSON.parse(readFileSync(`${ROOT}examples/${name}/org.json`, 'utf8')),
});
const SAMPLE = example('agency-onboarding');
const KITCHEN = example('kitchen-sink');

const env = pageServer();

/**
 * Runs in the page before its scripts: records every engine worker created and terminated and
 * every message the page sends one (its operation, and the length of the export it carries), as
 * `window.__pool`; with `cores`, the machine has that many cores (navigator.hardwareConcurrency).
 */
function spyOnWorkers(cores) {
  if (cores !== null) Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores, configurable: true });
  const pool = { created: 0, terminated: 0, sent: [] };
  window.__pool = pool;
  const Real = window.Worker;
  window.Worker = class extends Real {
    constructor(url, options) {
      super(url, options);
      this.engine = String(url).endsWith('/worker.js');
      if (this.engine) this.n = pool.created++;
    }

    postMessage(message, ...rest) {
      if (this.engine) pool.sent.push({ worker: this.n, op: message?.op, snapshot: typeof message?.snapshot === 'string' ? message.snapshot.length : 0 });
      return super.postMessage(message, ...rest);
    }

    terminate() {
      if (this.engine) pool.terminated += 1;
      return super.terminate();
    }
  };
}

function open({ query = '', cores = null } = {}) {
  return openPage(env, { query, init: { script: spyOnWorkers, arg: cores } });
}

const pool = (page) => page.evaluate(() => structuredClone(window.__pool));
const ops = (messages) => messages.map((m) => m.op).filter((op) => op !== 'init');

test('the pool has one worker per core, at least one and at most four; ?workers= overrides it', async () => {
  assert.equal(poolSize(undefined), 1);
  assert.equal(poolSize(0), 1);
  assert.equal(poolSize(2), 2);
  assert.equal(poolSize(64), MAX_WORKERS);
  assert.equal(MAX_WORKERS, 4);
  for (const [cores, query, expected] of [[1, '', 1], [3, '', 3], [16, '', 4], [16, '?workers=2', 2]]) {
    const { context, page, errors } = await open({ cores, query });
    await page.waitForFunction((n) => window.__pool.sent.filter((m) => m.op === 'init').length === n, expected);
    const p = await pool(page);
    assert.equal(p.created, expected, `${cores} cores ${query}`);
    // Each is given the compiled module once; none was sent an export yet.
    assert.deepEqual(p.sent.filter((m) => m.op === 'init').map((m) => m.worker).sort(), [...Array(expected).keys()]);
    assert.equal(p.sent.filter((m) => m.snapshot > 0).length, 0);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('an edit of the config checks again in every worker without sending the export again', async () => {
  const { context, page, errors } = await open({ query: '?workers=2' });
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const first = await pool(page);
  // The export went to each worker once, then each evaluated its shard, and the first finished.
  const opens = first.sent.filter((m) => m.op === 'open');
  assert.deepEqual(opens.map((m) => m.worker).sort(), [0, 1]);
  assert.ok(opens.every((m) => m.snapshot === SAMPLE.snapshot.length));
  assert.deepEqual(first.sent.filter((m) => m.op === 'shard').map((m) => m.worker).sort(), [0, 1]);
  assert.deepEqual(first.sent.filter((m) => m.op === 'finish').map((m) => m.worker), [0]);

  // Studio Fernhill's business ID confirmed, then Clearview's role taken away: two re-checks.
  await page.check('[data-path="partners.300720000000023.verified"]');
  await waitForFindings(page, (r) => !r.includes('unverified-partner') && r.length === 14, 'after confirming Studio Fernhill');
  await page.selectOption('#role-partners-300720000000022', '');
  await waitForFindings(page, (r) => r.includes('role-undeclared'), 'after clearing Clearview\'s role');
  const after = await pool(page);
  const since = after.sent.slice(first.sent.length);
  assert.equal(since.filter((m) => m.snapshot > 0).length, 0, 'the export was sent again');
  assert.ok(!ops(since).includes('open') && !ops(since).includes('check'), `${ops(since)}`);
  assert.equal(since.filter((m) => m.op === 'shard' && m.worker === 1).length, since.filter((m) => m.op === 'finish').length);
  assert.ok(since.filter((m) => m.op === 'finish').length >= 2);
  assert.equal(after.created, 2);
  assert.equal(after.terminated, 0);

  // Another export is a new input: each worker gets it once.
  await page.fill('#snapshot-input', KITCHEN.snapshot);
  await page.waitForFunction((n) => window.__pool.sent.filter((m) => m.snapshot === n).length === 2, KITCHEN.snapshot.length);
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked in'));
  const third = await pool(page);
  const opened = third.sent.slice(after.sent.length).filter((m) => m.op === 'open');
  assert.deepEqual(opened.map((m) => m.worker).sort(), [0, 1]);
  assert.ok(opened.every((m) => m.snapshot === KITCHEN.snapshot.length));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the pool\'s answers are those of one whole check, for any number of workers and any edit', async () => {
  const { context, page, errors } = await open();
  const custom = readFileSync(`${ROOT}www/lib/policies.js`, 'utf8').match(/const EXAMPLE_RULE = `([^`]*)`/)[1].replaceAll('\\t', '\t');
  const results = await page.evaluate(async ({ sample, kitchen, custom }) => {
    const { Engine } = await import('./lib/engine.js');
    const roleless = structuredClone(sample.config);
    delete roleless.partners['300720000000022'].role;
    const retitled = structuredClone(sample.config);
    retitled.partners['300720000000022'].role = 'media_buyer';
    const calls = [
      { snapshot: sample.snapshot, config: sample.config, matrix: true, plain: true },
      { snapshot: sample.snapshot, config: retitled, matrix: true, plain: true },
      { snapshot: sample.snapshot, config: roleless, matrix: true, plain: true },
      { snapshot: sample.snapshot, config: roleless, format: 'markdown', plain: true },
      { snapshot: sample.snapshot, config: roleless, format: 'sarif' },
      { snapshot: sample.snapshot, config: sample.config, policies: [{ path: 'acme/rule.rego', text: custom }], matrix: true },
      { snapshot: sample.snapshot, config: sample.config, policies: [{ path: 'acme/rule.rego', text: 'package broken {' }] },
      { snapshot: sample.snapshot, config: { partners: { 300720000000022: { role: 'wizard' } } } },
      { snapshot: sample.snapshot, config: sample.config, now: '2027-03-01T00:00:00Z', matrix: true },
      { snapshot: sample.snapshot, config: sample.config, format: 'yaml' },
      { snapshot: kitchen.snapshot, config: kitchen.config, matrix: true, plain: true, format: 'table' },
      { snapshot: kitchen.snapshot, config: null, matrix: true },
      { snapshot: '{"schema_version": 1,', config: sample.config },
      { snapshot: kitchen.snapshot, config: kitchen.config, matrix: true, plain: true },
    ];
    const out = [];
    for (const workers of [1, 2, 3]) {
      const engine = new Engine({ workers });
      await engine.start();
      for (const [i, call] of calls.entries()) {
        const pooled = (await engine.call('check', call)).answer;
        // The same call as one whole check (the package's `check`) in a worker.
        const whole = (await engine.send(engine.workers[0], { op: 'check', arg: call })).answer;
        out.push({ workers, i, type: pooled.type, same: JSON.stringify(pooled) === JSON.stringify(whole), findings: pooled.report?.findings.length });
      }
      for (const slot of engine.workers) slot.worker.terminate();
    }
    return out;
  }, { sample: SAMPLE, kitchen: KITCHEN, custom });
  for (const r of results) assert.ok(r.same, `${r.workers} workers, call ${r.i} (${r.type}): not the answer of a whole check`);
  // Successes and failures both: the failures (a broken policy, a bad role, a bad format, bad JSON) are the same too.
  assert.deepEqual(results.filter((r) => r.workers === 1).map((r) => r.type), [
    'success', 'success', 'success', 'success', 'success', 'success', 'failure', 'failure', 'success', 'failure', 'success', 'success', 'failure', 'success',
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a check that runs too long: its busy workers are replaced, the fresh ones get the export, the page stays usable', async () => {
  const { context, page, errors } = await open({ query: '?timeout=2500&workers=2' });
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  await addEndlessPolicy(page);
  await page.waitForSelector('#banner:not([hidden])', { timeout: 15_000 });
  assert.match(await page.textContent('#status'), /ran too long/);
  const stopped = await pool(page);
  // The endless rule is in one shard: that worker was stopped and replaced; the other kept going.
  assert.ok(stopped.terminated >= 1 && stopped.terminated <= 2, `${stopped.terminated} terminated`);
  assert.equal(stopped.created, 2 + stopped.terminated);
  await page.click('#policy-remove');
  await page.click('#policy-remove-confirm');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked in'), null, { timeout: 15_000 });
  assert.equal((await findingRules(page)).length, 15);
  const after = await pool(page);
  // The export went again only to the fresh workers.
  const opened = after.sent.slice(stopped.sent.length).filter((m) => m.op === 'open').map((m) => m.worker);
  assert.deepEqual(opened.sort(), [...Array(stopped.terminated).keys()].map((k) => 2 + k));
  assert.deepEqual(errors, []);
  await context.close();
});

test('checks waiting behind a running one are dropped for the latest: only the last edit is checked', async () => {
  const { context, page, errors } = await open({ query: '?workers=2' });
  const r = await page.evaluate(async ({ snapshot, config }) => {
    const { Engine } = await import('./lib/engine.js');
    const engine = new Engine();
    await engine.start();
    const roles = ['reporting', 'creative', 'media_buyer'];
    const calls = roles.map((role) => {
      const c = structuredClone(config);
      c.partners['300720000000022'].role = role;
      return engine.call('check', { snapshot, config: c }, { latest: 'check' });
    });
    // Another kind of call in between is never dropped.
    const rules = engine.call('rules');
    const answers = await Promise.all([...calls, rules]);
    for (const slot of engine.workers) slot.worker.terminate();
    return answers.map((a) => a.answer?.type ?? null);
  }, SAMPLE);
  // The first ran at once; the second was still waiting when the third came: dropped.
  assert.deepEqual(r, ['success', null, 'success', 'success']);
  assert.deepEqual(errors, []);
  await context.close();
});
