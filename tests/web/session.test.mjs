// The package's sessions in real Node (what the page's workers use, www/worker.js): a snapshot
// opened once, checked in shards with any config, the answer built from the shards' findings,
// the same as one whole `check`; and the calls never throw. Run after scripts/build-wasm.sh:
// `node --test tests/web/session.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });

const example = (name) => ({
  snapshot: readFileSync(`${root}examples/${name}/snapshot.json`, 'utf8'),
  config: JSON.parse(readFileSync(`${root}examples/${name}/org.json`, 'utf8')),
});

/** A check through the session (already open): `n` shards, then the answer from them. */
function inShards(call, n) {
  const { config, policies, format, plain, matrix } = call;
  const parts = [];
  for (let k = 0; k < n; k += 1) {
    const shard = pg.checkShard({ config, policies, k, n });
    if (shard.type !== 'success') return shard;
    assert.equal(typeof shard.part, 'string');
    parts.push(shard.part);
  }
  return pg.finishCheck({ config, policies, format, plain, matrix }, parts);
}

test('a session answers as one whole check, in any number of shards, for every example and edit', () => {
  for (const name of ['agency-onboarding', 'kitchen-sink', 'clean']) {
    const { snapshot, config } = example(name);
    const edited = structuredClone(config);
    for (const p of Object.values(edited.partners ?? {})) if (p.role) p.role = 'reporting';
    assert.equal(pg.openSession(snapshot).type, 'success');
    for (const call of [
      { config, matrix: true, plain: true },
      { config: edited, matrix: true, plain: true, format: 'markdown' },
      { config: JSON.stringify(config), format: 'sarif' },
      { config: null, matrix: true },
      { config: { thresholds: { inactive_days: 'soon' } } },
    ]) {
      const whole = pg.check({ snapshot, ...call });
      for (const n of [1, 2, 3, 7]) {
        assert.deepEqual(inShards(call, n), whole, `${name}, ${n} shards, ${JSON.stringify(call).slice(0, 80)}`);
      }
    }
  }
});

test('"now" is the session\'s: a check as of another date', () => {
  const { snapshot, config } = example('agency-onboarding');
  const now = '2027-06-01T00:00:00Z';
  assert.equal(pg.openSession(snapshot, now).type, 'success');
  const answer = inShards({ config }, 2);
  assert.equal(answer.report.evaluated_at, now);
  assert.deepEqual(answer, pg.check({ snapshot, config, now }));
  assert.equal(pg.openSession(snapshot, 'yesterday').type, 'success');
  assert.deepEqual(inShards({ config }, 2), pg.check({ snapshot, config, now: 'yesterday' }));
});

test('a snapshot that cannot be read fails to open as it fails to check; the calls never throw', () => {
  const { config } = example('agency-onboarding');
  const bad = '{\n  "schema_version": 1,\n  "captured_at": "2026-11-01T00:00:00Z",,\n}';
  const opened = pg.openSession(bad);
  assert.equal(opened.type, 'failure');
  assert.deepEqual(opened, (({ type, kind, errors }) => ({ type, kind, errors }))(pg.check({ snapshot: bad, config })));
  // Nothing is open now: a shard says so.
  const none = pg.checkShard({ config, k: 0, n: 1 });
  assert.equal(none.type, 'failure');
  assert.equal(none.kind, 'usage');
  assert.match(none.errors[0].message, /no snapshot is open/);
  // An object is taken as the snapshot's JSON.
  assert.equal(pg.openSession(JSON.parse(example('clean').snapshot)).type, 'success');
  for (const [what, answer] of [
    ['a shard that does not exist', pg.checkShard({ k: 2, n: 2 })],
    ['no shard count', pg.checkShard({ k: 0 })],
    ['an unknown field', pg.checkShard({ k: 0, n: 1, snapshot: '{}' })],
    ['not JSON', pg.checkShard('{')],
    ['parts not an array', pg.finishCheck({}, 'nope')],
    ['a part not a string', pg.finishCheck({}, [1])],
    ['a part not findings', pg.finishCheck({}, ['{"a": 1}'])],
    ['an unknown field in finish', pg.finishCheck({ k: 0 }, [])],
  ]) {
    assert.equal(answer.type, 'failure', what);
    assert.equal(answer.kind, 'usage', what);
  }
  // No shards at all: the answer of a check without the early rules' findings, not an error.
  assert.equal(pg.finishCheck({}, []).type, 'success');
});
