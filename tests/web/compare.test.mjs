// "Compare with the last review" in the page, in real headless Chromium: a review saved after
// a check (the export, the config and the report in one file) is loaded next to the check of a
// later export, and the page shows what changed — what the package's `compare` says of the same
// two exports. Run after
// scripts/build-wasm.sh: `node --test tests/web/compare.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, screenshotPath, waitForFindings, openPage, pageServer, axeViolations } from './browser.mjs';

const LATER = readFileSync(`${ROOT}examples/agency-onboarding-later/snapshot.json`, 'utf8');
const SAMPLE = readFileSync(`${ROOT}examples/agency-onboarding/snapshot.json`, 'utf8');
const ORG = readFileSync(`${ROOT}examples/agency-onboarding/org.json`, 'utf8');
// What the page should show: the package's own comparison of the same two exports, each with
// the sample's config (the page keeps the business's config for the later export). The Rust
// golden tests (tests/compare.rs) pin the comparison itself.
const pg = await import(`${ROOT}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${ROOT}pkg/portfolio_guard_bg.wasm`) });
const EXPECTED = pg.compare({ before: SAMPLE, after: LATER, config: ORG, plain: true });
if (EXPECTED.type !== 'success') throw new Error(JSON.stringify(EXPECTED.errors));
const GOLDEN = EXPECTED.comparison;

const env = pageServer();


/** The sample checked, then its review saved: the file's name and its parsed content. */
async function sampleReview(page) {
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length > 0, 'the sample');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#review-save')]);
  const text = readFileSync(await download.path(), 'utf8');
  return { name: download.suggestedFilename(), text, review: JSON.parse(text) };
}

/** A later export of the same business, checked (through the file picker, as a user would). */
async function checkLater(page) {
  const before = await page.textContent('#status');
  await page.setInputFiles('#file-input', { name: 'later.json', mimeType: 'application/json', buffer: Buffer.from(LATER) });
  await page.waitForFunction((b) => {
    const s = document.querySelector('#status').textContent;
    return s.startsWith('Checked in') && s !== b;
  }, before, { timeout: 20_000 });
}

test('a saved review holds the export, the config and the report, and compares with a later export', async () => {
  const o = await openPage(env, { width: 1366, height: 850 });
  const { page } = o;
  const saved = await sampleReview(page);
  assert.equal(saved.name, 'northwind-outdoor-access-review-2026-11-01-review.json');
  assert.equal(saved.review.format, 'portfolio-guard-review/v1');
  assert.equal(saved.review.snapshot.business.id, GOLDEN.before.business.id);
  assert.ok(saved.review.config.partners, 'the config of the check is in the review');
  assert.equal(saved.review.report.findings.length, GOLDEN.before.summary.critical + GOLDEN.before.summary.high
    + GOLDEN.before.summary.medium + GOLDEN.before.summary.low + GOLDEN.before.summary.info);

  await checkLater(page);
  await page.setInputFiles('#review-file', { name: saved.name, mimeType: 'application/json', buffer: Buffer.from(saved.text) });
  await page.waitForSelector('#review-headline', { timeout: 20_000 });
  const s = GOLDEN.summary;
  const headline = await page.textContent('#review-headline');
  assert.match(headline, new RegExp(`${s.findings_new} new findings, ${s.findings_resolved} resolved, ${s.findings_still_open} still open`), headline);
  assert.match(headline, new RegExp(`access ${s.access_added} added, ${s.access_removed} removed, ${s.access_changed} changed`), headline);
  // The resolved findings by their titles (plain words), the new ones too.
  const resolved = await page.$$eval('#review-resolved li strong', (els) => els.map((e) => e.textContent));
  assert.equal(resolved.length, s.findings_resolved);
  const fresh = await page.$$eval('#review-new li', (els) => els.map((e) => e.textContent));
  assert.equal(fresh.length, s.findings_new);
  assert.ok(fresh.some((t) => t.includes('Jonas Weber')), fresh.join('\n'));
  // Access: one row per change, tasks in the glossary's words (no raw codes where a name exists).
  const rows = await page.$$eval('#review-access tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, s.access_added + s.access_removed + s.access_changed);
  const brightline = rows.find((r) => r[1].includes('Brightline Media'));
  assert.ok(brightline, JSON.stringify(rows));
  assert.match(brightline[0], /^Removed Full control$/, 'what a changed grant lost, by name');
  assert.doesNotMatch(brightline.join(' '), /\bMANAGE\b|\bADVERTISE\b/);
  assert.match(await page.textContent('#review-view'), /Partners \(1\)[\s\S]*Removed: Studio Fernhill/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: screenshotPath(`compare-${o.width}`), fullPage: false });
  await page.locator('#review-view').screenshot({ path: screenshotPath(`compare-view-${o.width}`) });

  // An edit of the config compares again: with Jonas Weber's role declared, "role undeclared"
  // is no longer new.
  await page.selectOption('[data-path="members.200510000000015.role"]', 'community_manager');
  await page.waitForFunction((n) => document.querySelectorAll('#review-new li').length === n - 1
    || /^New findings: none/.test(document.querySelector('#review-new')?.textContent ?? ''), s.findings_new, { timeout: 20_000 });
  assert.equal(await page.$$eval('#review-new li', (els) => els.filter((e) => e.textContent.includes('Jonas Weber')).length), 0);
  assert.deepEqual(o.errors, []);
  await page.click('#review-close');
  assert.equal(await page.isHidden('#review-view'), true);
  await o.context.close();
});

test('a file that is not a saved review is explained, and nothing else changes', async () => {
  const o = await openPage(env, { width: 360, height: 740 });
  const { page } = o;
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length > 0, 'the sample');
  await page.setInputFiles('#review-file', { name: 'snapshot.json', mimeType: 'application/json', buffer: Buffer.from(LATER) });
  await page.waitForSelector('#review-error:not([hidden])');
  assert.match(await page.textContent('#review-error'), /snapshot\.json is not a saved review/);
  assert.equal(await page.isHidden('#review-view'), true);
  await page.setInputFiles('#review-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
  await page.waitForFunction(() => /not JSON/.test(document.querySelector('#review-error').textContent));
  await page.locator('#review-block').screenshot({ path: screenshotPath(`compare-error-${o.width}`) });
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(o.errors, []);
  await o.context.close();
});
