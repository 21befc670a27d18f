// Shared by the browser tests: Debian's Chromium driven by playwright-core (never a downloaded
// browser), and a check that every request stays on the page's own origin.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = `${ROOT}screenshots`;
export const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
}

export async function launchPersistent(userDataDir, extraArgs) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    args: [...ARGS, ...extraArgs],
    headless: true,
  });
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return `${SCREENSHOTS}/${name}.png`;
}

/**
 * Records every request the context makes; `foreign()` lists those not on one of the allowed
 * origins (and aborts them, so nothing could leave even if a bug tried).
 */
export async function watchRequests(context, allowedOrigins) {
  const seen = [];
  const allowed = (url) => allowedOrigins.some((o) => url.startsWith(`${o}/`)) || url.startsWith('blob:') || url.startsWith('data:');
  await context.route('**/*', (route) => {
    const url = route.request().url();
    seen.push(url);
    return allowed(url) ? route.continue() : route.abort();
  });
  return { seen, foreign: () => seen.filter((u) => !allowed(u)) };
}

/** The rule ids of the findings the page lists, in order. */
const AXE = readFileSync(`${ROOT}node_modules/axe-core/axe.min.js`, 'utf8');

/**
 * axe-core's violations in `page` (injected through the DevTools protocol: the CSP does not
 * govern it), on the whole document or within `selector`, as `rule: targets` lines.
 * @param {import('playwright-core').Page} page
 * @param {string | null} [selector]
 */
export async function axeViolations(page, selector = null) {
  if (!(await page.evaluate(() => typeof globalThis.axe === 'object'))) await page.evaluate(AXE);
  return page.evaluate(async (sel) => {
    const result = await globalThis.axe.run(sel ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

export const findingRules = (page) => page.$$eval('#finding-list details.finding', (els) => els.map((e) => e.dataset.rule));

/** Waits (15 s at most) until the listed findings satisfy `predicate`; fails naming `what`. */
/** Adds, in the page's rules editor, a custom rule that never finishes (it counts 10¹⁰ pairs). */
export async function addEndlessPolicy(page) {
  await page.click('#policy-add');
  const endless = (await page.inputValue('#policy-text'))
    .replace('\tfalse # your condition here', '\txs := numbers.range(1, 100000)\n\tcount([1 | some i in xs; some j in xs]) < 0');
  await page.fill('#policy-text', endless);
}

export async function waitForFindings(page, predicate, what) {
  const deadline = Date.now() + 15_000;
  let rules = [];
  while (Date.now() < deadline) {
    rules = await findingRules(page);
    if (predicate(rules)) return rules;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: findings were ${JSON.stringify(rules)}`);
}

/**
 * For a test file that drives the page: serves the repository (and `mount`, see
 * scripts/serve.mjs) on a free port and starts Chromium before its tests, and stops both after
 * them. The returned object's `origin` and `browser` are set once the tests run.
 */
export function pageServer({ mount } = {}) {
  const env = { origin: null, browser: null, server: null };
  before(async () => {
    const s = await serve({ port: 0, quiet: true, ...(mount ? { mount } : {}) });
    env.server = s.server;
    env.origin = s.url;
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.closeAllConnections?.();
    await new Promise((resolve) => (env.server ? env.server.close(resolve) : resolve()));
  });
  return env;
}

/**
 * A fresh page of `env` (own storage) at `/www/<query>`, ready to check; records page errors,
 * console errors, dialogs (dismissed) and every request (only `env`'s origin allowed).
 * `storage`: localStorage entries left by an earlier visit (set before the page's scripts run,
 * once per tab). `init`: a script (a function and its argument) run in the page, and in every
 * reload of it, before the page's own scripts.
 */
export async function openPage(env, {
  width = 1280, height = 900, query = '', reducedMotion = 'no-preference', storage = null, init = null,
} = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true, reducedMotion });
  const requests = await watchRequests(context, [env.origin]);
  if (init) await context.addInitScript(init.script, init.arg);
  if (storage) {
    await context.addInitScript((entries) => {
      if (sessionStorage.getItem('pg-seeded')) return;
      sessionStorage.setItem('pg-seeded', '1');
      for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    }, storage);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${env.origin}/www/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { context, page, errors, requests, dialogs, width };
}
