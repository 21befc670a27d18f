// The module Worker a <portfolio-guard-report> element checks in: the WebAssembly engine runs
// here, off the page's main thread, and the element can stop a check that runs too long (a
// custom rule that never finishes) by terminating this worker. It only routes calls.
import init, * as pg from '../portfolio_guard.js';

/** The calls an element makes. */
const OPS = {
  check: (arg) => pg.check(arg),
  whatIf: (arg) => pg.whatIf(arg),
  glossary: () => pg.glossary(),
};

let ready = null;

self.onmessage = async (event) => {
  const { id, op, arg, module } = event.data ?? {};
  try {
    ready ??= init({ module_or_path: module ?? new URL('../portfolio_guard_bg.wasm', import.meta.url) });
    await ready;
  } catch (e) {
    ready = null;
    self.postMessage({ id, answer: failure('internal', `the engine could not start: ${e?.message ?? e}`) });
    return;
  }
  let answer;
  try {
    const fn = Object.hasOwn(OPS, op) ? OPS[op] : null;
    answer = fn ? fn(arg) : failure('usage', `unknown operation \`${op}\``);
  } catch (e) {
    // The package answers failures as data; this is only a last resort.
    answer = failure('internal', `internal error: ${e?.message ?? e}`);
  }
  self.postMessage({ id, answer });
};

function failure(kind, message) {
  return { type: 'failure', kind, errors: [{ message }] };
}
