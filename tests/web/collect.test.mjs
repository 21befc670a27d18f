// "Fetch from Meta" (www/lib/collect.js driving the library's collection plan) against the fake
// Graph API (tests/fake-graph/server.mjs): the driver in Node, the page in headless Chromium
// with the fake mounted under prefixes of the page's own origin (so the page's CSP,
// `connect-src 'self' https://graph.facebook.com`, lets it through), and the extension, whose
// Graph API host is an optional permission asked for on the first click.
// Run after scripts/build-wasm.sh and scripts/build-extension.sh: `node --test tests/web/`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createFakeGraphHandler, startFakeGraph } from '../fake-graph/server.mjs';
import { ROOT, findingRules, launchPersistent, screenshotPath, waitForFindings, pageServer, axeViolations } from './browser.mjs';
import { collect } from '../../www/lib/collect.js';

const SNAPSHOT_PATH = `${ROOT}tests/fixtures/collect/business.snapshot.json`;
const SNAPSHOT_TEXT = readFileSync(SNAPSHOT_PATH, 'utf8');
const SNAPSHOT = JSON.parse(SNAPSHOT_TEXT);
const BID = SNAPSHOT.business.id;
// A token no page text could contain by chance: every "the token is nowhere" check looks for it.
const TOKEN = `EAAGtest${randomBytes(16).toString('hex')}`;

const pg = await import(`${ROOT}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${ROOT}pkg/portfolio_guard_bg.wasm`) });

/** The fakes, each under its own prefix of the page's origin. */
const fakes = {
  normal: createFakeGraphHandler({ snapshotPath: SNAPSHOT_PATH, token: TOKEN, prefix: '/fake-graph' }),
  expired: createFakeGraphHandler({ snapshotPath: SNAPSHOT_PATH, token: TOKEN, prefix: '/fake-expired', mode: 'expired' }),
  denied: createFakeGraphHandler({ snapshotPath: SNAPSHOT_PATH, token: TOKEN, prefix: '/fake-no-permission', mode: 'no-permission' }),
  // Answers each call 1.5 s late: a collection is always mid-call when it is cancelled.
  slow: createFakeGraphHandler({ snapshotPath: SNAPSHOT_PATH, token: TOKEN, prefix: '/fake-slow' }),
};
const SLOW_MS = 1500;

function mount(req, res) {
  if (/^\/fake-slow(\/|$)/.test(req.url ?? '')) {
    setTimeout(() => fakes.slow(req, res), SLOW_MS);
    return true;
  }
  return fakes.normal(req, res) || fakes.expired(req, res) || fakes.denied(req, res);
}

const env = pageServer({ mount });

/**
 * What checking the fixture's snapshot directly gives, evaluated at `now`; with `bundle` (a
 * collected bundle's text), the fixture as Meta showed it to the token: with the requests the
 * bundle could not read in `source.unread`, as the importer records them.
 */
function expectedReport(now, bundle) {
  let snapshot = SNAPSHOT_TEXT;
  if (bundle) {
    const imported = pg.importBundle({ bundle });
    assert.equal(imported.type, 'success', JSON.stringify(imported.errors));
    const { edges, unread } = imported.snapshot.source;
    snapshot = JSON.stringify({ ...SNAPSHOT, source: { kind: 'graph_bundle', edges, unread } });
  }
  const answer = pg.check({ snapshot, now });
  assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
  return answer.report;
}

/**
 * A report of a collected bundle against the fixture: the same findings as the fixture as Meta
 * showed it; against the plain fixture, only the check that concludes from missing partner
 * access is silent (one Page's partners are unknown); and exactly one more warning, naming that
 * Page.
 */
function assertSameAsFixture(report, bundle, deniedPage) {
  assert.deepEqual(report.findings, expectedReport(report.evaluated_at, bundle).findings);
  const plain = expectedReport(report.evaluated_at);
  const key = (f) => JSON.stringify(f);
  const have = new Set(report.findings.map(key));
  assert.ok(report.findings.every((f) => plain.findings.some((g) => key(g) === key(f))), 'a finding the fixture does not have');
  assert.deepEqual(plain.findings.filter((f) => !have.has(key(f))).map((f) => f.rule), ['partner-without-assets']);
  const added = (report.warnings ?? []).filter((w) => !(plain.warnings ?? []).includes(w));
  assert.equal(added.length, 1, JSON.stringify(report.warnings));
  assert.ok(deniedPage && added[0].includes(deniedPage), added[0]);
}

// ---------------------------------------------------------------------------------------------
// The driver alone, in Node.

describe('the driver (www/lib/collect.js) in Node', () => {
  test('collects through the plan: the token only in POST bodies, never in the bundle; batches of at most 50', async () => {
    const fake = await startFakeGraph({ snapshotPath: SNAPSHOT_PATH, token: TOKEN });
    try {
      const steps = [];
      const result = await collect({
        pkg: pg, businessId: BID, token: TOKEN, graphUrl: fake.url, retryBaseMs: 20,
        onProgress: (p, step) => steps.push(step.kind),
      });
      assert.equal(result.type, 'success', JSON.stringify(result.errors));
      assert.ok(!result.bundle.includes(TOKEN), 'the token is in the bundle');
      const bundle = JSON.parse(result.bundle);
      assert.equal(bundle.format, 'meta-graph-bundle/v1');
      assert.equal(bundle.business_id, BID);
      // The throttled answer and the 500 were waited for (one wait for both), then retried.
      assert.ok(steps.includes('wait'), steps.join(' '));
      assert.ok(fake.log.some((e) => e.status === 500));
      assert.ok(fake.log.some((e) => (e.batch_codes ?? []).includes(400)));
      assert.equal(steps.at(-1), 'done');
      assert.equal(result.progress.done, result.progress.total);
      assert.equal(result.progress.calls, fake.log.length);
      for (const call of fake.log) {
        assert.equal(call.method, 'POST');
        assert.equal(call.path, '/');
        assert.deepEqual(call.token_in, ['form'], 'the token went elsewhere than the form');
        assert.deepEqual(call.query, {});
        // (The fake's one 500 answers before it reads the batch.)
        assert.ok(call.batch.length <= 50 && (call.batch.length >= 1 || call.status === 500), `${call.batch.length} requests in a batch`);
      }
      // The bundle checks like the snapshot it was served from.
      const answer = pg.check({ snapshot: result.bundle });
      assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
      assertSameAsFixture(answer.report, result.bundle, fake.handler.deniedPage);
    } finally {
      await fake.close();
    }
  });

  test('an abort stops it at once; a bad ID is refused before any call; a transport error never carries the token', async () => {
    const fake = await startFakeGraph({ snapshotPath: SNAPSHOT_PATH, token: TOKEN });
    try {
      const controller = new AbortController();
      const cancelled = await collect({
        pkg: pg, businessId: BID, token: TOKEN, graphUrl: fake.url, retryBaseMs: 20, signal: controller.signal,
        onProgress: (p) => { if (p.calls >= 2) controller.abort(); },
      });
      assert.equal(cancelled.type, 'cancelled');
      const calls = fake.log.length;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(fake.log.length, calls, 'a call after the abort');
      assert.ok(calls <= 2, `${calls} calls`);

      const refused = await collect({ pkg: pg, businessId: 'acme', token: TOKEN, graphUrl: fake.url });
      assert.equal(refused.type, 'failure');
      assert.match(refused.errors[0].message, /not a business portfolio ID/);
      assert.equal(fake.log.length, calls);

      // A network error whose text holds the token (it should not, but) is reported without it.
      const failing = await collect({
        pkg: pg, businessId: BID, token: TOKEN, graphUrl: fake.url, retryBaseMs: 1,
        fetch: async () => { throw new TypeError(`connection reset while sending access_token=${TOKEN}`); },
      });
      assert.equal(failing.type, 'failure');
      const text = JSON.stringify(failing);
      assert.ok(!text.includes(TOKEN), text);
      assert.match(text, /after 3 attempts/);
      assert.match(text, /\[access token\]/);
    } finally {
      await fake.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The page.

/** A fresh page (own storage) that records every request from its first one, and every console message. */
async function open({ width = 1366, height = 900, query = '' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '', at: Date.now() }));
  // Anything not on the page's origin is refused (and stays recorded above).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(`${env.origin}/`) || url.startsWith('blob:') || url.startsWith('data:') ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  const consoleMessages = [];
  const errors = [];
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${env.origin}/www/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { context, page, requests, consoleMessages, errors };
}

async function fillFetch(page, prefix = '/fake-graph') {
  await page.fill('#fetch-business', BID);
  await page.fill('#fetch-token', TOKEN);
  if (!(await page.isVisible('#fetch-graph'))) await page.click('#fetch .advanced summary');
  await page.fill('#fetch-graph', `${env.origin}${prefix}`);
}

const toFake = (prefix) => (r) => r.url.startsWith(`${env.origin}${prefix}/`);

/** Console messages other than Chromium's own line for an HTTP error answer (the fake's 500). */
const unexpected = (messages) => messages.filter((m) => m.startsWith('error:') && !/Failed to load resource: the server responded with a status of 500/.test(m));

/** Everywhere the page could have kept the token: storage, the DOM's text and values. */
async function tokenTraces(page, context) {
  const found = await page.evaluate(async (token) => {
    const places = [];
    for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i);
        if (`${key}${store.getItem(key)}`.includes(token)) places.push(`${name}.${key}`);
      }
    }
    if ((await indexedDB.databases()).length) places.push('indexedDB');
    if (document.documentElement.outerHTML.includes(token)) places.push('the HTML');
    if (document.body.innerText.includes(token)) places.push('the text');
    for (const el of document.querySelectorAll('input, textarea')) {
      if (el.value.includes(token) || el.placeholder.includes(token)) places.push(`#${el.id}`);
    }
    return places;
  }, TOKEN);
  if ((await context.cookies()).some((c) => `${c.name}${c.value}`.includes(TOKEN))) found.push('a cookie');
  return found;
}


async function grab(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

describe('Fetch from Meta in the page', () => {
  test('a fetch against the fake Graph API: no request before the click, the findings of the snapshot, one warning for the unreadable Page, the bundle downloads without the token', async () => {
    fakes.normal.reset();
    const { context, page, requests, consoleMessages, errors } = await open();
    // Typing into the form sends nothing: no request at all until Fetch is clicked.
    const loaded = requests.length;
    await fillFetch(page);
    await page.waitForTimeout(500);
    assert.deepEqual(requests.slice(loaded).map((r) => r.url), []);
    assert.ok(!requests.some(toFake('/fake-graph')));
    assert.equal(await page.getAttribute('#fetch-token', 'type'), 'password');
    assert.deepEqual(await axeViolations(page, '#input'), []);
    const loadedAxe = requests.length;

    const clicked = Date.now();
    await page.click('#fetch-start');
    await page.waitForSelector('#fetch-download:not([hidden])', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked in'), null, { timeout: 15_000 });
    const fetchMs = await page.evaluate(() => Math.round(performance.getEntriesByName('pg:fetch')[0].duration));

    assert.equal(loadedAxe, loaded, 'axe made a request');
    // The calls: all POSTs to the fake on the page's origin, the token in the body only.
    const calls = requests.filter(toFake('/fake-graph'));
    assert.ok(calls.length >= 4, `${calls.length} calls`);
    for (const c of calls) {
      assert.equal(c.method, 'POST');
      assert.ok(c.at >= clicked);
      assert.ok(!c.url.includes(TOKEN));
      assert.equal(new URLSearchParams(c.body).get('access_token'), TOKEN);
    }
    assert.equal(fakes.normal.log.length, calls.length);
    assert.ok(fakes.normal.log.every((e) => e.token_in.join() === 'form'));
    const bad = requests.filter((r) => !r.url.startsWith(`${env.origin}/`) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
    assert.deepEqual(bad, []);

    // The progress bar reached its end, and says how many requests and calls it took.
    const bar = await page.$eval('#fetch-progress', (e) => ({ value: e.value, max: e.max }));
    assert.ok(bar.max > 100, `max ${bar.max}`);
    assert.equal(bar.value, bar.max);
    const said = await page.textContent('#fetch-status');
    assert.match(said, new RegExp(`^Fetched ${bar.max} requests in ${calls.length} calls`));
    console.log(`# fetch against the fake in Chromium: ${fetchMs} ms (${Date.now() - clicked} ms to checked), ${calls.length} HTTP calls, ${bar.max} Graph requests`);

    // The collected bundle downloads, named after the business and the day, without the token.
    const bundle = await grab(page, '#fetch-download');
    assert.match(bundle.name, new RegExp(`^meta-graph-bundle-${BID}-\\d{4}-\\d\\d-\\d\\d\\.json$`));
    assert.ok(!bundle.text.includes(TOKEN));
    assert.equal(JSON.parse(bundle.text).format, 'meta-graph-bundle/v1');
    assert.equal(await page.inputValue('#snapshot-input'), bundle.text);

    // The findings are those of the snapshot the fake serves, checked at the same time, and one
    // warning names the Page whose partners could not be read.
    const report = JSON.parse((await grab(page, '[data-format="json"]')).text);
    assert.ok(report.findings.length > 5);
    assertSameAsFixture(report, bundle.text, fakes.normal.deniedPage);
    assert.equal((await findingRules(page)).length, report.findings.length);
    assert.ok((await page.textContent('#warnings')).includes(fakes.normal.deniedPage));
    assert.match(await page.textContent('#input-summary'), new RegExp(`^${SNAPSHOT.business.name}:`));

    // Afterwards the token is nowhere: not in the field, storage, the DOM, a download or the console.
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.deepEqual(await tokenTraces(page, context), []);
    assert.ok(!report.warnings.join(' ').includes(TOKEN));
    assert.ok(!consoleMessages.join('\n').includes(TOKEN));
    assert.deepEqual(unexpected(consoleMessages), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(await axeViolations(page, '#input'), []);

    await page.locator('#input').screenshot({ path: screenshotPath('fetch-1366') });
    await context.close();
  });

  test('at 360 px from the keyboard: ?fetch focuses the form, Enter fetches, nothing sticks out', async () => {
    fakes.normal.reset();
    const { context, page, consoleMessages, errors } = await open({ width: 360, height: 780, query: '?fetch' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'fetch-business');
    await page.keyboard.type(BID);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'fetch-token');
    await page.keyboard.type(TOKEN);
    await page.click('#fetch .advanced summary');
    await page.fill('#fetch-graph', `${env.origin}/fake-graph`);
    await page.focus('#fetch-token');
    await page.keyboard.press('Enter');
    // While it runs: the progress bar and the Cancel button, the form read-only.
    await page.waitForSelector('#fetch-cancel:not([hidden])');
    assert.equal(await page.$eval('#fetch-token', (e) => e.readOnly), true);
    assert.deepEqual(await axeViolations(page, '#input'), []);
    await page.waitForSelector('#fetch-download:not([hidden])', { timeout: 30_000 });
    await waitForFindings(page, (r) => r.length > 5, 'the fetched bundle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    const unlabelled = await page.$$eval('#input input, #input button, #input progress', (els) => els
      .filter((e) => e.type !== 'file' && !e.closest('[hidden]'))
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await page.locator('#input').screenshot({ path: screenshotPath('fetch-360') });
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.deepEqual(await tokenTraces(page, context), []);
    assert.ok(!consoleMessages.join('\n').includes(TOKEN));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Cancel during a rate-limit wait stops the collection: no request after it, "cancelled", the findings stay', async () => {
    fakes.normal.reset();
    const { context, page, requests, consoleMessages, errors } = await open();
    await page.click('#load-sample');
    const sample = await waitForFindings(page, (r) => r.length === 15, 'the sample');
    const sampleText = await page.inputValue('#snapshot-input');
    await fillFetch(page);
    await page.click('#fetch-start');
    // Cancel the moment the page says it is waiting (Meta's 500, retried after a second).
    await page.waitForFunction(() => {
      if (!/waiting/.test(document.querySelector('#fetch-status').textContent)) return false;
      document.querySelector('#fetch-cancel').click();
      return true;
    }, null, { polling: 'raf', timeout: 20_000 });
    const sent = requests.filter(toFake('/fake-graph')).length;
    await page.waitForSelector('#fetch-cancel', { state: 'hidden' });
    assert.match(await page.textContent('#fetch-status'), /^Fetch cancelled after \d+ of \d+ requests: nothing was changed\.$/);
    await page.waitForTimeout(2500);
    assert.equal(requests.filter(toFake('/fake-graph')).length, sent, 'a request after Cancel');
    assert.deepEqual(await findingRules(page), sample);
    assert.equal(await page.inputValue('#snapshot-input'), sampleText);
    assert.equal(await page.isVisible('#fetch-download'), false);
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.deepEqual(await tokenTraces(page, context), []);
    assert.ok(!consoleMessages.join('\n').includes(TOKEN));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Cancel while a call is out aborts it; nothing more is sent', async () => {
    fakes.slow.reset();
    const { context, page, requests, errors } = await open();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    await fillFetch(page, '/fake-slow');
    const firstCall = context.waitForEvent('request', (r) => r.url().startsWith(`${env.origin}/fake-slow/`));
    await page.click('#fetch-start');
    await firstCall;
    assert.equal(requests.filter(toFake('/fake-slow')).length, 1);
    await page.click('#fetch-cancel');
    await page.waitForSelector('#fetch-cancel', { state: 'hidden' });
    assert.match(await page.textContent('#fetch-status'), /^Fetch cancelled/);
    await page.waitForTimeout(SLOW_MS + 1000);
    assert.equal(requests.filter(toFake('/fake-slow')).length, 1, 'a request after Cancel');
    assert.equal(failed.length, 1, failed.join(' '));
    assert.match(failed[0], /ERR_ABORTED/);
    assert.equal(await page.isVisible('#findings-empty'), true);
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an expired token, a token without business_management, a Graph URL the page may not reach: said next to the form, without the token, nothing checked', async () => {
    const { context, page, requests, consoleMessages, errors } = await open();
    await fillFetch(page, '/fake-expired');
    await page.click('#fetch-start');
    await page.waitForSelector('#fetch-error:not([hidden])', { timeout: 15_000 });
    let text = await page.textContent('#fetch-error');
    assert.match(text, /token is invalid or has expired/);
    assert.match(text, /Get a new token/);
    assert.ok(!text.includes(TOKEN));
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.equal(await page.isVisible('#findings-empty'), true);
    assert.deepEqual(await findingRules(page), []);
    assert.equal(await page.isVisible('#fetch-download'), false);

    await fillFetch(page, '/fake-no-permission');
    await page.click('#fetch-start');
    await page.waitForFunction(() => /business_management/.test(document.querySelector('#fetch-error').textContent), null, { timeout: 15_000 });
    text = await page.textContent('#fetch-error');
    assert.match(text, /Meta refused to read business \d+: /);
    assert.ok(!text.includes(TOKEN));
    assert.deepEqual(await axeViolations(page, '#input'), []);
    assert.deepEqual(await findingRules(page), []);

    // Another origin is refused by the page's CSP: said at once, instead of retried.
    await page.fill('#fetch-token', TOKEN);
    await page.fill('#fetch-graph', 'http://127.0.0.1:9/graph');
    const started = Date.now();
    await page.click('#fetch-start');
    await page.waitForFunction(() => /may only connect to Meta's Graph API/.test(document.querySelector('#fetch-error').textContent), null, { timeout: 10_000 });
    assert.ok(Date.now() - started < 5000, 'the refused URL was retried');
    assert.ok(!requests.some((r) => r.url.startsWith('http://127.0.0.1:9/')), 'a request reached the other origin');

    // Empty fields are said before anything is sent.
    await page.fill('#fetch-business', '');
    const before = requests.length;
    await page.click('#fetch-start');
    assert.match(await page.textContent('#fetch-error'), /Enter the business portfolio ID/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'fetch-business');
    assert.equal(requests.length, before);

    assert.deepEqual(await tokenTraces(page, context), []);
    assert.ok(!consoleMessages.join('\n').includes(TOKEN));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The extension.

/** The id Chromium gives an unpacked extension: its path's SHA-256, first 32 hex digits mapped to a–p. */
function unpackedId(path) {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

describe('Fetch from Meta in the extension', () => {
  const DIST = `${ROOT}dist/extension`;
  let dir;
  let id;
  let profile;
  let context;
  const requests = [];

  before(async () => {
    assert.ok(existsSync(`${DIST}/manifest.json`), 'build the extension first: scripts/build-extension.sh');
    // A test copy of the built extension that may also reach the fake on 127.0.0.1: its optional
    // host permissions and its page's CSP name the fake's origin besides graph.facebook.com.
    // Chromium cannot show its permission prompt headless, so the copy also holds that origin as
    // a granted host permission: `chrome.permissions.request` for it then answers yes without a
    // prompt, as it does once a user has allowed it. graph.facebook.com stays optional and
    // ungranted, so asking for it is refused (no one is there to allow it).
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'pg-extension-fetch-')));
    cpSync(DIST, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
    manifest.optional_host_permissions = [...manifest.optional_host_permissions, 'http://127.0.0.1/*'];
    manifest.host_permissions = ['http://127.0.0.1/*'];
    writeFileSync(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2));
    const html = readFileSync(`${dir}/www/index.html`, 'utf8');
    const csp = "connect-src 'self' https://graph.facebook.com";
    assert.ok(html.includes(csp));
    writeFileSync(`${dir}/www/index.html`, html.replace(csp, `${csp} ${env.origin}`));
    id = unpackedId(dir);
    profile = mkdtempSync(join(tmpdir(), 'pg-extension-profile-'));
    context = await launchPersistent(profile, [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`]);
    context.on('request', (r) => requests.push(r.url()));
    // Anything not from the extension or the fake is refused (and recorded above).
    await context.route(/^(?!chrome-extension:)/, (route) => (route.request().url().startsWith(`${env.origin}/fake-graph/`) ? route.continue() : route.abort()));
    // Records each permission request of the extension's pages and what Chromium answered. A
    // request Chromium takes (in a user gesture, for a permission the manifest lists) opens its
    // prompt, which no one can answer headless: after 500 ms unanswered, the page gets `false`,
    // as when a user clicks Deny. Outside a user gesture Chromium refuses at once.
    await context.addInitScript(() => {
      const p = globalThis.chrome?.permissions;
      if (!p?.request) return;
      const request = p.request.bind(p);
      globalThis.__permissionRequests = [];
      p.request = (what) => {
        const entry = { origins: what?.origins, answer: 'prompt shown' };
        globalThis.__permissionRequests.push(entry);
        const asked = request(what);
        asked.then((a) => { entry.answer = a; }, (e) => { entry.answer = `error: ${e.message}`; });
        const deny = new Promise((resolve) => { setTimeout(() => resolve(false), 500); });
        return Promise.race([asked, deny]);
      };
    });
  });

  after(async () => {
    await context?.close();
    for (const d of [profile, dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  async function ready(page) {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return errors;
  }

  test('the built manifest keeps its install permissions and lists graph.facebook.com as optional', () => {
    const m = JSON.parse(readFileSync(`${DIST}/manifest.json`, 'utf8'));
    assert.deepEqual(m.permissions, ['clipboardRead']);
    assert.equal(m.host_permissions, undefined);
    assert.deepEqual(m.optional_host_permissions, ['https://graph.facebook.com/*']);
    assert.match(readFileSync(`${DIST}/www/index.html`, 'utf8'), /connect-src 'self' https:\/\/graph\.facebook\.com"/);
  });

  test('the popup\'s Fetch opens the page at its form; Fetch asks for graph.facebook.com in the click, and a refusal sends nothing', async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    const [page] = await Promise.all([context.waitForEvent('page'), popup.click('#fetch')]);
    const errors = await ready(page);
    assert.equal(new URL(page.url()).search, '?fetch');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'fetch-business');
    const before = requests.length;
    await page.fill('#fetch-business', BID);
    await page.fill('#fetch-token', TOKEN);
    await page.click('#fetch-start');
    await page.waitForSelector('#fetch-error:not([hidden])', { timeout: 15_000 });
    const asked = await page.evaluate(() => globalThis.__permissionRequests);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0].origins, ['https://graph.facebook.com/*']);
    // Chromium took the request (made in the click) and prompted; it was denied.
    assert.equal(asked[0].answer, 'prompt shown');
    assert.match(await page.textContent('#fetch-error'), /not allowed to connect to https:\/\/graph\.facebook\.com, so nothing was fetched/);
    assert.deepEqual(requests.slice(before).filter((u) => !u.startsWith(`chrome-extension://${id}/`)), []);
    assert.equal(await page.inputValue('#fetch-token'), '');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('once allowed, a fetch against the fake gives findings', async () => {
    fakes.normal.reset();
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/www/index.html`);
    const errors = await ready(page);
    await page.fill('#fetch-business', BID);
    await page.fill('#fetch-token', TOKEN);
    await page.click('#fetch .advanced summary');
    await page.fill('#fetch-graph', `${env.origin}/fake-graph`);
    await page.click('#fetch-start');
    await page.waitForSelector('#fetch-download:not([hidden])', { timeout: 30_000 });
    const asked = await page.evaluate(() => globalThis.__permissionRequests);
    assert.deepEqual(asked.map((a) => [a.origins, a.answer]), [[[`${env.origin}/*`], true]]);
    const rules = await waitForFindings(page, (r) => r.length > 5, 'the fetched bundle');
    const bundle = await page.inputValue('#snapshot-input');
    const expected = expectedReport(JSON.parse(bundle).captured_at, bundle);
    assert.deepEqual(rules, expected.findings.map((f) => f.rule));
    assert.ok((await page.textContent('#warnings')).includes(fakes.normal.deniedPage));
    assert.ok(fakes.normal.log.length >= 4);
    assert.ok(fakes.normal.log.every((e) => e.token_in.join() === 'form'));
    const foreign = requests.filter((u) => !u.startsWith(`chrome-extension://${id}/`) && !u.startsWith(`${env.origin}/fake-graph/`));
    assert.deepEqual(foreign, []);
    assert.equal(await page.inputValue('#fetch-token'), '');
    await page.screenshot({ path: screenshotPath('extension-fetch') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
