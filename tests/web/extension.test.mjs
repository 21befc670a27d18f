// The browser extension, unpacked from dist/extension/ (scripts/build-extension.sh), loaded into
// headless Chromium in a persistent context: the popup opens the checker, the checker runs the
// sample and an export from the clipboard, and no request leaves the extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, launchPersistent, screenshotPath } from './browser.mjs';

const DIR = `${ROOT}dist/extension`;
let context;
let profile;
let id;
const requests = [];

/** The id Chromium gives an unpacked extension: its path's SHA-256, first 32 hex digits mapped to a–p. */
function unpackedId(path) {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

before(async () => {
  assert.ok(existsSync(`${DIR}/manifest.json`), 'build the extension first: scripts/build-extension.sh');
  const dir = realpathSync(DIR);
  id = unpackedId(dir);
  profile = mkdtempSync(join(tmpdir(), 'pg-extension-'));
  context = await launchPersistent(profile, [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`]);
  context.on('request', (r) => requests.push(r.url()));
  // Anything not from the extension itself is refused (and recorded above).
  await context.route(/^(?!chrome-extension:)/, (route) => route.abort());
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function ready(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return errors;
}

const findingRules = (page) => page.$$eval('#finding-list details.finding', (els) => els.map((e) => e.dataset.rule));

test('the manifest asks for no host permissions and only clipboardRead at install; graph.facebook.com only when fetching', () => {
  const m = JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8'));
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.permissions, ['clipboardRead']);
  assert.equal(m.host_permissions, undefined);
  // Asked for on the first *Fetch from Meta* (tests/web/collect.test.mjs), never at install.
  assert.deepEqual(m.optional_host_permissions, ['https://graph.facebook.com/*']);
  assert.equal(m.content_scripts, undefined);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.equal(m.version, readFileSync(`${ROOT}Cargo.toml`, 'utf8').match(/^version = "(.*)"/m)[1]);
  // The zip next to it holds the same files.
  assert.ok(existsSync(`${ROOT}dist/portfolio-guard-extension-${m.version}.zip`));
});

test('the popup opens the checker, which checks the sample offline', async () => {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  assert.equal(await popup.textContent('h1'), 'portfolio-guard');
  const [page] = await Promise.all([context.waitForEvent('page'), popup.click('#sample')]);
  const errors = await ready(page);
  assert.ok(page.url().startsWith(`chrome-extension://${id}/www/index.html`), page.url());
  const deadline = Date.now() + 15_000;
  let rules = [];
  while (Date.now() < deadline && rules.length === 0) {
    rules = await findingRules(page);
    await page.waitForTimeout(100);
  }
  assert.equal(rules.length, 15);
  for (const r of ['partner-owns-asset', 'partner-full-control', 'grant-to-unknown-grantee']) assert.ok(rules.includes(r), r);
  await page.screenshot({ path: screenshotPath('extension-page') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('"Check the export I copied" checks the clipboard', async () => {
  const snapshot = readFileSync(`${ROOT}examples/clean/snapshot.json`, 'utf8');
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/www/index.html`);
  const errors = await ready(page);
  await page.bringToFront();
  // Put the clean example on the clipboard the way a user's Ctrl+C would.
  await page.evaluate(async (text) => {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }, snapshot);
  assert.equal(await page.isVisible('#paste-clipboard'), true);
  await page.click('#paste-clipboard');
  await page.waitForFunction((name) => document.querySelector('#input-summary')?.textContent.startsWith(`${name}:`),
    JSON.parse(snapshot).business.name, { timeout: 15_000 });
  assert.match(await page.textContent('#status'), /^Checked in \d+ ms/);
  assert.equal(await page.inputValue('#snapshot-input'), snapshot);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no request left the extension', () => {
  assert.ok(requests.some((u) => u.endsWith('/pkg/portfolio_guard_bg.wasm')), `the engine load was not seen: ${requests.join(' ')}`);
  const foreign = requests.filter((u) => !u.startsWith(`chrome-extension://${id}/`));
  assert.deepEqual(foreign, []);
});
