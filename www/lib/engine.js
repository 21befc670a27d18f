// Talks to the engine's Web Workers: a small pool sized to the machine, each worker running
// the WebAssembly package compiled once here. One call at a time, each with a time limit.
//
// A check keeps the export in the workers: each worker is sent the export's text once per new
// input and keeps it parsed (a session of the package); a check with another config (an edit in
// the intent editor) sends only the config. The rules are split among the workers: worker k of
// n evaluates shard k, and the first worker builds the answer from every shard's findings (the
// report, in plain words, rendered, with the matrix: all in the package). Other calls run in
// the first worker.
//
// A call that runs too long (a custom policy that never finishes) is stopped by terminating
// the workers still busy with it; fresh workers take over (they get the export again with the
// next check), so the page stays usable.

const WASM_URL = new URL('../../pkg/portfolio_guard_bg.wasm', import.meta.url);
const WORKER_URL = new URL('../worker.js', import.meta.url);

/** The most workers a page starts: the rules split well over a few; each holds the export. */
export const MAX_WORKERS = 4;

/** One worker per core, at least 1 and at most MAX_WORKERS. */
export function poolSize(cores = globalThis.navigator?.hardwareConcurrency) {
  const n = Math.floor(Number(cores));
  return Number.isFinite(n) ? Math.max(1, Math.min(MAX_WORKERS, n)) : 1;
}

export class TimeoutError extends Error {
  constructor(ms) {
    super(`stopped after ${Math.round(ms / 1000)} seconds`);
    this.name = 'TimeoutError';
    this.ms = ms;
  }
}

/**
 * @typedef {object} Job One call waiting for, or running in, the pool.
 * @property {string} op
 * @property {any} arg
 * @property {(result: {answer: any, ms: number}) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {number} timeoutMs
 * @property {string} [latest] only the latest call with this key is worth running
 * @property {boolean} [over] settled (answered, timed out or failed)
 */

/**
 * @typedef {object} Slot One worker of the pool.
 * @property {Worker} worker
 * @property {Promise<any>} ready its start-up answer
 * @property {Map<number, {resolve: (data: any) => void, reject: (error: Error) => void}>} waiting
 *   messages sent and not answered yet, by id
 * @property {number | null} holds the input (see Engine.input) whose export this worker has
 * @property {boolean} started its start-up succeeded
 */

export class Engine {
  /**
   * @param {{timeoutMs?: number, workers?: number}} [options] the default time limit of a call;
   *   the number of workers (the machine's, poolSize(), unless given)
   */
  constructor({ timeoutMs = 10_000, workers } = {}) {
    this.timeoutMs = timeoutMs;
    this.size = poolSize(workers ?? undefined);
    this.nextId = 1;
    /** @type {Job[]} */
    this.queue = [];
    /** @type {Job | null} the call running */
    this.running = null;
    /** @type {Slot[]} */
    this.workers = [];
    /** @type {WebAssembly.Module | null} */
    this.module = null;
    /** @type {Promise<WebAssembly.Module> | null} */
    this.compiling = null;
    // The export of the last check: its text, "now", and a number told to the workers.
    this.input = { text: /** @type {string | null} */ (null), now: /** @type {string | null} */ (null), id: 0 };
  }

  /**
   * Compiles the engine once (the compiled module is handed to every worker) and starts the
   * first worker; resolves with the engine's version once it is ready. The others start then,
   * while the page gets ready.
   */
  async start() {
    // The worker's scripts load while the engine compiles; it gets the module once compiled.
    this.compiling = this.compile();
    this.workers = [this.spawn({ module: this.compiling, warm: false })];
    const answer = await this.workers[0].ready;
    const at = (t) => t - performance.timeOrigin;
    if (answer.timings) {
      performance.mark('pg:worker-script', { startTime: at(answer.timings.startedAt) });
      performance.mark('pg:worker-instantiated', { startTime: at(answer.timings.readyAt) });
    }
    if (answer.type !== 'success') throw new Error(answer.errors?.[0]?.message ?? 'the engine could not start');
    for (let k = 1; k < this.size; k += 1) this.workers.push(this.spawn());
    return answer.version;
  }

  async compile() {
    try {
      this.module = await WebAssembly.compileStreaming(fetch(WASM_URL));
    } catch {
      // A server that does not send `application/wasm`: compile from the bytes instead.
      const bytes = await (await fetch(WASM_URL)).arrayBuffer();
      this.module = await WebAssembly.compile(bytes);
    }
    performance.mark('pg:compiled');
    return this.module;
  }

  /**
   * A fresh worker, given the compiled module (or a promise of it). `warm`: it compiles the
   * built-in policies as soon as it has started (the first worker's first calls do it).
   * @param {{module?: WebAssembly.Module | Promise<WebAssembly.Module> | null, warm?: boolean}} [options]
   * @returns {Slot}
   */
  spawn({ module = this.module ?? this.compiling, warm = true } = {}) {
    const worker = new Worker(WORKER_URL, { type: 'module' });
    performance.mark('pg:worker-created');
    /** @type {Slot} */
    const slot = { worker, ready: null, waiting: new Map(), holds: null, started: false };
    worker.onmessage = (e) => {
      const waiter = slot.waiting.get(e.data?.id);
      if (!waiter) return;
      slot.waiting.delete(e.data.id);
      waiter.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      const error = new Error(e.message || 'the engine stopped');
      // A worker that cannot even start is not replaced (the next one would fail the same way):
      // the calls waiting for it fail, and say so.
      if (slot.started) this.replace(slot, error);
      else for (const waiter of slot.waiting.values()) waiter.reject(error);
    };
    const id = this.nextId++;
    slot.ready = new Promise((resolve, reject) => {
      slot.waiting.set(id, {
        resolve: (data) => {
          slot.started = data.answer?.type === 'success';
          resolve(data.answer);
        },
        reject,
      });
      Promise.resolve(module).then((m) => worker.postMessage({ id, op: 'init', module: m, warm }), reject);
    });
    slot.ready.catch(() => {}); // reported by the call that waits for it
    return slot;
  }

  /**
   * Stops a worker (it runs too long, or it failed) and puts a fresh one in its place; every
   * message it had not answered fails with `error`.
   * @param {Slot} slot
   * @param {Error} error
   */
  replace(slot, error) {
    const k = this.workers.indexOf(slot);
    if (k < 0) return;
    slot.worker.terminate();
    this.workers[k] = this.spawn();
    for (const waiter of slot.waiting.values()) waiter.reject(error);
    slot.waiting.clear();
  }

  /**
   * Sends one message to a worker once it is ready; resolves with its answer's message.
   * @param {Slot} slot
   * @param {object} message
   * @returns {Promise<{answer: any, ms: number}>}
   */
  async send(slot, message) {
    const started = await slot.ready;
    if (started?.type !== 'success') return { answer: started, ms: 0 };
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, ...message });
    });
  }

  /**
   * Runs `op(arg)` in the pool; resolves with `{answer, ms}` or rejects with TimeoutError after
   * `timeoutMs` (the engine's default unless given). `latest`: a call still waiting with the same
   * key is dropped (it resolves with `{answer: null}`): the page's checks as the user edits, of
   * which only the last one's results are shown.
   * @param {string} op
   * @param {any} [arg]
   * @param {{timeoutMs?: number, latest?: string}} [options]
   * @returns {Promise<{answer: any, ms: number}>}
   */
  call(op, arg, { timeoutMs = this.timeoutMs, latest } = {}) {
    return new Promise((resolve, reject) => {
      if (latest !== undefined) {
        for (const old of this.queue.filter((j) => j.latest === latest)) {
          this.queue.splice(this.queue.indexOf(old), 1);
          old.resolve({ answer: null, ms: 0 });
        }
      }
      this.queue.push({ op, arg, resolve, reject, timeoutMs, latest });
      this.pump();
    });
  }

  pump() {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift();
    this.running = job;
    const started = performance.now();
    const timer = setTimeout(() => this.timeout(job), job.timeoutMs);
    const run = job.op === 'check' ? this.check(job.arg) : this.send(this.workers[0], { op: job.op, arg: job.arg });
    run.then((result) => {
      if (job.over) return;
      job.over = true;
      job.resolve({ answer: result.answer, ms: job.op === 'check' ? performance.now() - started : result.ms });
    }, (error) => {
      if (job.over) return;
      job.over = true;
      job.reject(error);
    }).finally(() => {
      clearTimeout(timer);
      if (this.running === job) {
        this.running = null;
        this.pump();
      }
    });
  }

  /**
   * The call ran too long: the workers still busy with it are replaced (those done with their
   * part keep the export), and the next call runs.
   * @param {Job} job
   */
  timeout(job) {
    if (job.over) return;
    job.over = true;
    job.reject(new TimeoutError(job.timeoutMs));
    const stopped = new TimeoutError(job.timeoutMs);
    for (const slot of [...this.workers]) if (slot.waiting.size > 0) this.replace(slot, stopped);
  }

  /**
   * A check in the pool: the export to the workers that do not have it yet, one shard of the
   * rules per worker, then the answer built by the first from every shard's findings.
   * @param {any} arg a `CheckCall`
   * @returns {Promise<{answer: any, ms?: number}>}
   */
  async check(arg) {
    const { snapshot, config = null, policies = [], now = null, format = null, plain = false, matrix = false, ...rest } = arg ?? {};
    if (Object.keys(rest).length > 0 || snapshot === undefined) {
      // Not a check the pool knows how to split: the package's own answer (a usage failure).
      return this.send(this.workers[0], { op: 'check', arg });
    }
    const text = typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot);
    if (text !== this.input.text || now !== this.input.now) {
      this.input = { text, now, id: this.input.id + 1 };
    }
    const input = this.input;
    const workers = [...this.workers];
    const n = workers.length;
    const parts = await Promise.all(workers.map(async (slot, k) => {
      if (slot.holds !== input.id) {
        const opened = await this.send(slot, { op: 'open', input: input.id, snapshot: input.text, now });
        if (opened.answer?.type !== 'success') return opened.answer;
        slot.holds = input.id;
      }
      return (await this.send(slot, { op: 'shard', input: input.id, arg: { config, policies, k, n } })).answer;
    }));
    const failed = parts.find((p) => p?.type !== 'success');
    if (failed) return { answer: failed };
    return this.send(workers[0], {
      op: 'finish',
      input: input.id,
      arg: { config, policies, format, plain, matrix },
      parts: parts.map((p) => p.part),
    });
  }
}
