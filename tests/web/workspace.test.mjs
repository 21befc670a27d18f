// The config workspace in real headless Chromium: a config per business (never another
// business's), every org-config setting editable next to its partner or person and written to
// the CLI's org.json, "Accept this risk", a config for another business flagged before it is
// applied, the remembered businesses, the roles explained before one is picked, dates as one
// Tab stop, and axe-core on the section. Run after scripts/build-wasm.sh:
// `node --test tests/web/workspace.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, findingRules, screenshotPath, waitForFindings, openPage, pageServer, axeViolations } from './browser.mjs';

const pg = await import(`${ROOT}pkg/portfolio_guard.js`);
pg.initSync({ module: readFileSync(`${ROOT}pkg/portfolio_guard_bg.wasm`) });

const SAMPLE_TEXT = readFileSync(`${ROOT}examples/agency-onboarding/snapshot.json`, 'utf8');
const SAMPLE_CONFIG = JSON.parse(readFileSync(`${ROOT}examples/agency-onboarding/org.json`, 'utf8'));
const SAMPLE_ID = JSON.parse(SAMPLE_TEXT).business.id; // Northwind Outdoor
const CLEAN_TEXT = readFileSync(`${ROOT}examples/clean/snapshot.json`, 'utf8');
const CLEAN_ID = JSON.parse(CLEAN_TEXT).business.id; // Fjordline Coffee Roasters
const KEY = 'portfolio-guard.configs';

const BRIGHTLINE = '300720000000021';
const CLEARVIEW = '300720000000022';
const FERNHILL = '300720000000023';
const LENA = '200510000000014';
const FEED = '200510000000091'; // a system user
const HARBOR = '300720000000701'; // a partner of Fjordline

const env = pageServer();

function open({ width = 1280, height = 900, storage = null } = {}) {
  return openPage(env, { width, height, storage });
}

/** The rule ids the engine finds for an export and a config, sorted (what the page must show). */
function expectedRules(snapshot, config) {
  const answer = pg.check({ snapshot, config });
  assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
  return answer.report.findings.map((f) => f.rule).sort();
}

const sorted = (rules) => [...rules].sort();
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);
const checked = (page) => page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked'), null, { timeout: 15_000 });

/** Waits until the page has checked `text` and shows its findings (status "Checked…"). */
async function paste(page, text, rules) {
  await page.fill('#snapshot-input', text);
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checking')
    || document.querySelector('#status').textContent.startsWith('Switched'), null, { timeout: 5_000 }).catch(() => {});
  await checked(page);
  if (rules) await waitForFindings(page, (r) => sorted(r).join() === rules.join(), 'after pasting');
}

async function openMore(page, list, id) {
  const details = page.locator(`details.more[data-subject="${list}:${id}"]`);
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await page.waitForSelector(`details.more[data-subject="${list}:${id}"] .more-grid`);
}

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}


/** A date `days` from today, YYYY-MM-DD. */
function inDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('two businesses in a row never share a config; each comes back with its own', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  // The sample's own config, stored for its business.
  assert.equal(await page.inputValue('#trusted-domains'), 'northwindoutdoor.example');
  await page.check(`[data-path="partners.${FERNHILL}.verified"]`);
  await waitForFindings(page, (r) => r.length === 14, 'after confirming Studio Fernhill');
  assert.equal((await stored(page))[SAMPLE_ID].config.partners[FERNHILL].verified, true);
  assert.equal((await stored(page))[SAMPLE_ID].name, 'Northwind Outdoor');

  // Another business: its own (empty) config, and only findings made with it. A check with the
  // sample's config would report the sample's exceptions as unused: no render may show that.
  await page.evaluate(() => {
    window.pgRenders = [];
    new MutationObserver(() => window.pgRenders.push([...document.querySelectorAll('#finding-list details.finding')].map((e) => e.dataset.rule)))
      .observe(document.querySelector('#finding-list'), { childList: true });
  });
  const cleanEmpty = expectedRules(CLEAN_TEXT, {});
  assert.ok(expectedRules(CLEAN_TEXT, SAMPLE_CONFIG).includes('exception-unused'));
  await paste(page, CLEAN_TEXT, cleanEmpty);
  const renders = await page.evaluate(() => window.pgRenders);
  assert.ok(renders.length >= 1);
  for (const r of renders) assert.ok(!r.includes('exception-unused'), `a render with the previous business's config: ${r}`);
  assert.equal(await page.inputValue('#trusted-domains'), '');
  assert.equal(await page.inputValue(`[data-path="partners.${HARBOR}.role"]`), '');
  assert.match(await page.textContent('#intent-business'), /Fjordline Coffee Roasters.*Nothing is set yet/);
  assert.deepEqual(Object.keys(await stored(page)), [SAMPLE_ID], 'nothing stored for a business without a config');

  // Its own setting is stored under its id.
  await page.selectOption(`[data-path="partners.${HARBOR}.role"]`, 'media_buyer');
  await page.waitForFunction(([key, id]) => JSON.parse(localStorage.getItem(key))?.[id], [KEY, CLEAN_ID]);
  assert.deepEqual((await stored(page))[CLEAN_ID].config, { partners: { [HARBOR]: { role: 'media_buyer' } } });
  await checked(page);

  // Back to the sample (pasted, not the button): its config as it was left, with its findings.
  const sampleEdited = structuredClone(SAMPLE_CONFIG);
  sampleEdited.partners[FERNHILL].verified = true;
  await paste(page, SAMPLE_TEXT, expectedRules(SAMPLE_TEXT, sampleEdited));
  assert.equal(await page.isChecked(`[data-path="partners.${FERNHILL}.verified"]`), true);
  assert.equal(await page.inputValue('#trusted-domains'), 'northwindoutdoor.example');
  // And Fjordline again: its role, nothing of Northwind's.
  await paste(page, CLEAN_TEXT, expectedRules(CLEAN_TEXT, { partners: { [HARBOR]: { role: 'media_buyer' } } }));
  assert.equal(await page.inputValue(`[data-path="partners.${HARBOR}.role"]`), 'media_buyer');
  assert.equal(await page.inputValue('#trusted-domains'), '');
  // Only configs are stored: never the export.
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).sort()), [KEY]);
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes('grants'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('every setting edited in the page, and an accepted risk, round-trip into org.json; the CLI takes it', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const far = inDays(400);

  // A partner: the main row, then "More".
  await page.selectOption(`[data-path="partners.${CLEARVIEW}.role"]`, 'analytics_tool');
  await page.fill(`[data-path="partners.${CLEARVIEW}.reviewed_at"]`, '2026-11-01');
  await page.fill(`[data-path="partners.${CLEARVIEW}.contract_end"]`, '20271130');
  await page.press(`[data-path="partners.${CLEARVIEW}.contract_end"]`, 'Tab');
  assert.equal(await page.inputValue(`[data-path="partners.${CLEARVIEW}.contract_end"]`), '2027-11-30');
  await page.uncheck(`[data-path="partners.${BRIGHTLINE}.verified"]`);
  await openMore(page, 'partners', CLEARVIEW);
  await page.fill(`[data-path="partners.${CLEARVIEW}.justification"]`, 'Monthly reporting, PO 4472');
  await page.check(`[data-path="partners.${CLEARVIEW}.temporary"]`);
  await page.fill(`[data-path="partners.${CLEARVIEW}.domains"]`, 'clearview-analytics.example, Clearview.example');
  await page.check(`[data-path="partners.${CLEARVIEW}.scope"][value="act_120330000000101"]`);
  await page.check(`[data-path="partners.${CLEARVIEW}.scope"][value="108800000000201"]`);
  // A person and a system user (labelled as such).
  await page.selectOption(`[data-path="members.${LENA}.role"]`, 'creative');
  await page.fill(`[data-path="members.${LENA}.contract_end"]`, '2027-03-31');
  await page.check(`[data-path="members.${LENA}.temporary"]`);
  await openMore(page, 'members', LENA);
  await page.check(`[data-path="members.${LENA}.scope"][value="108800000000201"]`);
  assert.match(await page.textContent(`tr.who[data-subject="members:${FEED}"] .who-meta`), /^System user/);
  // The business's own settings.
  await page.fill('#public-email-domains', 'gmail.com, mail.example');
  await page.click('details.thresholds summary');
  await page.fill('[data-path="thresholds.inactive_days"]', '60');
  // An accepted risk from the config, edited in place.
  await page.click('#exceptions-block summary');
  await page.fill('[data-path="exceptions[1].expires"]', far);
  await page.fill('[data-path="exceptions[1].reason"]', 'Kickoff setup, extended');
  await page.fill('[data-path="exceptions[1].owner"]', 'Tom Achterberg');
  await checked(page);

  // Accept a finding: the form asks for all three, the date in the future.
  const finding = page.locator('#finding-list details.finding[data-rule="unverified-partner"]', { hasText: 'Studio Fernhill' });
  await finding.locator('summary').click();
  await finding.locator('button.accept').click();
  const form = page.locator('form.accept-form');
  await form.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.closest('form')?.classList.contains('accept-form')), true);
  await form.locator('button[type="submit"]').click();
  assert.equal(await form.locator('[aria-invalid="true"]').count(), 3);
  assert.deepEqual(await axeViolations(page, 'form.accept-form'), []);
  await form.getByLabel('Why it is accepted').fill('Fernhill confirms its business ID next week');
  // A change elsewhere re-checks and redraws the findings: the form follows its finding, with
  // what was typed and the focus.
  await page.evaluate(() => {
    window.pgRedrawn = false;
    new MutationObserver(() => { window.pgRedrawn = true; }).observe(document.querySelector('#finding-list'), { childList: true });
    const domains = document.querySelector('#trusted-domains');
    domains.value = 'northwindoutdoor.example, northwind.example';
    domains.dispatchEvent(new Event('input'));
  });
  await page.waitForFunction(() => window.pgRedrawn);
  assert.equal(await form.getByLabel('Why it is accepted').inputValue(), 'Fernhill confirms its business ID next week');
  assert.equal(await page.evaluate(() => document.activeElement.closest('form')?.classList.contains('accept-form')), true);
  await form.getByLabel('Who accepts it').fill('maya.lindqvist@northwindoutdoor.example');
  await form.getByLabel('Until').fill('2020-01-01');
  await form.locator('button[type="submit"]').click();
  assert.match(await form.textContent(), /after today/);
  await form.getByLabel('Until').fill(far);
  await form.locator('button[type="submit"]').click();
  // It moves to the accepted list (the engine does that once the config has the exception).
  await page.waitForFunction(() => [...document.querySelectorAll('#suppressed-list details')].some((d) => d.dataset.rule === 'unverified-partner'), null, { timeout: 15_000 });
  const stillOpen = await page.$$eval('#finding-list details.finding[data-rule="unverified-partner"] .who', (els) => els.map((e) => e.textContent));
  assert.ok(stillOpen.some((w) => w.includes('Brightline')) && !stillOpen.some((w) => w.includes('Fernhill')), `${stillOpen}`);
  await checked(page);

  const { name, text } = await download(page, '#export-config');
  assert.equal(name, 'org.json');
  const config = JSON.parse(text);
  assert.deepEqual(config, (await stored(page))[SAMPLE_ID].config);
  const clearview = config.partners[CLEARVIEW];
  assert.equal(clearview.role, 'analytics_tool');
  assert.deepEqual(clearview.domains, ['clearview-analytics.example', 'clearview.example']);
  assert.equal(clearview.verified, true);
  assert.equal(clearview.justification, 'Monthly reporting, PO 4472');
  assert.equal(clearview.reviewed_at, '2026-11-01');
  assert.equal(clearview.contract_end, '2027-11-30');
  assert.equal(clearview.temporary, true);
  assert.deepEqual(sorted(clearview.scope), sorted(['act_120330000000101', '108800000000201']));
  assert.equal(config.partners[BRIGHTLINE].verified, undefined);
  assert.deepEqual(config.members[LENA], { role: 'creative', contract_end: '2027-03-31', temporary: true, scope: ['108800000000201'] });
  assert.deepEqual(config.trusted_domains, ['northwindoutdoor.example', 'northwind.example']);
  assert.deepEqual(config.public_email_domains, ['gmail.com', 'mail.example']);
  assert.equal(config.thresholds.inactive_days, 60);
  assert.deepEqual(config.exceptions[1], {
    rule: 'external-full-control-member', subject: '200510000000013', reason: 'Kickoff setup, extended', owner: 'Tom Achterberg', expires: far,
  });
  assert.deepEqual(config.exceptions[3], {
    rule: 'unverified-partner', subject: FERNHILL, reason: 'Fernhill confirms its business ID next week', owner: 'maya.lindqvist@northwindoutdoor.example', expires: far,
  });

  // The command line takes the downloaded file as it is (a finding exit code, not a config error).
  const dir = mkdtempSync(join(tmpdir(), 'pg-workspace-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  const run = spawnSync('cargo', ['run', '-q', '--', 'check', 'examples/agency-onboarding/snapshot.json', '--config', file, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok([0, 1].includes(run.status), `exit ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  assert.ok(report.suppressed.some((s) => s.finding.rule === 'unverified-partner'));
  assert.deepEqual(sorted(report.findings.map((f) => f.rule)), sorted(await findingRules(page)));
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('dates are one Tab stop each; an invalid one is marked, explained and not written', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  // Confirmed → last reviewed → contract ends → "More": one stop per date.
  await page.focus(`[data-path="partners.${CLEARVIEW}.verified"]`);
  const order = [];
  for (let i = 0; i < 3; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.dataset.path ?? document.activeElement.tagName.toLowerCase()));
  }
  assert.deepEqual(order, [`partners.${CLEARVIEW}.reviewed_at`, `partners.${CLEARVIEW}.contract_end`, 'summary']);
  const field = `[data-path="partners.${CLEARVIEW}.contract_end"]`;
  assert.equal(await page.getAttribute(field, 'type'), 'text');
  assert.equal(await page.getAttribute(field, 'placeholder'), 'YYYY-MM-DD');
  assert.equal(await page.getAttribute(field, 'inputmode'), 'numeric');
  // Half-typed: left alone; invalid once left: marked, with a message it points to.
  await page.fill(field, '2027-02-30');
  assert.equal(await page.getAttribute(field, 'aria-invalid'), null);
  await page.press(field, 'Tab');
  assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
  const described = await page.getAttribute(field, 'aria-describedby');
  assert.match(await page.textContent(`#${described}`), /YYYY-MM-DD/);
  assert.equal((await stored(page))[SAMPLE_ID].config.partners[CLEARVIEW].contract_end, '2027-10-31');
  assert.deepEqual(await axeViolations(page, '#intent'), []);
  // Fixed: unmarked and written.
  await page.fill(field, '2027-02-28');
  assert.equal(await page.getAttribute(field, 'aria-invalid'), null);
  await page.waitForFunction(([key, id, p]) => JSON.parse(localStorage.getItem(key))[id].config.partners[p].contract_end === '2027-02-28', [KEY, SAMPLE_ID, CLEARVIEW]);
  // An exception's reason is required: emptied, it is marked and the config keeps the old one.
  await page.click('#exceptions-block summary');
  await page.fill('[data-path="exceptions[0].reason"]', '');
  assert.equal(await page.getAttribute('[data-path="exceptions[0].reason"]', 'aria-invalid'), 'true');
  assert.equal((await stored(page))[SAMPLE_ID].config.exceptions[0].reason, SAMPLE_CONFIG.exceptions[0].reason);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a config that names no one in this export is flagged before it is applied', async () => {
  const { context, page, errors } = await open();
  await paste(page, CLEAN_TEXT, expectedRules(CLEAN_TEXT, {}));
  const northwind = `${ROOT}examples/agency-onboarding/org.json`;
  await page.setInputFiles('#config-file', northwind);
  await page.waitForSelector('#config-mismatch:not([hidden])');
  const text = await page.textContent('#config-mismatch');
  assert.match(text, /org\.json does not look like the config of Fjordline Coffee Roasters/);
  assert.ok(text.includes(BRIGHTLINE) && text.includes(LENA), text);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel');
  assert.deepEqual(await axeViolations(page, '#intent'), []);
  // Not applied while it asks; Cancel keeps the config as it was.
  assert.equal(await page.inputValue('#trusted-domains'), '');
  await page.click('#config-mismatch button:has-text("Cancel")');
  assert.equal(await page.isHidden('#config-mismatch'), true);
  assert.equal(await stored(page), null);
  // Apply anyway: applied, for this business.
  await page.setInputFiles('#config-file', northwind);
  await page.click('#config-mismatch button:has-text("Apply anyway")');
  await page.waitForFunction(() => document.querySelector('#trusted-domains').value === 'northwindoutdoor.example');
  assert.deepEqual((await stored(page))[CLEAN_ID].config, SAMPLE_CONFIG);
  await checked(page);

  // A config loaded before any export waits for one, and is flagged then.
  const fresh = await open();
  await fresh.page.setInputFiles('#config-file', northwind);
  await fresh.page.waitForFunction(() => /applies to the export you check next/.test(document.querySelector('#status').textContent));
  await paste(fresh.page, CLEAN_TEXT);
  await fresh.page.waitForSelector('#config-mismatch:not([hidden])');
  await waitForFindings(fresh.page, (r) => sorted(r).join() === expectedRules(CLEAN_TEXT, {}).join(), 'Fjordline without the flagged config');
  assert.equal(await fresh.page.inputValue('#trusted-domains'), '');
  await fresh.page.click('#config-mismatch button:has-text("Apply anyway")');
  await fresh.page.waitForFunction(() => document.querySelector('#trusted-domains').value === 'northwindoutdoor.example');
  // And one loaded before its own business's export is simply applied to it.
  const own = await open();
  await own.page.setInputFiles('#config-file', northwind);
  await own.page.waitForFunction(() => /applies to the export you check next/.test(document.querySelector('#status').textContent));
  await paste(own.page, SAMPLE_TEXT, expectedRules(SAMPLE_TEXT, SAMPLE_CONFIG));
  assert.equal(await own.page.isHidden('#config-mismatch'), true);
  assert.deepEqual((await stored(own.page))[SAMPLE_ID].config, SAMPLE_CONFIG);
  assert.deepEqual([...errors, ...fresh.errors, ...own.errors], []);
  await fresh.context.close();
  await own.context.close();
  await context.close();
});

test('the businesses remembered on this device: listed, forgotten one by one or all at once', async () => {
  const { context, page, errors } = await open();
  assert.equal(await page.isHidden('#remembered'), true);
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  await paste(page, CLEAN_TEXT);
  await page.selectOption(`[data-path="partners.${HARBOR}.role"]`, 'media_buyer');
  await page.waitForFunction(() => document.querySelectorAll('#remembered-list li').length === 2);
  await page.click('#remembered-link');
  assert.equal(await page.evaluate(() => document.querySelector('#remembered').open), true);
  const items = await page.$$eval('#remembered-list li', (els) => els.map((e) => e.textContent));
  assert.match(items[0], /Fjordline Coffee Roasters · business 104620000000777 · saved .* · shown above/);
  assert.match(items[1], /Northwind Outdoor · business 104620000000001 · saved /);
  assert.deepEqual(await axeViolations(page, '#intent'), []);
  // Forget one: only that one goes.
  await page.click('#remembered-list button[aria-label="Forget the config of Northwind Outdoor"]');
  assert.deepEqual(Object.keys(await stored(page)), [CLEAN_ID]);
  assert.match(await page.textContent('#remembered-status'), /Forgotten: the config of Northwind Outdoor/);
  assert.equal(await page.inputValue(`[data-path="partners.${HARBOR}.role"]`), 'media_buyer');
  // The one shown: the editor is emptied too, and the export checked again without it.
  await page.click('#remembered-list button[aria-label="Forget the config of Fjordline Coffee Roasters"]');
  assert.equal(await stored(page), null);
  assert.equal(await page.inputValue(`[data-path="partners.${HARBOR}.role"]`), '');
  await waitForFindings(page, (r) => sorted(r).join() === expectedRules(CLEAN_TEXT, {}).join(), 'Fjordline without its config');
  assert.equal(await page.isHidden('#remembered'), true);
  // Back to Northwind: it has no config any more (the sample button would bring the bundled one).
  await paste(page, SAMPLE_TEXT, expectedRules(SAMPLE_TEXT, {}));
  await page.selectOption(`[data-path="partners.${CLEARVIEW}.role"]`, 'reporting');
  await page.waitForFunction(() => document.querySelectorAll('#remembered-list li').length === 1);
  // "Forget them": everything.
  await page.click('#forget');
  assert.equal(await stored(page), null);
  assert.equal(await page.isHidden('#remembered'), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the single config of older versions goes to the first business it fits, and is dropped otherwise', async () => {
  const legacy = { 'portfolio-guard.config': JSON.stringify(SAMPLE_CONFIG) };
  // It names Northwind's partners: kept for Northwind, under its id.
  const a = await open({ storage: legacy });
  await paste(a.page, SAMPLE_TEXT, expectedRules(SAMPLE_TEXT, SAMPLE_CONFIG));
  assert.deepEqual((await stored(a.page))[SAMPLE_ID].config, SAMPLE_CONFIG);
  assert.equal(await a.page.evaluate(() => localStorage.getItem('portfolio-guard.config')), null);
  // Fjordline's export first: it names none of its partners or people, so it is dropped.
  const b = await open({ storage: legacy });
  await paste(b.page, CLEAN_TEXT, expectedRules(CLEAN_TEXT, {}));
  assert.equal(await stored(b.page), null);
  assert.equal(await b.page.evaluate(() => localStorage.getItem('portfolio-guard.config')), null);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test('the roles are explained before one is picked, and the picker\'s hint follows the choice', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const roles = pg.roles({}).roles;
  await page.click('#role-guide summary');
  const rows = await page.$$eval('#role-guide-body tbody tr', (els) => els.map((e) => e.textContent));
  assert.equal(rows.length, Object.keys(roles).length);
  assert.ok(rows.some((r) => r.includes(roles.reporting.description)), 'the reporting role is described');
  assert.ok(rows.some((r) => /Ad account: /.test(r)));
  const glossary = typeof pg.glossary === 'function' ? pg.glossary({}) : null;
  if (glossary?.type === 'success') {
    // Task names, each with its code on hover and focus.
    const term = page.locator('#role-guide-body abbr.task').first();
    const code = await term.getAttribute('data-code');
    assert.ok((await term.getAttribute('title')).startsWith(code));
    assert.equal(await term.getAttribute('tabindex'), '0');
    if (roles.in_house_admin) assert.ok(rows.some((r) => r.startsWith('In-house admin')));
  }
  // The hint under a picker says what the picked role allows, in words.
  const select = `[data-path="partners.${CLEARVIEW}.role"]`;
  const hint = `#${await page.getAttribute(select, 'aria-describedby')}`;
  assert.ok((await page.textContent(hint)).startsWith(roles.reporting.description.replace(/\.$/, '')));
  await page.selectOption(select, 'media_buyer');
  assert.ok((await page.textContent(hint)).startsWith(roles.media_buyer.description.replace(/\.$/, '')));
  assert.match(await page.textContent(hint), /Needs .* on ad accounts.*Reaches ad accounts, /);
  await page.selectOption(select, '');
  assert.match(await page.textContent(hint), /Not declared/);
  assert.deepEqual(await axeViolations(page, '#intent'), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('focusSetting opens the way to a setting: a person\'s "More", the thresholds, an accepted risk', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const go = (path) => page.evaluate(async (p) => {
    const m = await import('./lib/intent.js');
    const ok = m.focusSetting(p);
    return { ok, at: document.activeElement?.dataset?.path ?? null };
  }, path);
  assert.deepEqual(await go(`partners.${CLEARVIEW}.justification`), { ok: true, at: `partners.${CLEARVIEW}.justification` });
  assert.equal(await page.evaluate((id) => document.querySelector(`details.more[data-subject="partners:${id}"]`).open, CLEARVIEW), true);
  assert.deepEqual(await go(`members.${LENA}.scope`), { ok: true, at: `members.${LENA}.scope` });
  assert.deepEqual(await go('thresholds.inactive_days'), { ok: true, at: 'thresholds.inactive_days' });
  assert.deepEqual(await go('exceptions[1]'), { ok: true, at: 'exceptions[1].expires' });
  assert.deepEqual(await go('trusted_domains'), { ok: true, at: 'trusted_domains' });
  assert.deepEqual(await go('public_email_domains'), { ok: true, at: 'public_email_domains' });
  assert.equal((await go('members.999999.role')).ok, false);
  // An expired accepted risk cannot itself be accepted: the page leads to it instead.
  const expired = page.locator('#finding-list details.finding[data-rule="exception-expired"]');
  await expired.locator('summary').click();
  await expired.locator('button.accept').click();
  await expired.locator('.accept-form.note button').click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'exceptions[1].expires');
  // Everything open at once: still no axe violation, and nothing wider than a phone.
  await page.click('#role-guide summary');
  await openMore(page, 'partners', BRIGHTLINE);
  assert.deepEqual(await axeViolations(page, '#intent'), []);
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.locator('#intent').screenshot({ path: screenshotPath('workspace-360') });
  assert.deepEqual(errors, []);
  await context.close();
});
