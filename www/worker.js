// The engine's Web Worker: the WebAssembly package runs here, off the page's main thread, so
// a long check never freezes the page, and the page can stop a runaway custom policy by
// terminating this worker (see lib/engine.js).
import init, * as pg from '../pkg/portfolio_guard.js';

const OPS = {
  check: pg.check,
  rules: pg.rules,
  roles: pg.roles,
  runTests: pg.runTests,
  importBundle: pg.importBundle,
  template: pg.template,
  glossary: pg.glossary,
  samples: pg.samples,
  defaults: pg.defaults,
};

let ready = null;
// When this worker's script started, on the clock of the page (for the page's load timings).
const startedAt = performance.timeOrigin + performance.now();

self.onmessage = async (event) => {
  const { id, op, arg, module } = event.data ?? {};
  if (op === 'init') {
    ready ??= init({ module_or_path: module ?? new URL('../pkg/portfolio_guard_bg.wasm', import.meta.url) });
    try {
      await ready;
      const readyAt = performance.timeOrigin + performance.now();
      self.postMessage({ id, answer: { type: 'success', version: pg.version(), timings: { startedAt, readyAt } } });
    } catch (e) {
      self.postMessage({ id, answer: failure(`the engine could not start: ${e?.message ?? e}`) });
    }
    return;
  }
  await ready;
  const fn = OPS[op];
  const started = performance.now();
  let answer;
  try {
    answer = fn ? fn(arg) : failure(`unknown operation \`${op}\``);
  } catch (e) {
    // The package answers failures as data; this is only a last resort.
    answer = failure(`internal error: ${e?.message ?? e}`);
  }
  self.postMessage({ id, answer, ms: performance.now() - started });
};

function failure(message) {
  return { type: 'failure', kind: 'internal', errors: [{ message }] };
}
