// The bad-input corpus (tests/bad-inputs/corpus.json, shared with tests/bad_inputs.rs) through
// the WebAssembly package in real Node: every case is a failure object naming its place, never
// a throw, a trap or a report; plus the shapes only JavaScript callers can send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pg = await import(`${root}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });

const SMALL = readFileSync(`${root}tests/fixtures/small.json`, 'utf8');
const { cases } = JSON.parse(readFileSync(`${root}tests/bad-inputs/corpus.json`, 'utf8'));

const parts = (list) => list.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join('');

function inputText(input) {
  if ('text' in input) return input.text;
  if ('small' in input) {
    const [from, to] = input.small;
    assert.ok(SMALL.includes(from), from);
    return SMALL.replace(from, typeof to === 'string' ? to : parts(to.parts));
  }
  if ('small_truncate' in input) return Buffer.from(SMALL).subarray(0, input.small_truncate).toString('utf8');
  if ('small_append' in input) return SMALL + input.small_append;
  return parts(input.parts);
}

/** A diagnostic as the CLI prints it: `file:line:column: path: message`. */
function display(d) {
  let place = '';
  if (d.file) {
    place = d.file;
    if (d.line) place += `:${d.line}${d.column ? `:${d.column}` : ''}`;
  } else if (d.line) {
    place = `line ${d.line}${d.column ? `, column ${d.column}` : ''}`;
  }
  if (d.path) place += `${place ? ': ' : ''}${d.path}`;
  return place ? `${place}: ${d.message}` : d.message;
}

function assertFailure(answer, name, needle) {
  assert.equal(answer.type, 'failure', `${name}: ${JSON.stringify(answer).slice(0, 300)}`);
  assert.notEqual(answer.kind, 'internal', `${name}: ${JSON.stringify(answer.errors)}`);
  assert.equal(answer.report, undefined, name);
  assert.ok(answer.errors.length >= 1 && answer.errors.length <= 3, name);
  if (needle) {
    const shown = answer.errors.map(display);
    assert.ok(shown.some((s) => s.includes(needle)), `${name}: ${JSON.stringify(shown)} lacks ${JSON.stringify(needle)}`);
  }
}

test('every case of the shared corpus is a located failure object', () => {
  let run = 0;
  for (const c of cases) {
    const needle = 'api' in c ? c.api : c.cli;
    if (needle === null) continue; // not expressible as a JS string (invalid UTF-8)
    assertFailure(pg.check({ snapshot: inputText(c.input) }), c.name, needle);
    run += 1;
  }
  assert.ok(run >= 30, `only ${run} cases`);
});

test('shapes only a JavaScript caller can send', () => {
  const small = JSON.parse(SMALL);
  const bad = [
    ['no snapshot', {}, 'missing field `snapshot`'],
    ['unknown field in the call', { snapshot: SMALL, snapshots: [] }, 'unknown field `snapshots`'],
    ['snapshot is a number', { snapshot: 42 }, null],
    ['snapshot object with wrong types', { snapshot: { ...small, members: 'everyone' } }, 'members: invalid type: string'],
    ['NaN becomes null in JSON', { snapshot: { ...small, schema_version: Number.NaN } }, 'schema_version'],
    ['config is a list', { snapshot: SMALL, config: [] }, null],
    ['config with an unknown field', { snapshot: SMALL, config: { partnerz: {} } }, 'unknown field `partnerz`'],
    ['config with a bad date', { snapshot: SMALL, config: { partners: { 300: { contract_end: 'soon' } } } }, 'contract_end'],
    ['policies not a list', { snapshot: SMALL, policies: 'package x' }, null],
    ['policy without text', { snapshot: SMALL, policies: [{ path: 'a.rego' }] }, 'missing field `text`'],
    ['bad now', { snapshot: SMALL, now: 'tomorrow' }, 'tomorrow'],
    ['unknown format', { snapshot: SMALL, format: 'pdf' }, 'pdf'],
    ['a BigInt', { snapshot: SMALL, now: 1n }, null],
  ];
  for (const [name, call, needle] of bad) assertFailure(pg.check(call), name, needle);
  // Other calls take bad input the same way.
  assertFailure(pg.importBundle({ bundle: '{"format": "meta-graph-bundle/v1"' }), 'truncated bundle', 'truncated');
  assertFailure(pg.roles({ config: '{"roles": 5}' }), 'roles not an object', 'roles');
  assertFailure(pg.runTests({ policies: [{ path: 'x_test.rego', text: 'package x_test\n\ntest_a if {' }] }), 'unparsable test', 'x_test.rego:');
  assertFailure(pg.rules('{"policies": [1]}'), 'policy not an object', null);
});
