// Shared by the browser tests: Debian's Chromium driven by playwright-core (never a downloaded
// browser), and a check that every request stays on the page's own origin.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
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
export const findingRules = (page) => page.$$eval('#finding-list details.finding', (els) => els.map((e) => e.dataset.rule));

/** Waits (15 s at most) until the listed findings satisfy `predicate`; fails naming `what`. */
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
