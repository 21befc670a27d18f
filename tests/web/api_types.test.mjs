// The package's typed boundary in real Node: calls go in as JS objects (converted by
// serde-wasm-bindgen into the library's own call types) or JSON text, answers come out as plain
// JS objects converted from the library's answer types; a bad argument is a failure naming its
// JSON path, never a throw; a panic is still an `internal` failure. Also: the .d.ts is the one
// generated from the Rust types. Run after scripts/build-wasm.sh: `node --test tests/web/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });

const example = (name) => ({
  snapshot: readFileSync(`${root}examples/${name}/snapshot.json`, 'utf8'),
  config: readFileSync(`${root}examples/${name}/org.json`, 'utf8'),
});

/** Every object in `value` (itself included), with its path. */
function* objects(value, path = '') {
  if (value === null || typeof value !== 'object') return;
  yield [path, value];
  for (const [k, v] of Object.entries(value)) yield* objects(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
}

test('objects in, plain objects out: the same answer as for text', () => {
  const { snapshot, config } = example('agency-onboarding');
  const fromObjects = pg.check({ snapshot: JSON.parse(snapshot), config: JSON.parse(config), matrix: true, plain: true });
  assert.equal(fromObjects.type, 'success', JSON.stringify(fromObjects.errors));
  // Nothing but plain objects and arrays: no Map, no class instance, no JSON text to parse.
  for (const [path, o] of objects(fromObjects)) {
    const proto = Object.getPrototypeOf(o);
    assert.ok(proto === Object.prototype || proto === Array.prototype, `${path} is a ${o.constructor?.name}`);
  }
  assert.equal(typeof fromObjects.report, 'object');
  assert.ok(fromObjects.report.findings.some((f) => Object.keys(f.details ?? {}).length > 0), 'details are objects with their fields');
  // The same call as text, and with the snapshot and config as text: the same answer.
  const fromText = pg.check(JSON.stringify({ snapshot, config, matrix: true, plain: true }));
  const mixed = pg.check({ snapshot, config, matrix: true, plain: true });
  assert.deepEqual(fromText, fromObjects);
  assert.deepEqual(mixed, fromObjects);
  // And as JSON would give it: `null` where the Rust answer has none, no `undefined` anywhere.
  assert.deepEqual(JSON.parse(JSON.stringify(fromObjects)), fromObjects);
  const unknown = fromObjects.matrix.principals.find((p) => !p.known);
  assert.equal(unknown.name, null);
});

test('a bad argument is a usage failure naming its JSON path, never a throw', () => {
  const { snapshot, config } = example('agency-onboarding');
  const cyclic = { snapshot };
  cyclic.config = { custom: { self: cyclic } };
  const cases = [
    // [what, call, path, message]
    ['a wrong type', () => pg.check({ snapshot, plain: 'yes' }), 'plain', /invalid type: string "yes", expected a boolean/],
    ['a wrong type in a list', () => pg.check({ snapshot, policies: [{ path: 'a.rego', text: 42 }] }), 'policies[0].text', /expected a string/],
    ['a missing field', () => pg.check({ config }), 'snapshot', /missing field `snapshot`/],
    ['a missing field in a list', () => pg.runTests({ policies: [{ path: 'a_test.rego' }] }), 'policies[0].text', /missing field `text`/],
    ['an unknown field', () => pg.check({ snapshot, polices: [] }), 'polices', /unknown field `polices`/],
    ['a negative shard', () => pg.checkShard({ k: -1, n: 2 }), 'k', /invalid value: integer `-1`/],
    ['a fractional shard', () => pg.checkShard({ k: 0.5, n: 2 }), 'k', /invalid type: floating point `0.5`/],
    ['a function', () => pg.check({ snapshot, config: { partners: { '300720000000021': () => 1 } } }), 'config.partners.300720000000021', /bad call/],
    ['a symbol in a list', () => pg.rules({ policies: [Symbol('x')] }), 'policies[0]', /bad call/],
    ['an object that contains itself', () => pg.check(cyclic), /^config\.custom\.self(\.config\.custom\.self)*/, /nested more than 128 levels deep/],
    ['collection options', () => pg.startCollection({ business_id: 100000000000001 }), 'business_id', /expected a string/],
  ];
  for (const [what, call, path, message] of cases) {
    let answer;
    assert.doesNotThrow(() => { answer = call(); }, what);
    assert.equal(answer.type, 'failure', what);
    assert.equal(answer.kind, 'usage', what);
    assert.equal(answer.errors.length, 1, what);
    if (path instanceof RegExp) assert.match(answer.errors[0].path, path, what);
    else assert.equal(answer.errors[0].path, path, what);
    assert.match(answer.errors[0].message, message, what);
  }
  // What is wrong with the call as a whole has no path.
  for (const [what, call] of [['a number', () => pg.check(42)], ['not JSON', () => pg.check('{"snapshot": ')], ['a list', () => pg.check([])]]) {
    const answer = call();
    assert.equal(answer.kind, 'usage', what);
    assert.equal(answer.errors[0].path, undefined, what);
  }
  // The package still works after all that.
  assert.equal(pg.check({ snapshot, config }).type, 'success');
});

test('what JSON cannot tell apart is read as JSON would: undefined, NaN, BigInt', () => {
  const { snapshot, config } = example('agency-onboarding');
  const base = pg.check({ snapshot, config });
  // An `undefined` field is a missing one; a BigInt a number.
  const c = JSON.parse(config);
  c.thresholds = { ...c.thresholds, inactive_days: BigInt(c.thresholds?.inactive_days ?? 90) };
  const same = pg.check({ snapshot, config: c, now: undefined, format: undefined });
  assert.equal(same.type, 'success', JSON.stringify(same.errors));
  assert.deepEqual(same.report.findings, base.report.findings);
  // A number that is not a number is `null`, as JSON.stringify writes it: no threshold given, or
  // a wrong type where a number is required.
  const nan = pg.check({ snapshot, config: { ...JSON.parse(config), thresholds: { inactive_days: NaN } } });
  assert.equal(nan.type, 'success');
  const shard = pg.checkShard({ k: NaN, n: 1 });
  assert.equal(shard.kind, 'usage');
  assert.equal(shard.errors[0].path, 'k');
  assert.match(shard.errors[0].message, /invalid type: null/);
  // `undefined` in a list is `null` too.
  const nulls = pg.rules({ policies: [undefined] });
  assert.equal(nulls.errors[0].path, 'policies[0]');
  assert.match(nulls.errors[0].message, /invalid type: null/);
});

test('a snapshot given as text keeps its line numbers in errors', () => {
  const answer = pg.check({ snapshot: '{\n"schema_version": 1,\n"captured_at": ]' });
  assert.equal(answer.kind, 'snapshot');
  assert.equal(answer.errors[0].line, 3);
  assert.equal(answer.errors[0].file, 'snapshot');
});

test('a panic is still an internal failure, and the package starts afresh', () => {
  const a = pg.__panicForTests();
  assert.deepEqual(Object.keys(a).sort(), ['errors', 'kind', 'type']);
  assert.equal(a.type, 'failure');
  assert.equal(a.kind, 'internal');
  assert.match(a.errors[0].message, /^internal error: [^]*deliberate panic for tests/);
  const { snapshot, config } = example('clean');
  const b = pg.check({ snapshot: JSON.parse(snapshot), config: JSON.parse(config) });
  assert.equal(b.type, 'success');
  assert.deepEqual(b.report.findings, []);
});

test('the collection answers with objects, its failure in the shape of every other', () => {
  const refused = pg.startCollection({ business_id: 'acme' });
  assert.equal(refused.type, 'failure');
  assert.equal(refused.kind, 'collect');
  const started = pg.startCollection({ business_id: '100000000000001', graph_url: 'http://127.0.0.1:9' });
  assert.ok(started instanceof pg.Collection);
  const step = started.next();
  assert.equal(step.kind, 'send');
  assert.ok(step.calls.length > 0);
  assert.equal(step.calls[0].method, 'POST');
  assert.equal(typeof step.calls[0].form, 'object');
  assert.deepEqual(Object.keys(step.progress).sort(), ['calls', 'done', 'reading', 'total', 'waited_ms']);
  for (const c of step.calls) started.networkError(c.id, 'offline');
  let next = started.next();
  while (next.kind === 'wait' || next.kind === 'send') {
    for (const c of next.calls ?? []) started.networkError(c.id, 'offline');
    next = started.next();
  }
  assert.equal(next.kind, 'failed');
  assert.equal(next.error.type, 'failure');
  assert.equal(next.error.kind, 'collect');
  started.free();
});

test('the .d.ts is generated from the Rust types', () => {
  const dts = readFileSync(`${root}pkg/portfolio_guard.d.ts`, 'utf8');
  // The call and answer types, with the Rust doc comments.
  for (const declaration of [
    'export interface CheckCall {', 'export interface ReportAnswer {', 'export interface Report {',
    'export interface Finding {', 'export interface Matrix {', 'export interface OrgConfig {',
    'export interface Snapshot {', 'export interface WhatIfCall {', 'export interface CompareCall {',
    'export type Answer<T> = Success<T> | Failure;', 'export type CheckAnswer = Answer<ReportAnswer>;',
    'export type Format = ', 'export type ErrorKind = ',
  ]) assert.ok(dts.includes(declaration), `${declaration} is not in the .d.ts`);
  assert.match(dts, /A file name for the report, without extension/);
  assert.match(dts, /export function check\(call: CheckCall \| string\): CheckAnswer;/);
  assert.match(dts, /export function whatIf\(call: WhatIfCall \| string\): Answer<WhatIfAnswer>;/);
  // Every kind of failure, `internal` included.
  assert.match(dts, /export type ErrorKind = [^;]*"internal"/);
  // Each type declared once.
  const names = [...dts.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
});
