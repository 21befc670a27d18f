// The package's <portfolio-guard-report> element in real headless Chromium, on a host page
// served under the page's Content-Security-Policy: the page's wording (compared with the page
// itself on the sample), a report given and a snapshot + config checked in the element's own
// worker, a what-if answer, failures, the time limit, hostile names (text only), a theme
// through custom properties, and axe-core's rules. Run after scripts/build-wasm.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CSP } from '../../scripts/serve.mjs';
import { ROOT, openPage, pageServer, screenshotPath, watchRequests, axeViolations } from './browser.mjs';


// The host page: a portal-like page with the element, loading the package as plain ES modules.
const HOST = {
  '/host/': ['text/html; charset=utf-8', `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Host of the report element</title>
<script type="module" src="/host/host.js"></script></head>
<body><main><h1>Access review</h1><section aria-labelledby="r-h"><h2 id="r-h">Findings</h2>
<portfolio-guard-report id="report" heading-level="3"></portfolio-guard-report></section></main></body>
</html>`],
  '/host/host.js': ['text/javascript; charset=utf-8', `
import init, * as pg from '/pkg/index.js';
import '/pkg/report/index.js';
await init();
globalThis.pg = pg;
globalThis.el = document.querySelector('#report');
document.body.dataset.ready = 'true';
`],
};
const mount = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return true;
  }
  const file = HOST[path];
  if (!file) return false;
  res.writeHead(200, { 'Content-Type': file[0], 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
  res.end(file[1]);
  return true;
};

const env = pageServer({ mount });

/** A fresh host page (own context), ready; records errors and every request (own origin only). */
async function host({ width = 1100, height = 900 } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height } });
  const requests = await watchRequests(context, [env.origin]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${env.origin}/host/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { context, page, errors, requests };
}

/**
 * Runs `f(arg)` in the page (where `el` is the element and `pg` the package), then waits until
 * the element has rendered what `f` set.
 */
async function set(page, f, arg) {
  await page.evaluate(f, arg);
  await page.evaluate(() => globalThis.el.updateComplete);
}

/** What the element shows: headline, counts, each finding's badge/title/who/rule, proposals, error. */
function shown(page) {
  return page.evaluate(() => {
    const root = document.querySelector('#report').shadowRoot;
    const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const findings = (list) => [...root.querySelectorAll(`ul[data-list="${list}"] > li > details.finding`)].map((d) => ({
      rule: d.dataset.rule,
      badge: text(d.querySelector('.badge')),
      title: text(d.querySelector('.title')),
      who: text(d.querySelector('.who')),
      message: text(d.querySelector('.message')),
      fix: text(d.querySelector('.fix')),
    }));
    return {
      state: document.querySelector('#report').getAttribute('state'),
      headline: text(root.querySelector('.headline')),
      counts: Object.fromEntries([...root.querySelectorAll('.count')].map((c) => [c.dataset.severity, Number(text(c.querySelector('.n')))])),
      findings: findings('findings'),
      accepted: findings('accepted'),
      introduced: findings('introduced'),
      proposals: [...root.querySelectorAll('.proposal')].map((p) => ({ ask: text(p.querySelector('.ask')), verdict: text(p.querySelector('.verdict')), excess: p.classList.contains('excess') })),
      error: text(root.querySelector('.error-box')),
      html: root.innerHTML,
    };
  });
}


const SAMPLE = JSON.parse(readFileSync(`${ROOT}examples/agency-onboarding/snapshot.json`, 'utf8'));
const SAMPLE_CONFIG = JSON.parse(readFileSync(`${ROOT}examples/agency-onboarding/org.json`, 'utf8'));

test('a report: the page\'s wording, findings and accepted risks, the same as the page shows for the sample', async () => {
  // The page, on its sample.
  const { context: pageContext, page: webPage } = await openPage(env);
  await webPage.click('#load-sample');
  await webPage.waitForFunction(() => document.querySelectorAll('#finding-list details.finding').length > 0, null, { timeout: 20_000 });
  const onPage = await webPage.evaluate(() => {
    const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    return {
      headline: text(document.querySelector('#headline')),
      findings: [...document.querySelectorAll('#finding-list details.finding')].map((d) => ({
        rule: d.dataset.rule,
        badge: text(d.querySelector('.badge')),
        title: text(d.querySelector('.title')),
        who: text(d.querySelector('.who')),
        message: text(d.querySelector('.message')),
        fix: text(d.querySelector('.fix')),
      })),
      accepted: document.querySelectorAll('#suppressed-list details.finding').length,
    };
  });
  await pageContext.close();

  const { context, page, errors } = await host();
  await set(page, () => {
    const s = pg.samples().samples.find((x) => x.name === 'agency-onboarding');
    el.report = pg.check({ snapshot: s.snapshot, config: s.config, plain: true, matrix: true });
  });
  const mine = await shown(page);
  assert.equal(mine.state, 'ready');
  assert.equal(mine.headline, onPage.headline);
  assert.match(mine.headline, /^\d+ findings in Northwind Outdoor\. \d+ need attention first\.$/);
  assert.deepEqual(mine.findings, onPage.findings);
  assert.equal(mine.accepted.length, onPage.accepted);
  assert.ok(mine.accepted.every((f) => f.badge === 'Accepted'), JSON.stringify(mine.accepted));
  for (const sev of ['critical', 'high', 'medium', 'low', 'info']) {
    assert.equal(mine.counts[sev], mine.findings.filter((f) => f.badge.toLowerCase() === sev).length, sev);
  }
  assert.equal(mine.counts.suppressed, onPage.accepted);
  // Plain words: no config paths or raw page task codes in what is shown.
  assert.doesNotMatch(mine.findings.map((f) => `${f.message} ${f.fix}`).join(' '), /PROFILE_PLUS_|org config|exceptions\[\d/);
  // A finding opens to say what is wrong and how to fix it; its first task name explains itself on focus.
  await page.locator('#report details.finding >> nth=1').locator('summary').click();
  const open = page.locator('#report details.finding[open]');
  assert.equal(await open.count(), 1);
  assert.deepEqual(await open.locator('h3.label').allTextContents(), ['What is wrong', 'How to fix it']);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: screenshotPath('component-report'), fullPage: true });

  // The host's own controls on each finding (the page's "Accept this risk", say).
  await set(page, () => {
    globalThis.clicked = [];
    el.findingActions = (finding, { accepted }) => (accepted ? [] : [
      Object.assign(document.createElement('button'), {
        type: 'button', textContent: 'Accept this risk', onclick: () => globalThis.clicked.push(finding.rule),
      })]);
  });
  const second = page.locator('#report details.finding >> nth=1');
  await second.locator('summary').click();
  await second.getByRole('button', { name: 'Accept this risk' }).click();
  assert.deepEqual(await page.evaluate(() => globalThis.clicked), [mine.findings[1].rule]);
  assert.equal(await page.locator('#report ul[data-list="accepted"] button').count(), 0);
  assert.deepEqual(await axeViolations(page), []);

  // Warnings come first and qualify the headline, as on the page; an incomplete capture says so.
  for (const incomplete of [false, true]) {
    await set(page, (flag) => {
      const s = pg.samples().samples.find((x) => x.name === 'agency-onboarding');
      const answer = pg.check({ snapshot: s.snapshot, config: s.config, plain: true });
      answer.report.warnings = ['could not read which partners have access to Page `108800000000201`: <b>denied</b>'];
      answer.capture_incomplete = flag;
      el.report = answer;
    }, incomplete);
    const warned = await page.evaluate(() => {
      const root = el.shadowRoot;
      return { headline: root.querySelector('.headline').textContent, box: root.querySelector('.warning-box').textContent, code: root.querySelectorAll('.warning-box code').length, b: root.querySelectorAll('b').length };
    });
    assert.equal(warned.headline, `15 findings in Northwind Outdoor — ${incomplete ? 'capture incomplete' : '1 warning'}. 8 need attention first.`);
    assert.equal(warned.box, `${incomplete ? 'Part of the portfolio was not read, so some access may be missing from these results:' : 'Read this warning before you rely on the results.'}`
      + 'could not read which partners have access to Page 108800000000201: <b>denied</b>');
    assert.deepEqual([warned.code, warned.b], [1, 0]);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a snapshot and config: checked in the element\'s worker, the same findings as a report; a failure shows its place', async () => {
  const { context, page, errors, requests } = await host();
  await set(page, () => {
    const s = pg.samples().samples.find((x) => x.name === 'agency-onboarding');
    el.report = pg.check({ snapshot: s.snapshot, config: s.config, plain: true, matrix: true });
  });
  const given = await shown(page);
  // Made by script (a constructor may not set attributes): empty, said so once connected.
  assert.deepEqual(await page.evaluate(() => {
    const made = document.createElement('portfolio-guard-report');
    const before = made.getAttribute('state');
    document.querySelector('main').append(made);
    const after = [made.getAttribute('state'), made.shadowRoot.textContent];
    made.remove();
    return [before, ...after];
  }), [null, 'empty', 'No report yet.']);
  await set(page, () => { el.report = null; });
  assert.equal((await shown(page)).state, 'empty');
  const events = page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    const el = document.querySelector('#report');
    const observer = new MutationObserver(() => seen.push(el.getAttribute('state')));
    observer.observe(el, { attributes: true, attributeFilter: ['state'] });
    // The observer hears of the last change in a microtask queued before the event.
    el.addEventListener('portfolio-guard-rendered', (e) => queueMicrotask(() => {
      observer.disconnect();
      resolve({ seen, detail: e.detail });
    }), { once: true });
  }));
  await set(page, ([snapshot, config]) => {
    el.snapshot = snapshot; // an object
    el.config = JSON.stringify(config); // text works too
  }, [SAMPLE, SAMPLE_CONFIG]);
  const { seen, detail } = await events;
  assert.deepEqual(seen, ['checking', 'ready']);
  assert.deepEqual(detail, { kind: 'report', findings: given.findings.length });
  const checked = await shown(page);
  assert.equal(checked.headline, given.headline);
  assert.deepEqual(checked.findings, given.findings);
  assert.equal(await page.evaluate(() => document.querySelector('#report').answer.type), 'success');
  // The worker is the package's, on the page's origin.
  assert.ok(requests.seen.some((u) => u.endsWith('/pkg/report/worker.js')), requests.seen.join(' '));
  assert.deepEqual(requests.foreign(), []);

  // A broken export: the failure with its line, and an event.
  const failed = page.evaluate(() => new Promise((resolve) => {
    document.querySelector('#report').addEventListener('portfolio-guard-failed', (e) => resolve(e.detail.kind), { once: true });
  }));
  await set(page, () => { el.snapshot = '{\n"schema_version": 1,\n"captured_at": ]'; });
  assert.equal(await failed, 'snapshot');
  const bad = await shown(page);
  assert.equal(bad.state, 'failed');
  assert.match(bad.error, /^This export cannot be read ?line 3, column \d+(, at captured_at)?: \S/);
  assert.deepEqual(await axeViolations(page), []);

  // A custom rule that never finishes: the element stops its worker at its time limit, and the next check works.
  await page.evaluate(() => document.querySelector('#report').setAttribute('timeout', '1500'));
  const endless = [
    '# METADATA', '# title: Never finishes', '# description: Counts 10¹⁰ pairs.', '# custom:', '#   id: endless', '#   category: custom', '#   severity: low',
    '#   remediation: None.', 'package portfolio_guard.rules.custom.endless', '',
    'findings contains f if {', '\txs := numbers.range(1, 100000)', '\tcount([1 | some i in xs; some j in xs]) < 0',
    '\tf := {"message": "never"}', '}', '',
  ].join('\n');
  await set(page, ([snapshot, text]) => {
    el.snapshot = snapshot;
    el.policies = [{ path: 'endless.rego', text }];
  }, [SAMPLE, endless]);
  const stopped = await shown(page);
  assert.equal(stopped.state, 'failed');
  assert.match(stopped.error, /stopped after 2 seconds/);
  await set(page, () => { el.policies = []; });
  assert.deepEqual((await shown(page)).findings, given.findings);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile names stay text: business, partner, person and asset names with markup', async () => {
  const evil = (what) => `<img src=x onerror="globalThis.pwned='${what}'"><script>globalThis.pwned='${what}'</script>\`<b>${what}</b>\``;
  const snapshot = structuredClone(SAMPLE);
  snapshot.business.name = evil('business');
  snapshot.partners[0].name = evil('partner');
  snapshot.members[0].name = evil('member');
  for (const a of snapshot.assets) a.name = evil(`asset ${a.id}`);
  const { context, page, errors } = await host();
  // Checked in the worker (names straight from the export) and given as a report.
  await set(page, ([s, c]) => { el.snapshot = s; el.config = c; }, [snapshot, SAMPLE_CONFIG]);
  const checked = await shown(page);
  assert.equal(checked.state, 'ready');
  assert.ok(checked.headline.includes('<img src=x onerror='), checked.headline);
  assert.ok(checked.findings.some((f) => f.who.includes('Partner <img src=x')), JSON.stringify(checked.findings.map((f) => f.who)));
  assert.ok(checked.findings.some((f) => f.who.includes('<script>')));
  const counts = await page.evaluate(() => {
    const root = document.querySelector('#report').shadowRoot;
    return { img: root.querySelectorAll('img').length, script: root.querySelectorAll('script').length, b: root.querySelectorAll('b').length };
  });
  assert.deepEqual(counts, { img: 0, script: 0, b: 0 });
  await page.waitForTimeout(200); // an image's onerror would have fired by now
  assert.equal(await page.evaluate(() => globalThis.pwned ?? null), null);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a theme through custom properties: colours, font and radius', async () => {
  const { context, page } = await host();
  await set(page, () => {
    const s = pg.samples().samples.find((x) => x.name === 'agency-onboarding');
    el.report = pg.check({ snapshot: s.snapshot, config: s.config, plain: true });
  });
  const style = () => page.evaluate(() => {
    const root = document.querySelector('#report').shadowRoot;
    const cs = (sel) => getComputedStyle(root.querySelector(sel));
    return {
      high: cs('.badge.sev-high').backgroundColor,
      border: cs('details.finding').borderTopColor,
      radius: cs('details.finding').borderTopLeftRadius,
      font: cs('.headline').fontFamily,
      text: cs('.headline').color,
    };
  });
  const before = await style();
  assert.equal(before.high, 'rgb(192, 38, 45)');
  await page.evaluate(() => {
    const el = document.querySelector('#report');
    el.style.setProperty('--pg-high', 'rgb(150, 20, 90)');
    el.style.setProperty('--pg-border', 'rgb(10, 20, 30)');
    el.style.setProperty('--pg-radius', '3px');
    el.style.setProperty('--pg-text', 'rgb(40, 40, 40)');
    // On an ancestor: custom properties inherit into the shadow root.
    document.querySelector('main').style.setProperty('--pg-font', '15px/1.5 "Courier New", monospace');
  });
  const after = await style();
  assert.deepEqual(after, { high: 'rgb(150, 20, 90)', border: 'rgb(10, 20, 30)', radius: '3px', font: '"Courier New", monospace', text: 'rgb(40, 40, 40)' });
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('a what-if answer: the verdict of each proposal and the findings it would add', async () => {
  const { context, page, errors } = await host();
  const proposed = [{
    grantee: { kind: 'partner', id: '300720000000021' },
    asset: { id: 'act_120330000000103', type: 'ad_account' },
    tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'],
  }];
  // The sample's config with the account in Brightline's declared scope: full control is then
  // the one thing wrong with the request.
  const config = structuredClone(SAMPLE_CONFIG);
  config.partners['300720000000021'].scope.push('act_120330000000103');
  const expected = await page.evaluate(([p, c, s]) => globalThis.pg.whatIf({ snapshot: s, config: c, proposed: p, plain: true }), [proposed, config, SAMPLE]);
  assert.equal(expected.type, 'success', JSON.stringify(expected.errors));
  await set(page, ([p, c, s]) => {
    el.whatIf = pg.whatIf({ snapshot: s, config: c, proposed: p, plain: true });
  }, [proposed, config, SAMPLE]);
  const given = await shown(page);
  assert.equal(given.state, 'ready');
  assert.equal(given.headline, 'This request would add 1 finding. 1 needs attention first.');
  assert.deepEqual(given.introduced.map((f) => [f.rule, f.badge, f.who]),
    [['partner-full-control', 'High', 'Partner Brightline Media → Ad account Northwind - Winter Launch']]);
  assert.equal(given.introduced[0].title, expected.what_if.introduced[0].finding.title);
  assert.equal(given.proposals.length, 1);
  assert.equal(given.proposals[0].excess, true);
  assert.match(given.proposals[0].ask, /^Partner Brightline Media asks for .+ on Ad account Northwind - Winter Launch\.$/);
  assert.match(given.proposals[0].verdict, /^More than a media buyer needs: grant only .+; leave out .+\.$/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: screenshotPath('component-what-if'), fullPage: true });

  // The same what-if run by the element in its worker (snapshot, config and proposed).
  await set(page, ([s, c, p]) => { el.snapshot = s; el.config = c; el.proposed = p; }, [SAMPLE, config, proposed]);
  const inWorker = await shown(page);
  assert.deepEqual(inWorker.introduced, given.introduced);
  assert.deepEqual(inWorker.proposals, given.proposals);

  // Only what the role needs: no finding added.
  const keep = expected.what_if.proposals[0].keep;
  await set(page, (p) => { el.proposed = p; }, [{ ...proposed[0], tasks: keep }]);
  const lean = await shown(page);
  assert.deepEqual(lean.introduced, []);
  assert.equal(lean.headline, 'This request would add no finding: it is least privilege.');
  assert.equal(lean.proposals[0].verdict, 'Least privilege: a media buyer needs all of it.');
  assert.deepEqual(await axeViolations(page), []);

  // No export: the request judged on its own against the config (the element supplies "now").
  await set(page, (p) => { el.snapshot = null; el.proposed = p; }, proposed);
  const alone = await shown(page);
  assert.equal(alone.state, 'ready', alone.error);
  assert.ok(alone.introduced.some((f) => f.rule === 'partner-full-control'), JSON.stringify(alone.introduced));
  assert.match(alone.proposals[0].verdict, /^More than a media buyer needs: grant only .+; leave out .+\.$/);
  assert.deepEqual(errors, []);
  await context.close();
});
