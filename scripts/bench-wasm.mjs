#!/usr/bin/env node
// Benchmarks the WebAssembly package on deterministic generated snapshots (full built-in
// catalog, generated org config) at 1k/10k/100k grants:
// - the page's engine in headless Chromium (www/lib/engine.js: its pool of Web Workers, the
//   calls the page makes, `matrix` and `plain` included): the first check of a new export, and
//   a re-check after an edit of the config (one partner's role changed, as in the intent
//   editor; the median of `--edits` edits), and the page's time to ready (WebAssembly
//   instantiated, policies compiled);
// - the page itself (`UI` rows): an export dropped in by a returning user (its config
//   remembered), and a partner's role changed in the intent editor, until the results are shown;
// - the package called directly in Node, on one thread: the whole check, and with sessions
//   (when the package has them) the first check and a re-check after the same edit;
// - with --direct, the package called on the page's main thread in Chromium (as Node);
// with JSON.parse of the same text as the floor. Prints a Markdown table for docs/performance.md.
// - with --boundary (Node only, nothing else): what the calls and answers cost crossing between
//   JS and the package: a call refused after it was read (an unknown field last: the snapshot,
//   config and all read and typed, nothing checked), as text and as an object, and the whole
//   check as the page asks, the snapshot as text and as an object, with JSON.parse of the answer's
//   text for scale. Run it on an earlier build with --root to compare.
//   node scripts/bench-wasm.mjs [--sizes 1000,10000,100000] [--runs 3] [--edits 5]
//        [--workers N] [--no-browser] [--no-node] [--no-ui] [--direct] [--boundary] [--root DIR] [--cli PATH]
// --root serves www/ and pkg/ from another folder (e.g. a copy of an earlier build, to compare);
// --workers sets the page's pool size (default: the machine's, as the page picks it).
// Needs pkg/ (scripts/build-wasm.sh) and the release CLI for the generator (cargo build --release).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt('--sizes', '1000,10000,100000').split(',').map(Number);
const runs = Number(opt('--runs', '3'));
const edits = Number(opt('--edits', '5'));
const workers = opt('--workers', null) === null ? null : Number(opt('--workers', null));
const browser = !args.includes('--no-browser');
const node = !args.includes('--no-node');
const direct = args.includes('--direct');
const ui = !args.includes('--no-ui');
const boundary = args.includes('--boundary');
const root = `${resolve(opt('--root', repo))}/`;
const cli = opt('--cli', `${repo}target/release/portfolio-guard`);

const dir = mkdtempSync(join(tmpdir(), 'pg-bench-'));
const inputs = sizes.map((n) => {
  const snapshot = join(dir, `snapshot-${n}.json`);
  const config = join(dir, `org-${n}.json`);
  execFileSync(cli, ['gen', '--grants', String(n), '--seed', '1', '-o', snapshot, '--config-out', config]);
  return { n, snapshot: readFileSync(snapshot, 'utf8'), config: readFileSync(config, 'utf8') };
});
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (s) => (Buffer.byteLength(s) / 1048576).toFixed(1);
const ms = (x) => (x === undefined || x === null ? '' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/**
 * The config after edit `i` (1, 2, …): the first declared partner's role changed, each edit to
 * a role other than the one before (what a user does in the intent editor).
 */
function edited(configText, i) {
  const config = JSON.parse(configText);
  const [id, partner] = Object.entries(config.partners ?? {}).find(([, p]) => typeof p.role === 'string');
  const roles = ['reporting', 'creative', 'media_buyer', 'community_manager'].filter((r) => r !== partner.role);
  config.partners[id] = { ...partner, role: i === 0 ? partner.role : roles[(i - 1) % roles.length] };
  return config;
}

// The same measurement in Node and on the page's main thread (`pg` the package): the median of
// `runs` whole checks (one at 100k grants), and with sessions the first check and re-checks.
function measureDirect([input, runs, edits, configs, pg]) {
  pg ??= globalThis.pgBench;
  const time = (f) => {
    const s = performance.now();
    f();
    return performance.now() - s;
  };
  const k = input.n >= 100000 ? 1 : runs;
  const parse = [];
  for (let i = 0; i < Math.max(k, 3); i += 1) parse.push(time(() => JSON.parse(input.snapshot)));
  let findings = 0;
  let failure = null;
  const fail = (a) => { if (a.type !== 'success') failure ??= a.errors; return a; };
  const check = [];
  const asPage = [];
  for (let i = 0; i < k; i += 1) {
    check.push(time(() => { findings = fail(pg.check({ snapshot: input.snapshot, config: input.config })).report?.findings.length; }));
    asPage.push(time(() => fail(pg.check({ snapshot: input.snapshot, config: configs[0], matrix: true, plain: true }))));
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out = { parse: mid(parse), check: mid(check), asPage: mid(asPage), findings, failure };
  if (typeof pg.openSession === 'function') {
    // One thread: open, shard 0 of 1, finish; then only shard and finish per edit.
    const once = (config) => {
      const part = fail(pg.checkShard({ config, k: 0, n: 1 }));
      return fail(pg.finishCheck({ config, matrix: true, plain: true }, [part.part ?? '[]']));
    };
    out.first = time(() => { fail(pg.openSession(input.snapshot)); once(configs[0]); });
    const re = [];
    for (let i = 1; i < configs.length; i += 1) re.push(time(() => once(configs[i])));
    out.recheck = re.sort((a, b) => a - b)[Math.floor(re.length / 2)];
  }
  return out;
}

const rows = [];
const note = (s) => console.error(s);
note(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

/**
 * The boundary's cost in Node (see --boundary): medians of `runs` calls (at least 5) each.
 * "read": a call refused for an unknown field put last, so all of it was read and typed first.
 */
function measureBoundary(input, runs, pg) {
  const time = (f) => {
    const s = performance.now();
    const a = f();
    return [performance.now() - s, a];
  };
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const snapshot = JSON.parse(input.snapshot);
  const config = JSON.parse(input.config);
  const k = Math.max(runs, 5);
  const cases = {
    readText: () => pg.check({ snapshot: input.snapshot, config, not_a_field: true }),
    readObject: () => pg.check({ snapshot, config, not_a_field: true }),
    checkText: () => pg.check({ snapshot: input.snapshot, config, matrix: true, plain: true }),
    checkObject: () => pg.check({ snapshot, config, matrix: true, plain: true }),
  };
  const out = {};
  let answer = null;
  for (const [name, f] of Object.entries(cases)) {
    const xs = [];
    for (let i = 0; i < k; i += 1) {
      const [t, a] = time(f);
      const refused = name.startsWith('read');
      if (refused ? a.kind !== 'usage' : a.type !== 'success') throw new Error(`${name}: ${JSON.stringify(a).slice(0, 300)}`);
      if (!refused) answer = a;
      xs.push(t);
    }
    out[name] = mid(xs);
  }
  const text = JSON.stringify(answer);
  out.answerMb = (Buffer.byteLength(text) / 1048576).toFixed(1);
  out.parseAnswer = mid(Array.from({ length: k }, () => time(() => JSON.parse(text))[0]));
  out.findings = answer.report.findings.length;
  return out;
}

if (boundary) {
  const pg = await import(`${root}pkg/portfolio_guard.js`);
  pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });
  pg.rules();
  console.log(`Machine: ${cpus().length} cores. Package: ${root}pkg/ (${pg.version()}).\n`);
  console.log('| grants | snapshot MB | answer MB | call read, snapshot as text ms | call read, snapshot as object ms | check as the page asks, text ms | the same, object ms | JSON.parse of the answer ms | findings |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const input of inputs) {
    const r = measureBoundary(input, runs, pg);
    console.log(`| ${input.n} | ${mb(input.snapshot)} | ${r.answerMb} | ${ms(r.readText)} | ${ms(r.readObject)} | ${ms(r.checkText)} | ${ms(r.checkObject)} | ${ms(r.parseAnswer)} | ${r.findings} |`);
  }
  process.exit(0);
}

if (node) {
  const pg = await import(`${root}pkg/portfolio_guard.js`);
  const started = performance.now();
  pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });
  pg.rules();
  rows.push({ where: 'Node (1 thread)', ready: performance.now() - started });
  for (const input of inputs) {
    const configs = Array.from({ length: edits + 1 }, (_, i) => edited(input.config, i));
    const r = measureDirect([input, runs, edits, configs, pg]);
    if (r.failure) throw new Error(`node ${input.n}: ${JSON.stringify(r.failure)}`);
    rows.push({ where: 'Node (1 thread)', n: input.n, size: mb(input.snapshot), ...r });
    note(`node ${input.n}: check ${ms(r.check)} ms, first ${ms(r.first)} ms, re-check ${ms(r.recheck)} ms, parse ${ms(r.parse)} ms`);
  }
}

if (browser) {
  const { serve } = await import('./serve.mjs');
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve({ port: 0, quiet: true, root });
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const query = workers ? `?workers=${workers}` : '';
  try {
    // Page ready: the median of 5 loads.
    const readies = [];
    for (let i = 0; i < 5; i += 1) {
      const page = await b.newPage();
      await page.goto(`${url}/www/${query}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      readies.push(Number(await page.getAttribute('body', 'data-ready-ms')));
      if (i === 4) {
        const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`));
        note(`page load marks (ms since navigation): ${marks.join(', ')}`);
      }
      await page.close();
    }
    rows.push({ where: 'Chromium page', ready: median(readies) });

    // The page's engine (its worker pool) driven the way app.js drives it, on a page of its own.
    for (const input of inputs) {
      const page = await b.newPage();
      await page.goto(`${url}/www/${query}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      const configs = Array.from({ length: edits + 1 }, (_, i) => edited(input.config, i));
      const r = await page.evaluate(async ([input, runs, configs, workers]) => {
        const { Engine } = await import('./lib/engine.js');
        const engine = new Engine({ timeoutMs: 600_000, ...(workers ? { workers } : {}) });
        await engine.start();
        const call = async (snapshot, config) => {
          const s = performance.now();
          const { answer } = await engine.call('check', { snapshot, config, policies: [], matrix: true, plain: true });
          if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
          return { ms: performance.now() - s, findings: answer.report.findings.length };
        };
        const k = input.n >= 100000 ? 1 : runs;
        const first = [];
        let findings = 0;
        // Each first check is of a new input (the same export with trailing spaces: other text).
        for (let i = 0; i < k; i += 1) {
          const a = await call(input.snapshot + ' '.repeat(i), configs[0]);
          first.push(a.ms);
          findings = a.findings;
        }
        const re = [];
        for (let i = 1; i < configs.length; i += 1) re.push((await call(input.snapshot + ' '.repeat(k - 1), configs[i])).ms);
        const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        return { first: mid(first), recheck: mid(re), findings, workers: engine.workers?.length ?? 1 };
      }, [input, runs, configs, workers]);
      rows.push({ where: `Chromium page (${r.workers} worker${r.workers === 1 ? '' : 's'})`, n: input.n, size: mb(input.snapshot), ...r });
      note(`chromium page ${input.n}: first ${ms(r.first)} ms, re-check ${ms(r.recheck)} ms (${r.workers} workers)`);
      await page.close();
    }

    // The page itself, as a returning user uses it: the business's config remembered on this
    // device, the export dropped in (checked, then checked again with that config), then one
    // partner's role changed in the intent editor. From the event to the results shown (status
    // "Checked in …" after the findings, matrix and intent are drawn); the edit's time leaves out
    // the 300 ms the page waits for more edits before it checks.
    if (ui) {
      for (const input of inputs) {
        const business = JSON.parse(input.snapshot).business;
        const config = JSON.parse(input.config);
        const [pid, partner] = Object.entries(config.partners ?? {}).find(([, p]) => typeof p.role === 'string');
        const ctx = await b.newContext();
        await ctx.addInitScript(([key, value]) => {
          if (!sessionStorage.getItem('pg-seeded')) {
            sessionStorage.setItem('pg-seeded', '1');
            localStorage.setItem(key, value);
          }
        }, ['portfolio-guard.configs', JSON.stringify({ [business.id]: { name: business.name, config, saved_at: null } })]);
        const page = await ctx.newPage();
        await page.goto(`${url}/www/${query}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        await page.evaluate(() => {
          window.__t = { event: 0, shown: [] };
          for (const sel of ['#file-input']) document.querySelector(sel).addEventListener('change', () => { window.__t.event = performance.now(); }, true);
          document.addEventListener('change', (e) => { if (e.target.matches?.('#intent select')) window.__t.event = performance.now(); }, true);
          new MutationObserver(() => {
            const s = document.querySelector('#status').textContent;
            if (s.startsWith('Checked in')) window.__t.shown.push({ at: performance.now(), s });
          }).observe(document.querySelector('#status'), { childList: true, characterData: true, subtree: true });
        });
        const shown = async (count) => {
          await page.waitForFunction((n) => window.__t.shown.length >= n, count, { timeout: 600_000, polling: 50 });
          return page.evaluate(() => {
            const last = window.__t.shown[window.__t.shown.length - 1];
            // The findings, matrix and intent drawn after the last answer (app.js measures them).
            const render = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('pg:render-') && m.startTime > window.__t.event)
              .slice(-3).reduce((sum, m) => sum + m.duration, 0);
            return { ms: last.at - window.__t.event, engine: Number(/Checked in (\d+) ms/.exec(last.s)?.[1]), render };
          });
        };
        const file = join(mkdtempSync(join(tmpdir(), 'pg-bench-')), `export-${input.n}.json`);
        writeFileSync(file, input.snapshot);
        await page.setInputFiles('#file-input', file);
        const first = await shown(1);
        // Let it settle (a second check after the switch to the remembered config, if any).
        await page.waitForTimeout(1500);
        const re = [];
        const roles = ['reporting', 'creative', 'media_buyer', 'community_manager'].filter((r) => r !== partner.role);
        for (let i = 0; i < edits; i += 1) {
          const before = await page.evaluate(() => window.__t.shown.length);
          await page.selectOption(`#role-partners-${pid}`, roles[i % roles.length]);
          const r = await shown(before + 1);
          re.push({ ms: r.ms - 300, engine: r.engine - r.render, render: r.render });
          await page.waitForTimeout(400);
        }
        rmSync(dirname(file), { recursive: true, force: true });
        const mid = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
        const workersUsed = await page.evaluate(() => performance.getEntriesByName('pg:worker-created').length);
        rows.push({
          where: `Chromium page UI (${workersUsed} worker${workersUsed === 1 ? '' : 's'})`, n: input.n, size: mb(input.snapshot),
          first: first.ms, recheck: mid(re.map((x) => x.ms)), engineRe: mid(re.map((x) => x.engine)), renderRe: mid(re.map((x) => x.render)),
        });
        note(`chromium page UI ${input.n}: drop → shown ${ms(first.ms)} ms, edit → shown ${ms(mid(re.map((x) => x.ms)))} ms (engine ${ms(mid(re.map((x) => x.engine)))} ms, drawing ${ms(mid(re.map((x) => x.render)))} ms)`);
        await ctx.close();
      }
    }

    if (direct) {
      const page = await b.newPage();
      await page.goto(`${url}/www/`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.evaluate(async () => {
        const pg = await import('../pkg/portfolio_guard.js');
        await pg.default();
        globalThis.pgBench = pg;
      });
      for (const input of inputs) {
        const configs = Array.from({ length: edits + 1 }, (_, i) => edited(input.config, i));
        const r = await page.evaluate(measureDirect, [input, runs, edits, configs, null]);
        if (r.failure) throw new Error(`chromium ${input.n}: ${JSON.stringify(r.failure)}`);
        rows.push({ where: 'Chromium main thread (1 thread)', n: input.n, size: mb(input.snapshot), ...r });
        note(`chromium direct ${input.n}: check ${ms(r.check)} ms, first ${ms(r.first)} ms, re-check ${ms(r.recheck)} ms`);
      }
      await page.close();
    }
  } finally {
    await b.close();
    server.close();
  }
}

console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end.\n`);
console.log('| where | grants | snapshot MB | JSON.parse ms | whole check ms | whole check as the page asks ms | first check ms | re-check after a role edit ms | findings |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows.filter((x) => x.n)) {
  const re = r.engineRe === undefined ? ms(r.recheck) : `${ms(r.recheck)} (engine ${ms(r.engineRe)}, drawing ${ms(r.renderRe)})`;
  console.log(`| ${r.where} | ${r.n} | ${r.size} | ${ms(r.parse)} | ${ms(r.check)} | ${ms(r.asPage)} | ${ms(r.first)} | ${re} | ${r.findings ?? ''} |`);
}
console.log('\n"whole check": `check` with the config, the report only; "as the page asks": with the matrix and plain words too.'
  + ' First check and re-check: as the page asks (matrix, plain words); Node: one session on one thread; "Chromium page": the page\'s'
  + ' engine (lib/engine.js, its workers); "UI": the page itself, from the event to the results shown (a drop of the export,'
  + ' by a user whose config is remembered; a role picked in the intent editor, less the 300 ms the page waits for more edits).');
for (const r of rows.filter((x) => x.ready !== undefined)) {
  const how = r.where.startsWith('Chromium') ? ' after navigation start (median of 5 page loads)' : '';
  console.log(`\n${r.where}: ready (WebAssembly instantiated, policies compiled) in ${r.ready.toFixed(0)} ms${how}.`);
}
