// The spreadsheet template on the web page, in real headless Chromium (tests/web/browser.mjs):
// download the blank template, fill it in, choose it, see the findings; download the export as
// a filled template and drop it back; a mistake in it is shown with its row and column.
// Run after scripts/build-wasm.sh: `node --test tests/web/template.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findingRules, screenshotPath, waitForFindings, openPage, pageServer } from './browser.mjs';

const env = pageServer();

function open() {
  return openPage(env);
}

async function grab(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** Drops a file on the box, as a user dragging it from their desktop would. */
async function drop(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'text/csv' }));
    return dt;
  }, [name, text]);
  await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
}

test('download the template, fill it in, choose it: the findings appear', async () => {
  const { context, page, errors, requests } = await open();
  assert.equal(await page.isVisible('#template-filled'), false);
  assert.match(await page.getAttribute('#file-input', 'accept'), /\.csv/);

  // The blank template: UTF-8 with a byte-order mark, the header first, the examples commented.
  const blank = await grab(page, '#template-blank');
  assert.equal(blank.name, 'portfolio-guard-template.csv');
  assert.deepEqual([...blank.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = blank.bytes.toString('utf8').replace(/^\uFEFF/, '');
  const [header] = text.split('\r\n');
  assert.ok(header.startsWith('table,id,name,type,'), header);
  const columns = header.split(',');
  assert.ok(text.includes('\r\n#access,'));

  // Filled in by hand: a business, an admin, a partner, an ad account; the partner holds MANAGE.
  const row = (cells) => columns.map((c) => cells[c] ?? '').join(',');
  const filled = [
    header,
    '# filled in from Business Settings on 1 November',
    row({ table: 'business', id: '100000000000001', name: 'Acme Retail', two_factor: 'admin_required', captured_at: '2026-11-01' }),
    row({ table: 'person', id: '200000000000011', name: 'Dana Owner', email: 'dana@acme.example', role: 'Full control', two_factor: 'enabled' }),
    row({ table: 'person', id: '200000000000012', name: 'Eli Admin', email: 'eli@acme.example', role: 'Full control', two_factor: 'enabled' }),
    row({ table: 'partner', id: '300000000000021', name: 'Growth Agency Ltd' }),
    row({ table: 'asset', id: 'act_400000000000031', name: 'Acme - Prospecting', type: 'ad_account', owner_business_id: '100000000000001' }),
    row({ table: 'access', asset_id: 'act_400000000000031', who: '300000000000021', tasks: 'MANAGE ADVERTISE ANALYZE' }),
    row({ table: 'access', asset_id: 'act_400000000000031', who: '200000000000011', tasks: 'MANAGE' }),
  ].join('\r\n');
  await page.setInputFiles('#file-input', { name: 'access.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${filled}\r\n`) });
  const rules = await waitForFindings(page, (r) => r.includes('partner-full-control'), 'the filled template');
  assert.ok(rules.length >= 1);
  assert.match(await page.textContent('#input-summary'), /Acme Retail: 2 people and system users, 1 partner, 1 asset, 2 grants/);
  assert.equal(await page.$$eval('#matrix-view svg.cells rect.full_control', (e) => e.length), 2);
  assert.equal(await page.isVisible('#template-filled'), true);
  await page.screenshot({ path: screenshotPath('page-template'), fullPage: false });

  // A mistake: the error names the row, the column and what was expected.
  await page.fill('#snapshot-input', `${filled.replace('MANAGE ADVERTISE ANALYZE', 'MANAGE ADVERTIZE')}\r\n`);
  await page.waitForSelector('#input-error:not([hidden])');
  const shown = await page.textContent('#input-error');
  assert.match(shown, /line 8, column 15, at tasks: unknown task `ADVERTIZE` for an ad account/);
  assert.match(shown, /did you mean `ADVERTISE`\?/);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.foreign(), []);
  await context.close();
});

test('any export downloads as a filled template, which drops back in with the same findings', async () => {
  const { context, page, errors } = await open();
  await page.click('#load-sample');
  const sample = await waitForFindings(page, (r) => r.length === 15, 'the sample');
  const filled = await grab(page, '#template-filled');
  assert.equal(filled.name, 'portfolio-guard-access.csv');
  const csv = filled.bytes.toString('utf8');
  assert.ok(csv.startsWith('\uFEFFtable,id,name,'));
  assert.ok(csv.includes('\r\naccess,'));
  await page.click('#clear-input');
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Paste an export'));
  await drop(page, 'access.csv', csv);
  await page.waitForFunction(() => document.querySelector('#snapshot-input').value.includes('table,id,name'));
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Checked in'));
  assert.deepEqual((await findingRules(page)).sort(), [...sample].sort());
  assert.equal(await page.isVisible('#input-error'), false);
  assert.deepEqual(errors, []);
  await context.close();
});
