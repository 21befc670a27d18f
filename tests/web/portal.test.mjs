// The example portal (examples/portal/) built with Vite, offline, against the package in pkg/
// as a dependency by path, served (scripts/serve.mjs, with the page's Content-Security-Policy)
// and opened in headless Chromium: its what-if of the agency's request is shown by
// <portfolio-guard-report>, and the request trimmed to what the role needs adds no finding.
// Run after scripts/build-wasm.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'vite';
import { serve } from '../../scripts/serve.mjs';
import { ROOT, launch, screenshotPath, watchRequests, axeViolations } from './browser.mjs';

const PORTAL = `${ROOT}examples/portal`;

const env = { dir: null, server: null, origin: null, browser: null, assets: [] };

before(async () => {
  // `npm install` in examples/portal links node_modules/portfolio-guard to ../../pkg (a `file:`
  // dependency on a folder is a symlink); the same link here, without the network. Vite itself
  // is the repository's pinned dev dependency.
  const link = `${PORTAL}/node_modules/portfolio-guard`;
  if (!existsSync(link)) {
    mkdirSync(`${PORTAL}/node_modules`, { recursive: true });
    if (lstatSync(`${PORTAL}/node_modules`).isDirectory()) {
      try { rmSync(link, { force: true }); } catch { /* a dangling link */ }
      symlinkSync('../../../pkg', link, 'dir');
    }
  }
  // Built under <tmp>/www/ with base /www/: scripts/serve.mjs serves a root's www/ folder.
  env.dir = mkdtempSync(join(tmpdir(), 'pg-portal-'));
  await build({
    root: PORTAL,
    base: '/www/',
    logLevel: 'warn',
    build: { outDir: `${env.dir}/www`, emptyOutDir: true },
  });
  env.assets = readdirSync(`${env.dir}/www/assets`);
  const s = await serve({ port: 0, quiet: true, root: env.dir });
  env.server = s.server;
  env.origin = s.url;
  env.browser = await launch();
});

after(async () => {
  await env.browser?.close();
  env.server?.closeAllConnections?.();
  await new Promise((resolve) => (env.server ? env.server.close(resolve) : resolve()));
  if (env.dir) rmSync(env.dir, { recursive: true, force: true });
});

/** What the portal's element shows. */
function verdict(page) {
  return page.evaluate(() => {
    const el = document.querySelector('#verdict');
    const root = el.shadowRoot;
    const text = (e) => e?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    return {
      state: el.getAttribute('state'),
      headline: text(root.querySelector('.headline')),
      proposals: [...root.querySelectorAll('.proposal')].map((p) => ({ ask: text(p.querySelector('.ask')), verdict: text(p.querySelector('.verdict')) })),
      introduced: [...root.querySelectorAll('ul[data-list="introduced"] details.finding')].map((d) => ({
        rule: d.dataset.rule, badge: text(d.querySelector('.badge')), title: text(d.querySelector('.title')), who: text(d.querySelector('.who')),
      })),
    };
  });
}

test('the package as the portal installs it, in Node: the exports map, the Node entry ready on import, the files it lists', () => {
  // A process in the portal's folder: bare specifiers resolve through its node_modules link.
  const script = `
    const pg = await import('portfolio-guard');
    const report = await import('portfolio-guard/report');
    const s = pg.samples().samples.find((x) => x.name === 'agency-onboarding');
    const checked = pg.check({ snapshot: s.snapshot, config: s.config });   // no init() first
    await pg.default();                                                      // and it is there for shared code
    const w = pg.whatIf({ snapshot: s.snapshot, config: s.config, plain: true, proposed: [{
      grantee: { kind: 'partner', id: '300720000000021' }, asset: { id: 'act_120330000000103' }, tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] }] });
    console.log(JSON.stringify({
      entry: import.meta.resolve('portfolio-guard'),
      report: import.meta.resolve('portfolio-guard/report'),
      wasm: import.meta.resolve('portfolio-guard/portfolio_guard_bg.wasm'),
      element: typeof report.PortfolioGuardReport,
      version: pg.version(),
      findings: checked.report.findings.length,
      introduced: w.what_if.introduced.map((i) => i.finding.rule),
      keep: w.what_if.proposals[0].keep,
    }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PORTAL, encoding: 'utf8' }));
  const manifest = JSON.parse(readFileSync(`${ROOT}pkg/package.json`, 'utf8'));
  assert.equal(out.entry, new URL('pkg/node.js', `file://${ROOT}`).href, 'Node takes the node condition');
  assert.equal(out.report, new URL('pkg/report/index.js', `file://${ROOT}`).href);
  assert.equal(out.wasm, new URL('pkg/portfolio_guard_bg.wasm', `file://${ROOT}`).href);
  assert.equal(out.element, 'function', 'the element module imports without a DOM (server rendering)');
  assert.equal(out.version, manifest.version);
  assert.equal(out.version, readFileSync(`${ROOT}Cargo.toml`, 'utf8').match(/^version = "(.*)"/m)[1]);
  assert.equal(out.findings, 15);
  assert.deepEqual(out.introduced, ['partner-full-control', 'asset-outside-scope']);
  assert.deepEqual(out.keep, ['ADVERTISE', 'ANALYZE']);
  // Browsers and bundlers get the browser entry; both get the types.
  assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', browser: './index.js', node: './node.js', default: './index.js' });
  assert.equal(manifest.type, 'module');
  // Every file the package lists is there, and every file an entry imports is listed.
  for (const f of manifest.files) assert.ok(existsSync(`${ROOT}pkg/${f}`), `${f} listed but missing`);
  const listed = (path) => manifest.files.some((f) => path === f || (f.endsWith('/') && path.startsWith(f)));
  for (const entry of ['index.js', 'node.js', 'report/index.js', 'report/worker.js']) {
    const text = readFileSync(`${ROOT}pkg/${entry}`, 'utf8');
    for (const [, rel] of text.matchAll(/(?:from |import\(|new URL\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const path = new URL(rel, `file:///${entry}`).pathname.slice(1);
      assert.ok(listed(path) && existsSync(`${ROOT}pkg/${path}`), `${entry} needs ${path}`);
    }
  }
});

test('Vite copies the .wasm and bundles the element\'s worker from the package: no manual copying', () => {
  const wasm = env.assets.filter((f) => f.endsWith('.wasm'));
  assert.ok(wasm.length >= 1, `no .wasm among ${env.assets.join(' ')}`);
  const size = readFileSync(`${env.dir}/www/assets/${wasm[0]}`).length;
  assert.equal(size, readFileSync(`${ROOT}pkg/portfolio_guard_bg.wasm`).length, 'the package\'s .wasm, as it is');
  // The element's worker is a chunk of its own.
  assert.ok(env.assets.some((f) => /^worker-.*\.js$/.test(f)), env.assets.join(' '));
});

test('the portal shows the what-if of the request with the element, and "only what the role needs" adds no finding', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const requests = await watchRequests(context, [env.origin]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.origin}/www/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('#verdict')?.getAttribute('state') === 'ready');

  // The request: Manage, Advertise and Analyze on the launch ad account, for a media buyer.
  const asked = await page.$$eval('#tasks input:checked', (boxes) => boxes.map((b) => b.value));
  assert.deepEqual(asked.sort(), ['ADVERTISE', 'ANALYZE', 'MANAGE']);
  const first = await verdict(page);
  // Exactly one: full control, which a media buyer's role does not allow.
  assert.deepEqual(first.introduced.map((f) => [f.rule, f.badge, f.who]),
    [['partner-full-control', 'High', 'Partner Brightline Media → Ad account Northwind - Winter Launch']]);
  assert.equal(first.headline, 'This request would add 1 finding. 1 needs attention first.');
  assert.equal(first.proposals.length, 1);
  assert.match(first.proposals[0].ask, /^Partner Brightline Media asks for .+ on Ad account Northwind - Winter Launch\.$/);
  // The verdict names what to keep and what to leave out, in the glossary's words.
  const names = await page.$$eval('#tasks label', (labels) => Object.fromEntries(labels.map((l) => [l.querySelector('input').value, l.querySelector('.name').textContent])));
  assert.equal(first.proposals[0].verdict,
    `More than a media buyer needs: grant only ${names.ADVERTISE} and ${names.ANALYZE}; leave out ${names.MANAGE}.`);
  await page.screenshot({ path: screenshotPath('portal-what-if'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);

  // One click: ask only for what the role needs.
  await page.click('#least');
  await page.waitForFunction(() => !document.querySelector('#tasks input[value="MANAGE"]').checked);
  await page.evaluate(() => document.querySelector('#verdict').updateComplete);
  const lean = await verdict(page);
  assert.deepEqual(lean.introduced, []);
  assert.equal(lean.headline, 'This request would add no finding: it is least privilege.');
  assert.equal(lean.proposals[0].verdict, 'Least privilege: a media buyer needs all of it.');
  assert.equal(await page.isHidden('#least'), true);
  assert.deepEqual(await axeViolations(page), []);

  // The element's own worker, bundled by Vite: the same what-if run there.
  await page.evaluate(([snapshot, text]) => {
    const el = document.querySelector('#verdict');
    const config = JSON.parse(text);
    config.partners['300720000000021'].scope.push('act_120330000000103');
    el.snapshot = snapshot;
    el.config = config;
    el.proposed = [{ grantee: { kind: 'partner', id: '300720000000021' }, asset: { id: 'act_120330000000103', type: 'ad_account' }, tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'] }];
  }, ['snapshot.json', 'org.json'].map((f) => readFileSync(`${ROOT}examples/agency-onboarding/${f}`, 'utf8')));
  await page.evaluate(() => document.querySelector('#verdict').updateComplete);
  const inWorker = await verdict(page);
  assert.deepEqual(inWorker.introduced, first.introduced);
  assert.ok(requests.seen.some((u) => /\/www\/assets\/worker-.*\.js$/.test(u)), requests.seen.join(' '));

  // Everything came from the portal's own origin: the page, its JavaScript, the .wasm.
  assert.deepEqual(requests.foreign(), []);
  assert.ok(requests.seen.some((u) => /\/www\/assets\/.*\.wasm$/.test(u)), requests.seen.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

