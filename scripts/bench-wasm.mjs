#!/usr/bin/env node
// Benchmarks the WebAssembly package: the whole check (full built-in catalog, generated org
// config) of deterministic snapshots at 1k/10k/100k grants, in Node and in headless Chromium,
// with JSON.parse of the same text as the floor; and the page's time to ready (WebAssembly
// instantiated, policies compiled). Prints a Markdown table for docs/performance.md.
//   node scripts/bench-wasm.mjs [--sizes 1000,10000,100000] [--runs 3] [--no-browser]
// Needs pkg/ (scripts/build-wasm.sh) and the release CLI for the generator (cargo build --release).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt('--sizes', '1000,10000,100000').split(',').map(Number);
const runs = Number(opt('--runs', '3'));
const browser = !args.includes('--no-browser');

const cli = `${root}target/release/portfolio-guard`;
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

// The measurement itself, the same function in Node and in the page (where `pg` is the
// package the page imported): the median of `runs` (one run at 100k grants).
function measure([input, runs, pg]) {
  pg ??= globalThis.pgBench;
  const times = (f, k) => {
    const t = [];
    for (let i = 0; i < k; i += 1) {
      const s = performance.now();
      f();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b)[Math.floor(k / 2)];
  };
  const k = input.n >= 100000 ? 1 : runs;
  const parse = times(() => JSON.parse(input.snapshot), Math.max(k, 3));
  let findings = 0;
  let failure = null;
  const check = times(() => {
    const a = pg.check({ snapshot: input.snapshot, config: input.config });
    if (a.type !== 'success') failure = a.errors;
    else findings = a.report.findings.length;
  }, k);
  return { parse, check, findings, failure };
}

const rows = [];

// Node.
{
  const pg = await import(`${root}pkg/portfolio_guard.js`);
  const started = performance.now();
  pg.initSync({ module: readFileSync(`${root}pkg/portfolio_guard_bg.wasm`) });
  pg.rules();
  const ready = performance.now() - started;
  for (const input of inputs) {
    const r = measure([input, runs, pg]);
    if (r.failure) throw new Error(`node ${input.n}: ${JSON.stringify(r.failure)}`);
    rows.push({ where: 'Node', n: input.n, size: mb(input.snapshot), ...r });
    console.error(`node ${input.n}: check ${r.check.toFixed(0)} ms, parse ${r.parse.toFixed(1)} ms`);
  }
  rows.push({ where: 'Node', ready });
}

// Chromium: the page's own modules, on the page's own server.
if (browser) {
  const { serve } = await import('./serve.mjs');
  const { chromium } = await import('playwright-core');
  const { server, url } = await serve({ port: 0, quiet: true });
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const readies = [];
    for (let i = 0; i < 5; i += 1) {
      const page = await b.newPage();
      await page.goto(`${url}/www/`);
      await page.waitForSelector('body[data-ready="true"]');
      readies.push(Number(await page.getAttribute('body', 'data-ready-ms')));
      if (i === 4) {
        const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`)
          .concat(performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop()} ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)}`)));
        console.error(`page load marks (ms since navigation): ${marks.join(', ')}`);
      }
      await page.close();
    }
    const page = await b.newPage();
    await page.goto(`${url}/www/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(async () => {
      const pg = await import('../pkg/portfolio_guard.js');
      await pg.default();
      globalThis.pgBench = pg;
    });
    for (const input of inputs) {
      const r = await page.evaluate(measure, [input, runs, null]);
      if (r.failure) throw new Error(`chromium ${input.n}: ${JSON.stringify(r.failure)}`);
      rows.push({ where: 'Chromium', n: input.n, size: mb(input.snapshot), ...r });
      console.error(`chromium ${input.n}: check ${r.check.toFixed(0)} ms, parse ${r.parse.toFixed(1)} ms`);
    }
    rows.push({ where: 'Chromium', ready: median(readies) });
  } finally {
    await b.close();
    server.close();
  }
}

console.log('| where | grants | snapshot MB | JSON.parse ms | check ms | check / parse | findings |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows.filter((x) => x.n)) {
  console.log(`| ${r.where} | ${r.n} | ${r.size} | ${r.parse.toFixed(1)} | ${r.check.toFixed(0)} | ${(r.check / r.parse).toFixed(0)}× | ${r.findings} |`);
}
for (const r of rows.filter((x) => x.ready !== undefined)) {
  console.log(`\n${r.where}: ready (WebAssembly instantiated, policies compiled) in ${r.ready.toFixed(0)} ms${r.where === 'Chromium' ? ' after navigation start (median of 5 page loads)' : ''}.`);
}
