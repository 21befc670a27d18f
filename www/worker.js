// One of the engine's Web Workers: the WebAssembly package runs here, off the page's main
// thread, so a long check never freezes the page, and the page can stop a runaway custom
// policy by terminating the worker (see lib/engine.js, which runs a few of these).
//
// A worker keeps the export of the last check (`open`): its text, and the package's session,
// which holds it parsed, so that checks with another config (`shard`, `finish`) need only the
// config. This file only routes messages; the package does the work.
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
  compare: pg.compare,
  whatIf: pg.whatIf,
};

// The export this worker holds: the number the page gave its input, its text (kept to open the
// session again when the package had to start afresh), "now", and whether the package's
// session holds it.
const held = { input: /** @type {number | null} */ (null), text: '', now: null, open: false };

/** Opens the package's session on the export held; the package's answer. */
function openSession() {
  held.open = false;
  const answer = pg.openSession(held.text, held.now ?? undefined);
  held.open = answer.type === 'success';
  return answer;
}

/** Runs `f` on the session of export `input`, opened again if the package lost it. */
function inSession(input, f) {
  if (input !== held.input) return failure('the worker does not hold this export');
  if (!held.open) {
    const opened = openSession();
    if (opened.type !== 'success') return opened;
  }
  return f();
}

let ready = null;
// When this worker's script started, on the clock of the page (for the page's load timings).
const startedAt = performance.timeOrigin + performance.now();

self.onmessage = async (event) => {
  const { id, op, arg, module, warm, input, snapshot, now, parts } = event.data ?? {};
  if (op === 'init') {
    ready ??= init({ module_or_path: module ?? new URL('../pkg/portfolio_guard_bg.wasm', import.meta.url) });
    try {
      await ready;
      const readyAt = performance.timeOrigin + performance.now();
      self.postMessage({ id, answer: { type: 'success', version: pg.version(), timings: { startedAt, readyAt } } });
      // A worker started besides the first compiles the built-in policies now, before its
      // first check needs them.
      if (warm) pg.rules();
    } catch (e) {
      self.postMessage({ id, answer: failure(`the engine could not start: ${e?.message ?? e}`) });
    }
    return;
  }
  await ready;
  const started = performance.now();
  let answer;
  try {
    if (op === 'open') {
      Object.assign(held, { input, text: snapshot, now: now ?? null });
      answer = openSession();
    } else if (op === 'shard') {
      answer = inSession(input, () => pg.checkShard(arg));
    } else if (op === 'finish') {
      answer = inSession(input, () => pg.finishCheck(arg, parts));
    } else {
      const fn = OPS[op];
      answer = fn ? fn(arg) : failure(`unknown operation \`${op}\``);
    }
  } catch (e) {
    // The package answers failures as data; this is only a last resort.
    answer = failure(`internal error: ${e?.message ?? e}`);
  }
  // After an internal error the package starts afresh on the next call, without the session.
  if (answer?.kind === 'internal') held.open = false;
  self.postMessage({ id, answer, ms: performance.now() - started });
};

function failure(message) {
  return { type: 'failure', kind: 'internal', errors: [{ message }] };
}
