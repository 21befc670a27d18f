// Talks to the engine's Web Worker: one call at a time, each with a time limit. A call that
// runs too long (a custom policy that never finishes) is stopped by terminating the worker;
// a fresh worker takes over, so the page stays usable.

const WASM_URL = new URL('../../pkg/portfolio_guard_bg.wasm', import.meta.url);
const WORKER_URL = new URL('../worker.js', import.meta.url);

export class TimeoutError extends Error {
  constructor(ms) {
    super(`stopped after ${Math.round(ms / 1000)} seconds`);
    this.name = 'TimeoutError';
    this.ms = ms;
  }
}

/**
 * @typedef {object} Job One call waiting for, or running in, the worker.
 * @property {number} id
 * @property {string} op
 * @property {any} arg
 * @property {(result: {answer: any, ms: number}) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {number} timeoutMs
 * @property {ReturnType<typeof setTimeout>} [timer]
 */

export class Engine {
  /** @param {{timeoutMs?: number}} [options] the default time limit of a call */
  constructor({ timeoutMs = 10_000 } = {}) {
    this.timeoutMs = timeoutMs;
    this.nextId = 1;
    /** @type {Job[]} */
    this.queue = [];
    /** @type {false | 'restarting' | Job} the call running (or the worker being replaced) */
    this.busy = false;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {WebAssembly.Module | null} */
    this.module = null;
    /** @type {{id: number, resolve: (answer: any) => void} | null} the worker's start-up, once spawned */
    this.initWaiter = null;
  }

  /** Compiles the engine once (the compiled module is handed to every new worker) and starts a worker. */
  async start() {
    // The worker's scripts load while the engine compiles; it gets the module once compiled.
    const worker = this.spawn(this.compile());
    const answer = await worker;
    const at = (t) => t - performance.timeOrigin;
    if (answer.timings) {
      performance.mark('pg:worker-script', { startTime: at(answer.timings.startedAt) });
      performance.mark('pg:worker-instantiated', { startTime: at(answer.timings.readyAt) });
    }
    if (answer.type !== 'success') throw new Error(answer.errors?.[0]?.message ?? 'the engine could not start');
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
   * A fresh worker, given the compiled module (or a promise of it); resolves with its start-up answer.
   * @param {WebAssembly.Module | Promise<WebAssembly.Module> | null} [module]
   * @returns {Promise<any>}
   */
  spawn(module = this.module) {
    this.worker?.terminate();
    this.worker = new Worker(WORKER_URL, { type: 'module' });
    performance.mark('pg:worker-created');
    this.worker.onmessage = (e) => this.settle(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      this.failCurrent(new Error(e.message || 'the engine stopped'));
    };
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.initWaiter = { id: this.nextId++, resolve };
      Promise.resolve(module).then((m) => {
        worker.postMessage({ id: this.initWaiter.id, op: 'init', module: m });
      }, reject);
    });
  }

  /**
   * Runs `op(arg)` in the worker; resolves with `{answer, ms}` or rejects with TimeoutError
   * after `timeoutMs` (the engine's default unless given).
   * @param {string} op
   * @param {any} [arg]
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<{answer: any, ms: number}>}
   */
  call(op, arg, { timeoutMs = this.timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, arg, resolve, reject, timeoutMs });
      this.pump();
    });
  }

  pump() {
    if (this.busy || this.queue.length === 0) return;
    const job = this.queue.shift();
    this.busy = job;
    job.timer = setTimeout(() => this.timeout(job), job.timeoutMs);
    this.worker.postMessage({ id: job.id, op: job.op, arg: job.arg });
  }

  /** @param {{id?: number, answer?: any, ms?: number}} data a message from the worker */
  settle(data) {
    if (this.initWaiter && data?.id === this.initWaiter.id) {
      const w = this.initWaiter;
      this.initWaiter = null;
      w.resolve(data.answer);
      return;
    }
    const job = this.busy;
    if (!job || typeof job !== 'object' || data?.id !== job.id) return;
    clearTimeout(job.timer);
    this.busy = false;
    job.resolve({ answer: data.answer, ms: data.ms });
    this.pump();
  }

  /** @param {Job} job */
  async timeout(job) {
    if (this.busy !== job) return;
    this.busy = 'restarting';
    job.reject(new TimeoutError(job.timeoutMs));
    await this.spawn();
    this.busy = false;
    this.pump();
  }

  /** @param {Error} error */
  failCurrent(error) {
    const job = this.busy;
    if (!job || typeof job !== 'object') return;
    clearTimeout(job.timer);
    this.busy = 'restarting';
    job.reject(error);
    this.spawn().then(() => {
      this.busy = false;
      this.pump();
    });
  }
}
