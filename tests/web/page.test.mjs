// The web page in real headless Chromium (Debian's, driven by playwright-core), served the way
// `scripts/run.sh` serves it. Run after scripts/build-wasm.sh: `node --test tests/web/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, addEndlessPolicy, findingRules, screenshotPath, waitForFindings, openPage, pageServer } from './browser.mjs';

const SAMPLE = JSON.parse(readFileSync(`${ROOT}examples/agency-onboarding/snapshot.json`, 'utf8'));

const env = pageServer();

/** A fresh page (own storage), ready to check; records errors and every request. */
function open({ width = 1280, height = 900, query = '' } = {}) {
  return openPage(env, { width, height, query });
}

async function paste(page, text) {
  await page.fill('#snapshot-input', text);
}

/**
 * What is wrong with the matrix's labels: a column name cut off at the top or bottom of its
 * band, a row name running into the cells, a shortened name without its full name on hover.
 */
function labelProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const colBox = document.querySelector('#matrix-view .col-head').getBoundingClientRect();
    const rowBox = document.querySelector('#matrix-view .row-head').getBoundingClientRect();
    for (const t of document.querySelectorAll('#matrix-view .col-head text')) {
      const r = t.getBoundingClientRect();
      if (r.top < colBox.top - 0.5 || r.bottom > colBox.bottom + 0.5) problems.push(`column ${t.textContent} cut off`);
      if (!t.querySelector('title')) problems.push(`column ${t.textContent} has no full name`);
    }
    for (const t of document.querySelectorAll('#matrix-view .row-head text:not(.kind)')) {
      const r = t.getBoundingClientRect();
      if (r.right > rowBox.right + 0.5) problems.push(`row ${t.textContent} runs into the cells`);
      if (!t.querySelector('title')) problems.push(`row ${t.textContent} has no full name`);
    }
    return problems.slice(0, 10);
  });
}

test('the sample is one click away and shows the expected findings, matrix and intent', async () => {
  const { context, page, errors, requests } = await open();
  await page.click('#load-sample');
  const rules = await waitForFindings(page, (r) => r.length > 0, 'the sample');
  for (const r of ['partner-owns-asset', 'partner-full-control', 'grant-to-unknown-grantee', 'exception-expired', 'grant-exceeds-role']) {
    assert.ok(rules.includes(r), `${r} missing from ${rules}`);
  }
  assert.equal(rules.length, 15);
  // Counts by severity, and the accepted risk shown apart with its exception.
  assert.equal(await page.textContent('#counts [data-severity="critical"] .n'), '1');
  assert.equal(await page.textContent('#counts [data-severity="high"] .n'), '7');
  assert.equal(await page.$$eval('#suppressed-list details', (e) => e.length), 1);
  assert.match(await page.textContent('#suppressed-list'), /maya\.lindqvist@northwindoutdoor\.example/);
  // A finding expands to its message and its fix.
  const first = page.locator('#finding-list details.finding[data-rule="partner-owns-asset"]');
  await first.locator('summary').click();
  assert.match(await first.locator('.fix').textContent(), /\S/);
  assert.match(await first.locator('.message').textContent(), /Brightline Media/);
  // The intent lists the partners and people, with the sample's roles picked.
  assert.equal(await page.$eval('#role-partners-300720000000022', (e) => e.value), 'reporting');
  assert.equal(await page.$$eval('#members-table tbody tr.who', (e) => e.length), SAMPLE.members.length);
  // The matrix: one cell per grant, coloured by level, with the excess outlined.
  const cells = await page.$$eval('#matrix-view svg.cells rect[class]', (els) => els.map((e) => e.getAttribute('class'))
    .filter((c) => /full_control|can_act|view_only|pending|none/.test(c)));
  assert.equal(cells.length, SAMPLE.grants.length);
  assert.ok(cells.some((c) => c.includes('excess')), 'no excess cell');
  assert.ok(cells.some((c) => c.includes('pending')), 'no pending cell');
  // Hovering a cell tells what it is.
  const cell = page.locator('#matrix-view svg.cells rect.full_control').first();
  await cell.hover();
  assert.equal(await page.isVisible('#matrix-tip'), true);
  assert.match(await page.textContent('#matrix-tip'), /Full control/);
  // The keyboard reads the matrix too.
  await page.focus('#matrix-view .body');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#matrix-detail'), /→/);

  await page.screenshot({ path: screenshotPath('page-desktop'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.foreign(), []);
  assert.ok(requests.seen.some((u) => u.endsWith('.wasm')), 'the engine was not fetched from the origin');
  await context.close();
});

test('changing the intent updates the findings live', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.includes('unverified-partner'), 'the sample');
  // Studio Fernhill's business ID is confirmed: its finding goes.
  await page.check('[data-path="partners.300720000000023.verified"]');
  await waitForFindings(page, (r) => !r.includes('unverified-partner') && r.length === 14, 'after confirming Studio Fernhill');
  // Clearview's role is taken away: now it has access without a declared role.
  await page.selectOption('#role-partners-300720000000022', '');
  const rules = await waitForFindings(page, (r) => r.includes('role-undeclared'), 'after clearing Clearview\'s role');
  assert.ok(!rules.includes('unverified-partner'));
  // The config is remembered on this device (not the export), and the download is the CLI's file.
  // (one config per business, under the export's business id)
  const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem('portfolio-guard.configs'))[id].config, SAMPLE.business.id);
  assert.equal(stored.partners['300720000000023'].verified, true);
  assert.equal(stored.partners['300720000000022'].role, undefined);
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).sort()), ['portfolio-guard.configs']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-config')]);
  const config = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(config, stored);
  // Forget clears it.
  await page.click('#forget');
  assert.equal(await page.evaluate(() => localStorage.getItem('portfolio-guard.configs')), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('malformed JSON shows a located error next to the input, and the page recovers', async () => {
  const { context, page, errors } = await open();
  await paste(page, '{\n  "schema_version": 1,\n  "captured_at": "2026-11-01T00:00:00Z",\n  "business": {"id": "1", "name": "X"},,\n}');
  await page.waitForSelector('#input-error:not([hidden])');
  const text = await page.textContent('#input-error');
  assert.match(text, /line 4/);
  assert.equal(await page.getAttribute('#snapshot-input', 'aria-invalid'), 'true');
  // A snapshot with a wrong field names its JSON path.
  const bad = structuredClone(SAMPLE);
  bad.grants[2].tasks = 'MANAGE';
  await paste(page, JSON.stringify(bad, null, 2));
  await page.waitForFunction(() => /grants\[2\]\.tasks/.test(document.querySelector('#input-error').textContent));
  // Then a good one clears the error.
  await paste(page, JSON.stringify(SAMPLE));
  await page.waitForSelector('#input-error', { state: 'hidden' });
  await waitForFindings(page, (r) => r.length > 0, 'after fixing the input');
  assert.deepEqual(errors, []);
  await context.close();
});

test('names from the export are text, never HTML: no script runs', async () => {
  const { context, page, errors, dialogs } = await open();
  const evil = structuredClone(SAMPLE);
  const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
  const script = '<script>window.__pwned=2;alert(2)</script>';
  evil.business.name = `Northwind ${script}`;
  evil.members[0].name = `Mallory ${img}`;
  evil.partners[0].name = `Evil ${script}${img}`;
  evil.assets[0].name = `Ads ${img}`;
  evil.grants.push({ asset_id: evil.assets[0].id, grantee: { kind: 'partner', id: '999<svg onload=alert(3)>' }, tasks: [`MANAGE${img}`] });
  await paste(page, JSON.stringify(evil));
  await waitForFindings(page, (r) => r.includes('grant-to-unknown-grantee'), 'the hostile snapshot');
  for (const d of await page.$$('#finding-list details.finding summary')) await d.click();
  await page.click('#grant-list-block summary');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  // The markup is shown as the literal text it is, and no element was made from it.
  assert.equal(await page.$$eval('main img, main script, main iframe', (e) => e.length), 0);
  assert.equal(await page.$$eval('body img[src="x"], body svg[onload]', (e) => e.length), 0);
  assert.ok((await page.textContent('#finding-list')).includes('<img src=x onerror='));
  assert.ok((await page.textContent('#members-table')).includes('Mallory <img'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a custom policy: a syntax error shows its line; tests run with pass/fail each', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length > 0, 'the sample');
  await page.click('#policy-example');
  // The example rule is evaluated with the built-ins.
  await page.click('#run-tests');
  await page.waitForSelector('#test-results .test-summary');
  assert.equal(await page.textContent('#test-results .test-summary'), '2 passed, 0 failed');
  assert.equal(await page.$$eval('#test-results td.pass', (e) => e.length), 2);
  // Break the rule on line 14: the error names the file and line.
  const broken = (await page.inputValue('#policy-text')).replace('some m in input.members', 'some m in input.members {{');
  await page.fill('#policy-text', broken);
  await page.waitForSelector('#policy-error:not([hidden])');
  const text = await page.textContent('#policy-error');
  assert.match(text, /acme\/no_freelance_admins\.rego, line 14/);
  assert.equal(await page.textContent('#policy-gutter .err'), '14');
  // A failing test is reported as such.
  await page.fill('#policy-text', broken.replace(' {{', ''));
  await page.waitForSelector('#policy-error', { state: 'hidden' });
  await page.click('#policy-tabs [role="tab"]:has-text("_test.rego")');
  await page.fill('#policy-text', `${await page.inputValue('#policy-text')}\ntest_wrong if {\n\tcount(rule.findings) == 5 with input as {"members": []}\n}\n`);
  await page.click('#run-tests');
  await page.waitForFunction(() => document.querySelector('#test-results .test-summary')?.textContent === '2 passed, 1 failed');
  assert.match(await page.textContent('#test-results td.fail + td code'), /\.test_wrong$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endless custom policy is stopped; the page says so and stays usable', async () => {
  const { context, page, errors } = await open({ query: '?timeout=2500' });
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  await addEndlessPolicy(page);
  await page.waitForSelector('#banner:not([hidden])', { timeout: 15_000 });
  assert.match(await page.textContent('#banner-text'), /stopped after 3 seconds|stopped after 2 seconds/);
  assert.match(await page.textContent('#status'), /ran too long/);
  // Still usable: remove the rule (confirmed in place), and the findings come back.
  await page.click('#policy-remove');
  await page.click('#policy-remove-confirm');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked in'), null, { timeout: 15_000 });
  assert.equal((await findingRules(page)).length, 15);
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports download valid files in four formats', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const grab = async (format) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-format="${format}"]:not([data-plain])`)]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  };
  const json = await grab('json');
  assert.match(json.name, /^northwind-outdoor-access-review-\d{4}-\d{2}-\d{2}\.json$/);
  const report = JSON.parse(json.text);
  assert.equal(report.findings.length, 15);
  assert.equal(report.summary.suppressed, 1);
  const sarif = JSON.parse((await grab('sarif')).text);
  assert.equal(sarif.version, '2.1.0');
  // SARIF keeps the accepted risk as a suppressed result.
  assert.equal(sarif.runs[0].results.length, 16);
  assert.equal(sarif.runs[0].results.filter((r) => r.suppressions?.length).length, 1);
  const csv = (await grab('csv')).text.replace(/^\uFEFF/, '').trim().split('\n');
  assert.match(csv[0], /\bseverity,rule,/);
  assert.equal(csv.length, 1 + 15 + 1);
  assert.match((await grab('markdown')).text, /^# /);
  assert.deepEqual(errors, []);
  await context.close();
});

test('readable at 360 px wide, and operable from the keyboard', async () => {
  const { context, page, errors, requests } = await open({ width: 360, height: 780 });
  // Tab to the sample button and press Enter.
  await page.keyboard.press('Tab');
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'load-sample'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.id);
  }
  assert.equal(focused, 'load-sample');
  await page.keyboard.press('Enter');
  await waitForFindings(page, (r) => r.length === 15, 'the sample from the keyboard');
  // Nothing sticks out sideways at 360 px (the matrix and tables scroll inside their boxes).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  // Every form control has a label.
  const unlabelled = await page.$$eval('input, select, textarea, button', (els) => els
    .filter((e) => e.type !== 'file' && !e.closest('[hidden]'))
    .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim()))
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.screenshot({ path: screenshotPath('page-360'), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.foreign(), []);
  await context.close();
});

test('a portfolio of 55 principals (and leftovers) × 200 assets draws a full, readable matrix', async () => {
  const big = execFileSync('cargo', ['run', '--quiet', '--', 'gen', '--grants', '1000', '--seed', '1'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const snapshot = JSON.parse(big);
  const { context, page, errors } = await open({ width: 1440, height: 1000 });
  await paste(page, big);
  await waitForFindings(page, (r) => r.length > 0, 'the generated snapshot');
  const cells = await page.$$eval('#matrix-view svg.cells rect[class]', (els) => els
    .filter((e) => /full_control|can_act|view_only|pending|none/.test(e.getAttribute('class'))).length);
  assert.equal(cells, snapshot.grants.length);
  // Rows: every member and partner, and each grantee the snapshot does not list.
  const listed = new Set([...snapshot.members.map((m) => `member:${m.id}`), ...snapshot.partners.map((p) => `partner:${p.id}`)]);
  const unknown = new Set(snapshot.grants.map((g) => `${g.grantee.kind}:${g.grantee.id}`).filter((k) => !listed.has(k)));
  assert.equal(await page.textContent('#matrix-view .corner'), `${listed.size + unknown.size} × ${snapshot.assets.length}`);
  // Cells are at least 12 px, and the matrix scrolls inside its box instead of shrinking.
  const size = await page.$eval('#matrix-view svg.cells rect.can_act', (e) => e.getBBox().width);
  assert.ok(size >= 9, `cells are ${size}px wide`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  // The row names scroll with the cells: both boxes are the same height.
  const heights = await page.$$eval('#matrix-view .row-head, #matrix-view .body', (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(Math.abs(heights[0] - heights[1]) <= 1, `row names ${heights[0]}px high, cells ${heights[1]}px`);
  // Every label fits its band, with its full name on hover.
  assert.deepEqual(await labelProblems(page), []);
  await page.locator('#matrix').screenshot({ path: screenshotPath('page-matrix-1000-grants') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a pasted Graph API capture is imported and checked', async () => {
  const bundle = readFileSync(`${ROOT}tests/fixtures/graph/sample-graph-bundle.json`, 'utf8');
  const { context, page, errors } = await open();
  await paste(page, bundle);
  await waitForFindings(page, (r) => r.length > 0, 'the Graph bundle');
  assert.match(await page.textContent('#input-summary'), /^Acme Retail:/);
  assert.ok(await page.$$eval('#partners-table tbody tr', (e) => e.length) > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file can be chosen for the export and for the config; a bad config is refused, located', async () => {
  const { context, page, errors } = await open();
  await page.setInputFiles('#file-input', `${ROOT}examples/agency-onboarding/snapshot.json`);
  await waitForFindings(page, (r) => r.includes('role-undeclared'), 'the export without its config');
  await page.setInputFiles('#config-file', `${ROOT}examples/agency-onboarding/org.json`);
  await waitForFindings(page, (r) => r.length === 15, 'with its config');
  assert.equal(await page.$eval('#role-partners-300720000000021', (e) => e.value), 'media_buyer');
  // A config naming a role that does not exist is refused with its place, and nothing changes.
  await page.setInputFiles('#config-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"partners": {"300720000000021": {"role": "wizard"}}}') });
  await page.waitForSelector('#config-error:not([hidden])');
  assert.match(await page.textContent('#config-error'), /bad\.json is not a valid config/);
  assert.match(await page.textContent('#config-error'), /wizard/);
  assert.equal(await page.$eval('#role-partners-300720000000021', (e) => e.value), 'media_buyer');
  await page.setInputFiles('#config-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"partners": ') });
  await page.waitForFunction(() => /broken\.json is not JSON/.test(document.querySelector('#config-error').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a custom rule runs with the built-ins and its findings appear with theirs', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  await page.click('#policy-add');
  const rule = (await page.inputValue('#policy-text'))
    .replace('some m in input.members\n\tfalse # your condition here', 'some m in input.members\n\tm.kind == "system_user"');
  await page.fill('#policy-text', rule);
  const rules = await waitForFindings(page, (r) => r.includes('my-rule-1'), 'the custom rule');
  assert.equal(rules.length, 16);
  const item = page.locator('#finding-list details.finding[data-rule="my-rule-1"]');
  assert.match(await item.locator('.who').textContent(), /Shop feed sync/);
  // Remembered on this device, with the config; the export is not.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('portfolio-guard.policies')));
  assert.equal(stored.length, 1);
  assert.match(stored[0].text, /system_user/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a large portfolio (10,000 grants) stays usable: paged findings, searchable intent, matrix of its worst part', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-page-'));
  const file = join(dir, 'large.json');
  execFileSync('cargo', ['run', '--quiet', '--', 'gen', '--grants', '10000', '--seed', '1', '-o', file], { cwd: ROOT });
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const { context, page, errors } = await open();
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked'), null, { timeout: 60_000 });
  // Over 2 MB: checked as it is, not put into the box.
  assert.equal(await page.inputValue('#snapshot-input'), '');
  assert.match(await page.getAttribute('#snapshot-input', 'placeholder'), /large\.json \(2\.\d MB\) is loaded and checked/);
  // Findings a page at a time.
  const total = Number(await page.$$eval('#counts button .n', (els) => els.reduce((n, e) => n + Number(e.textContent), 0)));
  assert.ok(total > 400, `${total} findings`);
  assert.equal(await page.$$eval('#finding-list details', (e) => e.length), 200);
  await page.click('#findings-more');
  assert.equal(await page.$$eval('#finding-list details', (e) => e.length), 400);
  // The intent asks for a search instead of listing thousands of rows.
  assert.equal(await page.isVisible('#intent-search'), true);
  assert.ok(await page.$$eval('#members-table tbody tr.who', (e) => e.length) <= 100);
  const someone = snapshot.members[snapshot.members.length - 1];
  await page.fill('#intent-search', someone.id);
  await page.waitForFunction((id) => [...document.querySelectorAll('#members-table tbody tr')].some((tr) => tr.textContent.includes(id)) || document.querySelector(`[data-path="members.${id}.role"]`), someone.id);
  assert.ok(await page.$(`[data-path="members.${someone.id}.role"]`), 'the searched person is listed with a role picker');
  // The matrix draws the part with the most findings, and says so.
  assert.equal(await page.isVisible('#matrix-note'), true);
  const corner = (await page.textContent('#matrix-view .corner')).split(' × ').map(Number);
  assert.ok(corner[0] <= 150 && corner[1] <= 300, `${corner}`);
  assert.ok(await page.$$eval('#matrix-view svg.cells rect.excess', (e) => e.length) > 0);
  assert.deepEqual(await labelProblems(page), []);
  await page.locator('#matrix').screenshot({ path: screenshotPath('page-matrix-10000-grants') });
  // Typing into the box replaces the large export.
  await paste(page, '{');
  await page.waitForSelector('#input-error:not([hidden])');
  assert.deepEqual(errors, []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});
