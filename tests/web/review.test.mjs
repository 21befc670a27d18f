// Reading the results in the page, in real headless Chromium: the findings brought into view
// (with a busy mark while a check runs), in plain words, warnings first, a truthful matrix,
// downloads named after the business, print, keyboard use, and axe-core's accessibility rules
// in every state the page reaches, at a desktop (1366 px) and a phone (360 px) width. Run after
// scripts/build-wasm.sh: `node --test tests/web/review.test.mjs`. Screenshots go to screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ROOT, screenshotPath, waitForFindings, openPage, pageServer, axeViolations } from './browser.mjs';

const SAMPLE = JSON.parse(readFileSync(`${ROOT}examples/agency-onboarding/snapshot.json`, 'utf8'));
const BUNDLE = JSON.parse(readFileSync(`${ROOT}tests/fixtures/graph/sample-graph-bundle.json`, 'utf8'));
const SIZES = [[1366, 850], [360, 740]];

// Meta's task codes: none may stand in the page's finding text (the glossary names them).
const GLOSSARY = `${ROOT}policies/config/tasks.json`;
const CODES = existsSync(GLOSSARY)
  ? [...new Set(Object.values(JSON.parse(readFileSync(GLOSSARY, 'utf8'))).flatMap((t) => Object.keys(t)))]
  : ['MANAGE', 'ADVERTISE', 'ANALYZE', 'DRAFT', 'CONTENT', 'MODERATE', 'MESSAGES', 'COMMUNITY_ACTIVITY', 'AA_ANALYZE'];
const RAW_CODE = /\b[A-Z]{2,}(_[A-Z]+)+\b/;
const CONFIG_PATH = /\b(partners|members)\.\d|trusted_domains|exceptions\[|org config/;

const env = pageServer();

/** A fresh page (own storage), ready to check; records errors, dialogs and every request. */
function open({ width = 1366, height = 850, query = '', reducedMotion = 'no-preference' } = {}) {
  return openPage(env, { width, height, query, reducedMotion });
}


const shot = (o, name, full = false) => o.page.screenshot({ path: screenshotPath(`review-${name}-${o.width}`), fullPage: full });

async function loadSample(page) {
  await page.click('#load-sample');
  return waitForFindings(page, (r) => r.length > 0, 'the sample');
}

/** Waits until the page stops scrolling (a smooth scroll takes a moment) with `selector`'s box inside the viewport. */
async function waitInView(page, selector) {
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    const still = window.__lastY === window.scrollY;
    window.__lastY = window.scrollY;
    return still && r && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector, { timeout: 5_000, polling: 100 });
}

/** Waits for the next check to end (the status says "Checked in …" again, after `before`). */
async function nextCheck(page, before) {
  await page.waitForFunction((b) => {
    const s = document.querySelector('#status').textContent;
    return s.startsWith('Checked in') && s !== b && !document.querySelector('#findings').hasAttribute('aria-busy');
  }, before, { timeout: 15_000 });
}

/** The text a reader sees in the findings (every one opened): not the <abbr> titles, nor attributes. */
async function findingText(page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('#findings details')) d.open = true;
    const text = [...document.querySelectorAll('#finding-list li, #suppressed-list li')]
      .map((li) => li.querySelector('details')?.innerText ?? '').join('\n');
    return text;
  });
}

/** A Graph API capture with one list left unread (`paging.next`): the engine warns first. */
function incompleteBundle() {
  const bundle = structuredClone(BUNDLE);
  const key = Object.keys(bundle.responses).find((k) => /\/business_users\?/.test(k));
  bundle.responses[key].paging = { ...bundle.responses[key].paging, next: 'https://graph.facebook.com/v25.0/next-page' };
  return JSON.stringify(bundle, null, 2);
}

for (const [width, height] of SIZES) {
  test(`${width}×${height}: after the sample the summary is in view and focused; editing the config re-checks in place`, async () => {
    const o = await open({ width, height });
    const { page, errors } = o;
    await loadSample(page);
    // Focus goes to the summary, and the summary (headline, counts) is scrolled into view.
    await page.waitForFunction(() => document.activeElement?.id === 'headline');
    await waitInView(page, '#headline');
    await waitInView(page, '#counts');
    await shot(o, 'sample');
    // A re-check caused by an edit of the config leaves focus and scroll where they are.
    const select = '#role-partners-300720000000022';
    await page.focus(select);
    await page.evaluate((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), select);
    const y = await page.evaluate(() => window.scrollY);
    const status = await page.textContent('#status');
    await page.selectOption(select, '');
    await nextCheck(page, status);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.activeElement?.id), select.slice(1));
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - y) <= 2, 'the page scrolled on a re-check');
    assert.deepEqual(errors, []);
    await o.context.close();
  });

  test(`${width}×${height}: every state passes axe-core (empty, sample, a finding open, filters, matrix, rules, input error, print)`, async () => {
    const o = await open({ width, height, reducedMotion: 'reduce' });
    const { page, errors, dialogs } = o;
    const states = {};
    const state = async (name, full = false) => {
      await shot(o, name, full);
      states[name] = await axeViolations(page);
    };
    await state('empty', true);
    await loadSample(page);
    await waitInView(page, '#counts');
    await state('after-sample');
    // A finding opened.
    const first = page.locator('#finding-list details.finding').first();
    await first.locator('summary').click();
    await first.scrollIntoViewIfNeeded();
    await state('finding-open');
    // Filters applied: High only, through its count.
    await page.click('#counts [data-severity="high"]');
    assert.equal(await page.isVisible('#filter-clear'), true);
    await page.locator('#findings').scrollIntoViewIfNeeded();
    await state('filtered');
    await page.click('#filter-clear');
    // The matrix with a cell focused.
    await page.focus('#matrix-view .body');
    await page.keyboard.press('ArrowRight');
    await page.locator('#matrix').scrollIntoViewIfNeeded();
    await state('matrix-focused');
    // The rules editor with a file.
    await page.click('#policy-example');
    await page.locator('#policies').scrollIntoViewIfNeeded();
    await state('policies');
    // Print-ready: every finding open, print styles.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    await state('print', true);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    // An input error.
    await page.fill('#snapshot-input', '{\n  "schema_version": 1,,\n}');
    await page.waitForSelector('#input-error:not([hidden])');
    await page.locator('#input').scrollIntoViewIfNeeded();
    await state('input-error');
    // The results of the last good check stay, greyed, and say they are out of date.
    assert.equal(await page.isVisible('#findings-stale'), true);
    await page.locator('#findings').screenshot({ path: screenshotPath(`review-stale-${width}`) });
    for (const [name, violations] of Object.entries(states)) assert.deepEqual(violations, [], `axe in the state "${name}"`);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await o.context.close();
  });

  test(`${width}×${height}: the matrix shows ownership and admins' full control; its labels fit and tell assets apart`, async () => {
    const o = await open({ width, height });
    const { page, errors } = o;
    await loadSample(page);
    await page.locator('#matrix').scrollIntoViewIfNeeded();
    // Brightline Media owns the Winter Launch ad account: its cell says so, the column is marked.
    const cell = page.locator('#matrix-view svg.cells rect[data-principal="partner:300720000000021"][data-asset="act_120330000000103"]');
    assert.equal(await cell.count(), 1);
    assert.equal(await cell.getAttribute('data-owner'), 'true');
    await cell.hover();
    assert.match(await page.textContent('#matrix-tip'), /Owns this asset/);
    const head = page.locator('#matrix-view .col-head text[data-asset="act_120330000000103"]');
    assert.match(await head.textContent(), /◆/);
    assert.match(await head.locator('title').textContent(), /owned by partner Brightline Media/);
    // The portfolio admins (Meta role ADMIN) control every asset: their rows say so.
    const admins = SAMPLE.members.filter((m) => m.role === 'ADMIN').length;
    assert.equal(await page.$$eval('#matrix-view rect.grid-bg.implied', (e) => e.length), admins);
    // Reading with the keyboard finds an admin's implied full control.
    await page.focus('#matrix-view .body');
    let read = '';
    for (let i = 0; i < 12 && !/portfolio admin/.test(read); i += 1) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      read = await page.textContent('#matrix-detail');
    }
    assert.match(read, /Full control \(portfolio admin\)/);
    // Labels: nothing cut off, nothing over the cells; a cut one keeps its full name on hover.
    const fit = await page.evaluate(() => {
      const problems = [];
      const box = (sel) => document.querySelector(sel).getBoundingClientRect();
      const colBox = box('#matrix-view .col-head');
      const rowBox = box('#matrix-view .row-head');
      for (const t of document.querySelectorAll('#matrix-view .col-head text')) {
        const r = t.getBoundingClientRect();
        if (r.top < colBox.top - 0.5 || r.bottom > colBox.bottom + 0.5) problems.push(`column ${t.textContent} cut: ${r.top}–${r.bottom} in ${colBox.top}–${colBox.bottom}`);
      }
      for (const t of document.querySelectorAll('#matrix-view .row-head text')) {
        const r = t.getBoundingClientRect();
        if (r.right > rowBox.right + 0.5) problems.push(`row ${t.textContent} runs into the cells`);
        if (t.textContent.includes('…') && !t.querySelector('title')) problems.push(`row ${t.textContent} has no full name`);
      }
      return problems;
    });
    assert.deepEqual(fit, []);
    // The three "Northwind - …" ad accounts stay apart at every width.
    const ads = await page.$$eval('#matrix-view .col-head text', (els) => els
      .filter((e) => e.querySelector('.kind')?.textContent.trim() === 'Ad')
      .map((e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')));
    assert.equal(ads.length, 3);
    assert.equal(new Set(ads).size, 3, `ad account labels: ${ads}`);
    await page.locator('#matrix').screenshot({ path: screenshotPath(`review-matrix-${width}`) });
    assert.deepEqual(errors, []);
    await o.context.close();
  });
}

test('a slow check shows it is under way on the summary and its trigger, and clears after', async () => {
  const o = await open();
  const { page, errors } = o;
  // A larger portfolio (the sample's people on 600 more assets), so the check takes a while.
  const big = structuredClone(SAMPLE);
  for (let i = 0; i < 600; i += 1) {
    const id = `act_9${String(i).padStart(11, '0')}`;
    big.assets.push({ id, type: 'ad_account', name: `Generated ${i}`, owner_business_id: big.business.id });
    for (const m of big.members.slice(0, 4)) big.grants.push({ asset_id: id, grantee: { kind: 'member', id: m.id }, tasks: ['ADVERTISE', 'ANALYZE'] });
  }
  await page.evaluate(() => {
    window.__busy = { findings: false, note: false, trigger: false };
    new MutationObserver(() => {
      const b = window.__busy;
      b.findings ||= document.querySelector('#findings').getAttribute('aria-busy') === 'true';
      b.note ||= !document.querySelector('#findings-busy').hidden;
      b.trigger ||= document.querySelector('.is-checking[aria-busy="true"]') !== null;
    }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['aria-busy', 'hidden', 'class'] });
  });
  // As after the file chooser: the (visually hidden) file input has focus; its label shows the work.
  await page.focus('#file-input');
  await page.setInputFiles('#file-input', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
  await waitForFindings(page, (r) => r.length > 0, 'the larger export');
  await nextCheck(page, '');
  const seen = await page.evaluate(() => window.__busy);
  assert.deepEqual(seen, { findings: true, note: true, trigger: true });
  assert.equal(await page.$$eval('.is-checking, [aria-busy="true"]', (e) => e.length), 0);
  assert.equal(await page.isVisible('#findings-busy'), false);
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('the findings speak plain words: task names explained, dates localized, names not ids, no config paths', async () => {
  const o = await open();
  const { page, errors } = o;
  await loadSample(page);
  const text = await findingText(page);
  assert.doesNotMatch(text, RAW_CODE);
  for (const code of CODES) assert.doesNotMatch(text, new RegExp(`\\b${code}\\b`), `task code ${code} in the findings`);
  assert.doesNotMatch(text, CONFIG_PATH);
  assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, 'a date not in the reader\'s format');
  // The ids of everything the export names are replaced by the names (but for the one number a
  // partner is asked to confirm: its Business Portfolio ID).
  const named = text.replaceAll(/Business Portfolio ID \d+/g, '');
  for (const x of [...SAMPLE.members, ...SAMPLE.partners, ...SAMPLE.assets]) {
    assert.ok(!named.includes(x.id), `${x.id} (${x.name}) shown as an id`);
  }
  // A task name is focusable and tells its code and what it allows.
  const term = page.locator('#finding-list abbr.term').first();
  assert.equal(await term.getAttribute('tabindex'), '0');
  assert.match(await term.getAttribute('title'), /^[A-Z_]+: /);
  await term.focus();
  assert.match(await term.evaluate((e) => getComputedStyle(e, '::after').content), /^"[A-Z_]+: /);
  await term.evaluate((e) => e.closest('details').scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: screenshotPath('review-term-focused-1366') });
  // The system user is called so; every open finding can be accepted; a fix leads to its setting.
  assert.ok((await page.$$eval('#finding-list .who', (e) => e.map((x) => x.textContent))).some((t) => t.startsWith('System user Shop feed sync')));
  const listed = await page.$$eval('#finding-list details.finding', (e) => e.length);
  assert.equal(await page.$$eval('#finding-list button.accept', (e) => e.length), listed);
  assert.equal(await page.$$eval('#suppressed-list button.accept', (e) => e.length), 0);
  const go = page.locator('#finding-list button.go-setting:visible').first();
  assert.equal(await go.count(), 1, 'no "Go to this setting" button');
  await go.click();
  assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest('#intent'))), true);
  // The rule ids stay out of the text (they are in data-rule for the tools).
  assert.doesNotMatch(text.replaceAll(/rule id \S+/g, ''), /partner-full-control|grant-exceeds-role/);
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('an incomplete capture: the warning comes first, above the counts and findings, and the headline says so', async () => {
  const o = await open();
  const { page, errors } = o;
  await page.fill('#snapshot-input', incompleteBundle());
  await waitForFindings(page, (r) => r.length > 0, 'the incomplete capture');
  await page.waitForSelector('#warnings:not([hidden])');
  assert.match(await page.textContent('#headline'), /— capture incomplete/);
  // In plain words: what is missing and what to do, not the Graph API path.
  assert.match(await page.textContent('#warnings'), /Meta had more people than it holds\. Fetch again/);
  assert.doesNotMatch(await page.textContent('#warnings'), /paging\.next|business_users|\?fields=/);
  const top = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().top);
  assert.ok(await top('#warnings') < await top('#counts'), 'the warning is below the counts');
  assert.ok(await top('#warnings') < await top('#finding-list'), 'the warning is below the findings');
  await page.locator('#findings').screenshot({ path: screenshotPath('review-warnings-1366') });
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('downloads are named after the business and the date; CSV for spreadsheets, Markdown for the client', async () => {
  const o = await open();
  const { page, errors } = o;
  await loadSample(page);
  const grab = async (selector) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  };
  const stem = /^northwind-outdoor-access-review-\d{4}-\d{2}-\d{2}$/;
  const json = await grab('[data-format="json"]');
  assert.match(json.name.replace(/\.json$/, ''), stem);
  assert.equal(JSON.parse(json.text).business.name, 'Northwind Outdoor');
  const csv = await grab('[data-format="csv"]');
  assert.match(csv.name, /\.csv$/);
  assert.ok(csv.text.startsWith('\uFEFF'), 'the CSV has no byte order mark (Excel reads it as ANSI)');
  const header = csv.text.slice(1).split('\n')[0].split(',');
  for (const column of ['business', 'business_id', 'evaluated_at']) assert.ok(header.includes(column), `CSV without ${column}: ${header}`);
  const client = await grab('[data-format="markdown"][data-plain="true"]');
  assert.match(client.name.replace(/\.md$/, ''), stem);
  assert.match(client.text, /^# /);
  assert.doesNotMatch(client.text, CONFIG_PATH);
  assert.doesNotMatch(client.text, /partner-full-control|grant-exceeds-role/);
  const technical = await grab('[data-format="markdown"]:not([data-plain])');
  assert.match(technical.name, /-technical\.md$/);
  assert.match(technical.text, /partner-full-control/);
  const sarif = await grab('[data-format="sarif"]');
  assert.match(sarif.name, /\.sarif$/);
  assert.equal(JSON.parse(sarif.text).version, '2.1.0');
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('print: the inputs and buttons go, every fix is shown, black on white; the page comes back after', async () => {
  const o = await open();
  const { page, errors } = o;
  await loadSample(page);
  const closed = await page.$$eval('#findings details:not([open])', (e) => e.length);
  assert.ok(closed > 0);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.$$eval('#findings details:not([open])', (e) => e.length), 0);
  const fixes = await page.$$eval('#findings .fix', (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(fixes.length > 0 && fixes.every((hgt) => hgt > 0), 'a fix is not shown');
  for (const sel of ['#snapshot-input', '#intent', '#policies', '#load-sample', '.filters', '.exports', '#finding-list button.accept']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is printed`);
  }
  assert.equal(await page.isVisible('#headline'), true);
  assert.equal(await page.$eval('body', (e) => getComputedStyle(e).backgroundColor), 'rgb(255, 255, 255)');
  assert.equal(await page.$eval('.finding .message', (e) => getComputedStyle(e).color), 'rgb(0, 0, 0)');
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.$$eval('#findings details:not([open])', (e) => e.length), closed);
  // Printing for real (to PDF) goes through the same events: the findings are closed again after.
  await page.emulateMedia({ media: null });
  await page.pdf({ path: screenshotPath('review-print').replace(/\.png$/, '.pdf'), format: 'A4' });
  assert.equal(await page.$$eval('#findings details:not([open])', (e) => e.length), closed);
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('keyboard: the skip link is the first Tab stop and works; after the sample the first finding is a few Tabs away', async () => {
  const o = await open();
  const { page, errors } = o;
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the findings');
  await loadSample(page);
  await page.waitForFunction(() => document.activeElement?.id === 'headline');
  let tabs = 0;
  while (tabs < 12 && !(await page.evaluate(() => Boolean(document.activeElement?.matches('#finding-list summary'))))) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  assert.ok(tabs <= 6, `${tabs} Tabs from the summary to the first finding`);
  // The counts are one Tab stop: the arrow keys move between them.
  await page.focus('#counts [data-severity="critical"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.severity), 'high');
  // The skip link takes focus to the findings.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('a.skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'findings');
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('the rules editor never replaces an edited file silently, and asks in place before removing one', async () => {
  const o = await open();
  const { page, errors, dialogs } = o;
  // No tab list while there is no file (a tab list must hold tabs).
  assert.equal(await page.getAttribute('#policy-tabs', 'role'), null);
  await page.click('#policy-example');
  assert.equal(await page.getAttribute('#policy-tabs', 'role'), 'tablist');
  await page.click('#policy-tabs [role="tab"]:text-is("acme/no_freelance_admins.rego")');
  const edited = `${await page.inputValue('#policy-text')}\n# mine\n`;
  await page.fill('#policy-text', edited);
  await page.click('#policy-example');
  const tabs = await page.$$eval('#policy-tabs [role="tab"]', (e) => e.map((x) => x.textContent));
  assert.ok(tabs.includes('acme/no_freelance_admins_2.rego'), `${tabs}`);
  assert.match(await page.textContent('#policy-note'), /kept/);
  await page.click('#policy-tabs [role="tab"]:text-is("acme/no_freelance_admins.rego")');
  assert.equal(await page.inputValue('#policy-text'), edited);
  // Remove asks first; Keep it keeps it.
  const count = tabs.length;
  await page.click('#policy-remove');
  assert.equal(await page.isVisible('#policy-remove-ask'), true);
  assert.match(await page.textContent('#policy-remove-text'), /acme\/no_freelance_admins\.rego/);
  await page.click('#policy-remove-cancel');
  assert.equal(await page.$$eval('#policy-tabs [role="tab"]', (e) => e.length), count);
  await page.click('#policy-remove');
  await page.click('#policy-remove-confirm');
  assert.equal(await page.$$eval('#policy-tabs [role="tab"]', (e) => e.length), count - 1);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await o.context.close();
});

test('an export that cannot be read: no claim of a "last good check" when there was none', async () => {
  const o = await open();
  const { page, errors } = o;
  await page.fill('#snapshot-input', '{ "schema_version": 1,, }');
  await page.waitForSelector('#input-error:not([hidden])');
  assert.doesNotMatch(await page.textContent('#status'), /last good check/);
  assert.equal(await page.isVisible('#findings-body'), false);
  // After a good check of this export, an edit that breaks it keeps those results, and says so.
  await loadSample(page);
  const text = await page.inputValue('#snapshot-input');
  await page.fill('#snapshot-input', text.replace('"schema_version": 1,', '"schema_version": 1,,'));
  await page.waitForSelector('#input-error:not([hidden])');
  await page.waitForFunction(() => /last good check/.test(document.querySelector('#status').textContent));
  assert.equal(await page.isVisible('#findings-body'), true);
  // Another export that cannot be read: the sample's results go.
  await page.click('#clear-input');
  await page.fill('#snapshot-input', '[1, 2');
  await page.waitForSelector('#input-error:not([hidden])');
  await page.waitForFunction(() => !/last good check/.test(document.querySelector('#status').textContent) && /Fix it/.test(document.querySelector('#status').textContent));
  assert.equal(await page.isVisible('#findings-body'), false);
  assert.deepEqual(errors, []);
  await o.context.close();
});
