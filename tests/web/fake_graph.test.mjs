// The fake Graph API server (tests/fake-graph/server.mjs) answers like Meta's Graph API, and what
// it serves imports back into the snapshot it was started with. `node --test tests/web/fake_graph.test.mjs`
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeGraphHandler, startFakeGraph, PAGE_SIZE } from '../fake-graph/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNAPSHOT_PATH = join(ROOT, 'tests/fixtures/collect/business.snapshot.json');
const SNAPSHOT = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8'));
const BID = SNAPSHOT.business.id;
const TOKEN = 'EAAfaketoken123';
const V = 'v25.0';
const NO_FAULTS = { throttle: false, error500: false, pageAgenciesDenied: false };

const servers = [];
after(async () => { await Promise.all(servers.map((s) => s.close())); });

async function fake(options = {}) {
  const s = await startFakeGraph({ snapshot: SNAPSHOT, token: TOKEN, ...options });
  servers.push(s);
  return s;
}

async function get(url, init = {}) {
  const r = await fetch(url, init);
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: JSON.parse(text) };
}
const withToken = (url) => `${url}${url.includes('?') ? '&' : '?'}access_token=${TOKEN}`;

async function batch(base, requests, extra = {}) {
  const form = new URLSearchParams({ access_token: TOKEN, batch: JSON.stringify(requests), ...extra });
  return get(`${base}/${V}/`, { method: 'POST', body: form });
}
const item = (relative_url) => ({ method: 'GET', relative_url });

/** Every item of an edge, following `next`; returns the items and the responses seen. */
async function all(firstUrl) {
  const pages = [];
  let url = withToken(firstUrl);
  const items = [];
  while (url) {
    const r = await get(url);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push(r.body);
    items.push(...r.body.data);
    url = r.body.paging?.next ?? null;
  }
  return { items, pages };
}

const count = (pred) => SNAPSHOT.assets.filter(pred).length;
const ownedAdAccounts = count((a) => a.type === 'ad_account' && a.owner_business_id === BID);

describe('paging', () => {
  test('an edge of more than 25 items comes in pages of 25 and every item arrives once', async () => {
    const s = await fake({ faults: NO_FAULTS });
    assert.ok(ownedAdAccounts > PAGE_SIZE);
    const { items, pages } = await all(`${s.url}/${V}/${BID}/owned_ad_accounts?fields=id,name,spend_cap&limit=200`);
    assert.equal(pages.length, Math.ceil(ownedAdAccounts / PAGE_SIZE));
    assert.equal(pages[0].data.length, PAGE_SIZE);
    assert.equal(items.length, ownedAdAccounts);
    assert.equal(new Set(items.map((i) => i.id)).size, items.length);
    assert.ok(items.every((i) => i.id.startsWith('act_') && typeof i.spend_cap === 'string'));
    assert.deepEqual(Object.keys(items[0]).sort(), ['id', 'name', 'spend_cap'], 'only the fields asked for');
    assert.equal(pages.at(-1).paging.next, undefined, 'no next on the last page');
    assert.ok(pages[1].paging.previous, 'previous on a later page');
  });

  test('`next` is absolute, repeats the query with access_token, and adds after=<cursor>', async () => {
    const s = await fake({ faults: NO_FAULTS });
    // The token in a header: `next` still carries it, as the real API does.
    const r = await get(`${s.url}/${V}/${BID}/owned_ad_accounts?fields=id,name&limit=200`, { headers: { Authorization: `OAuth ${TOKEN}` } });
    const next = new URL(r.body.paging.next);
    assert.equal(next.origin, s.origin);
    assert.equal(next.pathname, `/${V}/${BID}/owned_ad_accounts`);
    assert.equal(next.searchParams.get('access_token'), TOKEN);
    assert.equal(next.searchParams.get('fields'), 'id,name');
    assert.equal(next.searchParams.get('limit'), '200');
    assert.equal(next.searchParams.get('after'), r.body.paging.cursors.after);
    assert.match(r.body.paging.cursors.after, /^[A-Za-z0-9+/=]+$/);
    // limit below the page size is honoured
    const small = await get(withToken(`${s.url}/${V}/${BID}/business_users?limit=4`));
    assert.equal(small.body.data.length, 4);
    assert.deepEqual(Object.keys(small.body.data[0]), ['id', 'name'], 'default fields');
    const bad = await get(withToken(`${s.url}/${V}/${BID}/business_users?after=nonsense`));
    assert.equal(bad.status, 400);
  });

  test('an empty edge is {"data": []}; an unknown business edge is empty too', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const r = await get(withToken(`${s.url}/${V}/${BID}/client_apps`));
    assert.deepEqual(r.body, { data: [] });
    const u = await get(withToken(`${s.url}/${V}/${BID}/business_invoices`));
    assert.deepEqual(u.body, { data: [] });
  });

  test('mounted under a prefix (createFakeGraphHandler in another server), `next` keeps the prefix', async () => {
    const handler = createFakeGraphHandler({ snapshot: SNAPSHOT, token: TOKEN, prefix: '/fake-graph', faults: NO_FAULTS });
    const server = createServer((req, res) => {
      if (handler(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('static');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }) });
    const base = `http://127.0.0.1:${server.address().port}/fake-graph`;
    const other = await fetch(`http://127.0.0.1:${server.address().port}/www/`);
    assert.equal(await other.text(), 'static');
    const { items, pages } = await all(`${base}/${V}/${BID}/owned_ad_accounts?limit=100`);
    assert.equal(items.length, ownedAdAccounts);
    assert.ok(pages[0].paging.next.startsWith(`${base}/${V}/`));
    assert.equal(handler.log.length, pages.length);
    const log = await get(`${base}/__fake/log`);
    assert.equal(log.body.length, pages.length);
  });
});

describe('batch', () => {
  test('answers in order, bodies are JSON strings, headers unless include_headers=false', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const urls = [`${V}/${BID}/agencies?fields=id,name`, `${BID}?fields=id,name`, `/${V}/act_410000000000401/assigned_users?business=${BID}&fields=id,user_type,tasks`, 'nope123'];
    const r = await batch(s.url, urls.map(item));
    assert.equal(r.status, 200);
    assert.equal(r.body.length, urls.length);
    for (const it of r.body) {
      assert.equal(typeof it.body, 'string');
      assert.equal(it.headers[0].name, 'Content-Type');
      assert.equal(it.headers[0].value, 'text/javascript; charset=UTF-8');
      assert.ok(it.headers.some((h) => h.name === 'X-App-Usage'));
      assert.ok(it.headers.some((h) => h.name === 'X-Business-Use-Case-Usage'));
    }
    assert.deepEqual(r.body.map((i) => i.code), [200, 200, 200, 400]);
    assert.deepEqual(JSON.parse(r.body[0].body).data.map((p) => p.name), SNAPSHOT.partners.map((p) => p.name));
    assert.equal(JSON.parse(r.body[1].body).name, SNAPSHOT.business.name);
    const users = JSON.parse(r.body[2].body).data;
    assert.ok(users.length > 0 && users.every((u) => ['BUSINESS_USER', 'SYSTEM_USER'].includes(u.user_type) && Array.isArray(u.tasks)));
    const err = JSON.parse(r.body[3].body).error;
    assert.equal(err.code, 100);
    assert.equal(err.error_subcode, 33);
    assert.equal(err.type, 'GraphMethodException');

    const bare = await batch(s.url, [item(`${BID}?fields=id`)], { include_headers: 'false' });
    assert.deepEqual(Object.keys(bare.body[0]).sort(), ['body', 'code']);
    // POST / and POST /v25.0 (no slash) take batches too
    for (const path of ['/', `/${V}`]) {
      const form = new URLSearchParams({ access_token: TOKEN, batch: JSON.stringify([item(`${BID}`)]) });
      const x = await get(`${s.url}${path}`, { method: 'POST', body: form });
      assert.equal(x.status, 200, path);
      assert.equal(JSON.parse(x.body[0].body).id, BID);
    }
  });

  test('a paged edge inside a batch has an absolute `next` with the token', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const r = await batch(s.url, [item(`${V}/${BID}/owned_ad_accounts?fields=id&limit=200`)]);
    const body = JSON.parse(r.body[0].body);
    const next = new URL(body.paging.next);
    assert.equal(next.origin, s.origin);
    assert.equal(next.searchParams.get('access_token'), TOKEN);
    assert.ok(next.searchParams.get('after'));
  });

  test('more than 50 requests: HTTP 400, code 1', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const ok = await batch(s.url, Array.from({ length: 50 }, () => item(`${BID}?fields=id`)));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.length, 50);
    const r = await batch(s.url, Array.from({ length: 51 }, () => item(`${BID}?fields=id`)));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 1);
    assert.equal(r.body.error.message, '(#1) Too many requests in batch message. Maximum batch size is 50');
    assert.ok(r.body.error.fbtrace_id);
  });
});

describe('auth', () => {
  test('a wrong or missing token is code 190; query, form body and Authorization header all work', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const node = `${s.url}/${V}/${BID}?fields=id,name`;
    for (const r of [
      await get(node),
      await get(`${node}&access_token=wrong`),
      await get(node, { headers: { Authorization: 'Bearer wrong' } }),
      await get(`${s.url}/${V}/`, { method: 'POST', body: new URLSearchParams({ access_token: 'wrong', batch: '[]' }) }),
    ]) {
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 190);
      assert.equal(r.body.error.type, 'OAuthException');
      assert.equal(r.body.error.message, 'Invalid OAuth access token - Cannot parse access token');
      assert.ok('error_subcode' in r.body.error && 'fbtrace_id' in r.body.error);
    }
    assert.equal((await get(withToken(node))).status, 200);
    assert.equal((await get(node, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await get(node, { headers: { Authorization: `OAuth ${TOKEN}` } })).status, 200);
    const post = await get(`${s.url}/${V}/${BID}`, {
      method: 'POST', body: new URLSearchParams({ access_token: TOKEN, method: 'GET', fields: 'id,name' }),
    });
    assert.equal(post.status, 200);
    assert.equal(post.body.name, SNAPSHOT.business.name);
  });

  test('expired mode: every call is code 190 subcode 463', async () => {
    const s = await fake({ mode: 'expired' });
    for (const r of [
      await get(withToken(`${s.url}/${V}/${BID}?fields=id,name`)),
      await get(withToken(`${s.url}/${V}/act_410000000000401/agencies`)),
      await get(withToken(`${s.url}/${V}/${BID}/business_users`)),
      await batch(s.url, [item(`${BID}`)]),
    ]) {
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 190);
      assert.equal(r.body.error.error_subcode, 463);
      assert.match(r.body.error.message, /^Error validating access token: Session has expired on Tuesday, 01-Dec-26 10:00:00 PST\. The current time is \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d PST\.$/);
    }
  });

  test('no-permission mode: the business and its edges are code 200, also inside a batch', async () => {
    const s = await fake({ mode: 'no-permission' });
    const r = await get(withToken(`${s.url}/${V}/${BID}?fields=id,name`));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 200);
    assert.equal(r.body.error.type, 'OAuthException');
    assert.equal(r.body.error.message, '(#200) Requires business_management permission to manage the object');
    const b = await batch(s.url, [item(`${V}/${BID}/business_users`), item(`${V}/${BID}/owned_pages`)]);
    assert.equal(b.status, 200);
    for (const it of b.body) {
      assert.equal(it.code, 400);
      assert.equal(JSON.parse(it.body).error.code, 200);
    }
  });
});

describe('scripted faults', () => {
  test('throttle once: the chosen assigned_users answers code 17 once, then succeeds', async () => {
    const s = await fake({ faults: { error500: false } });
    const target = s.handler.throttleTarget;
    const third = SNAPSHOT.assets.map((a) => a.id).sort()[2];
    assert.deepEqual(target, { asset: third, edge: 'assigned_users' });
    const url = withToken(`${s.url}/${V}/${third}/assigned_users?business=${BID}&fields=id,name,user_type,tasks`);
    // other requests do not use it up
    assert.equal((await get(withToken(`${s.url}/${V}/${third}/agencies`))).status, 200);
    const r1 = await get(url);
    assert.equal(r1.status, 400);
    assert.equal(r1.body.error.code, 17);
    assert.equal(r1.body.error.message, '(#17) User request limit reached');
    assert.equal(r1.body.error.type, 'OAuthException');
    assert.equal(JSON.parse(r1.headers.get('x-app-usage')).call_count, 100);
    const buc = JSON.parse(r1.headers.get('x-business-use-case-usage'));
    assert.equal(buc[BID][0].estimated_time_to_regain_access, 0);
    assert.equal(buc[BID][0].type, 'business_management');
    const r2 = await get(url);
    assert.equal(r2.status, 200);
    assert.ok(r2.body.data.length > 0);
  });

  test('throttle once inside a batch: only the first such item, with usage headers', async () => {
    const s = await fake({ faults: { error500: false } });
    const { asset } = s.handler.throttleTarget;
    const rel = `${V}/${asset}/assigned_users?business=${BID}&fields=id,tasks`;
    const r = await batch(s.url, [item(`${BID}?fields=id`), item(rel), item(rel)]);
    assert.deepEqual(r.body.map((i) => i.code), [200, 400, 200]);
    assert.equal(JSON.parse(r.body[1].body).error.code, 17);
    const usage = JSON.parse(r.body[1].headers.find((h) => h.name === 'X-App-Usage').value);
    assert.equal(usage.call_count, 100);
    const buc = JSON.parse(r.body[1].headers.find((h) => h.name === 'X-Business-Use-Case-Usage').value);
    assert.equal(buc[BID][0].estimated_time_to_regain_access, 0);
    const again = await batch(s.url, [item(rel)]);
    assert.equal(again.body[0].code, 200);
  });

  test('500 once: the second HTTP call fails with code 2, is_transient; the retry works', async () => {
    const s = await fake({ faults: { throttle: false } });
    const url = withToken(`${s.url}/${V}/${BID}?fields=id,name`);
    assert.equal((await get(url)).status, 200);
    const r = await get(url);
    assert.equal(r.status, 500);
    assert.deepEqual({ ...r.body.error, fbtrace_id: 'x' }, {
      message: 'An unexpected error has occurred. Please retry your request later.',
      type: 'OAuthException', code: 2, error_subcode: null, is_transient: true, fbtrace_id: 'x',
    });
    assert.equal((await get(url)).status, 200);
    assert.equal((await get(url)).status, 200);
    assert.deepEqual(s.log.map((e) => e.status), [200, 500, 200, 200]);
  });

  test("a Page's agencies: permission error (#200) every time, on a Page with no partner grants", async () => {
    const s = await fake({ faults: { throttle: false, error500: false } });
    const page = s.handler.deniedPage;
    const pages = SNAPSHOT.assets.filter((a) => a.type === 'page').map((a) => a.id).sort();
    const partnerGranted = new Set(SNAPSHOT.grants.filter((g) => g.grantee.kind === 'partner').map((g) => g.asset_id));
    assert.equal(page, pages.find((id) => !partnerGranted.has(id)));
    for (let i = 0; i < 2; i++) {
      const r = await get(withToken(`${s.url}/${V}/${page}/agencies?fields=id,name,access_status,permitted_tasks`));
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 200);
      assert.equal(r.body.error.type, 'OAuthException');
      assert.equal(r.body.error.message, '(#200) The user must be an admin of the Page to view its partners (requires the MANAGE task)');
    }
    const b = await batch(s.url, [item(`${page}/agencies`), item(`${page}/assigned_users?business=${BID}`)]);
    assert.deepEqual(b.body.map((i) => i.code), [400, 200]);
    const otherPage = pages.find((id) => partnerGranted.has(id));
    const ok = await get(withToken(`${s.url}/${V}/${otherPage}/agencies?fields=id,access_status`));
    assert.equal(ok.status, 200);
    assert.ok(ok.body.data.length > 0);
  });

  test('unknown nodes are 100/33; assigned_users without business= is code 100', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const r = await get(withToken(`${s.url}/${V}/123456789/assigned_users`));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 100);
    assert.equal(r.body.error.error_subcode, 33);
    assert.equal(r.body.error.type, 'GraphMethodException');
    assert.match(r.body.error.message, /^Unsupported get request\. Object with ID '123456789' does not exist, cannot be loaded due to missing permissions, or does not support this operation/);
    // an ad account needs its act_ prefix in paths
    const bare = await get(withToken(`${s.url}/${V}/410000000000401/agencies`));
    assert.equal(bare.body.error.error_subcode, 33);
    const nb = await get(withToken(`${s.url}/${V}/act_410000000000401/assigned_users?fields=id`));
    assert.equal(nb.status, 400);
    assert.equal(nb.body.error.code, 100);
    assert.equal(nb.body.error.message, '(#100) The parameter business is required');
  });
});

describe('headers, CORS, log', () => {
  test('usage headers on responses, CORS on everything, preflight answered', async () => {
    const s = await fake({ faults: NO_FAULTS });
    const r = await fetch(withToken(`${s.url}/${V}/${BID}?fields=id`));
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers'), /X-App-Usage/);
    assert.match(r.headers.get('access-control-expose-headers'), /X-Business-Use-Case-Usage/);
    const app = JSON.parse(r.headers.get('x-app-usage'));
    assert.deepEqual(Object.keys(app).sort(), ['call_count', 'total_cputime', 'total_time']);
    const buc = JSON.parse(r.headers.get('x-business-use-case-usage'));
    assert.deepEqual(Object.keys(buc), [BID]);
    const pre = await fetch(`${s.url}/${V}/`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8080', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
    assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
    assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/);
    assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/);
  });

  test('the log has every call, never the token, and says where the token came from', async () => {
    const s = await fake({ faults: NO_FAULTS });
    await get(withToken(`${s.url}/${V}/${BID}?fields=id`));
    await get(`${s.url}/${V}/${BID}/agencies`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await batch(s.url, [item(`${BID}/system_users?access_token=${TOKEN}`), item(`${BID}/agencies`)]);
    await fetch(`${s.url}/${V}/`, { method: 'OPTIONS' }); // not a Graph call
    const log = (await get(`${s.url}/__fake/log`)).body;
    assert.deepEqual(log, JSON.parse(JSON.stringify(s.log)));
    assert.equal(log.length, 3);
    assert.ok(!JSON.stringify(log).includes(TOKEN));
    assert.deepEqual(log.map((e) => e.method), ['GET', 'GET', 'POST']);
    assert.deepEqual(log[0].query, { fields: 'id' });
    assert.deepEqual(log[0].token_in, ['query']);
    assert.deepEqual(log[1].token_in, ['header']);
    assert.deepEqual(log[2].token_in, ['form', 'batch']);
    assert.deepEqual(log[2].batch, [`${BID}/system_users`, `${BID}/agencies`]);
    assert.equal(log[2].path, `/${V}/`);
    assert.deepEqual(Object.keys(log[2].form).sort(), ['batch']);
    assert.ok(log.every((e) => e.status === 200 && typeof e.time === 'string'));
  });

  test('command line: prints `listening <url>`, serves, writes the log as JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-graph-'));
    const logFile = join(dir, 'calls.jsonl');
    const child = spawn(process.execPath, [join(ROOT, 'tests/fake-graph/server.mjs'), '--snapshot', SNAPSHOT_PATH,
      '--token', TOKEN, '--no-throttle', '--no-500', '--no-denied', '--port', '0', '--log', logFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out); });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
      assert.ok(m, line);
      const r1 = await get(withToken(`${m[1]}/${V}/${BID}?fields=id,name`));
      const r2 = await get(withToken(`${m[1]}/${V}/${BID}?fields=id,name`));
      assert.equal(r1.status, 200);
      assert.equal(r2.status, 200, 'no 500 with --no-500');
      const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 2);
      assert.equal(lines[0].path, `/${V}/${BID}`);
      assert.ok(!readFileSync(logFile, 'utf8').includes(TOKEN));
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the committed fixture is what make-fixture.mjs writes', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'tests/fake-graph/make-fixture.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

// ---------------------------------------------------------------------------------------------
// Round trip: everything the importer reads, fetched from the fake one GET at a time, imports
// and checks like the snapshot it serves.

const BUSINESS_REQUESTS = [
  `/${BID}?fields=id,name,verification_status,two_factor_type,created_time`,
  `/${BID}/business_users?fields=id,name,email,role,finance_permission,two_fac_status&limit=200`,
  `/${BID}/system_users?fields=id,name,role,finance_permission,created_time&limit=200`,
  `/${BID}/pending_users?fields=id,email,role,status,created_time,expiration_time&limit=200`,
  `/${BID}/agencies?fields=id,name&limit=200`,
  `/${BID}/owned_ad_accounts?fields=id,account_id,name,owner,business,spend_cap,created_time&limit=200`,
  `/${BID}/client_ad_accounts?fields=id,account_id,name,owner,business,spend_cap,created_time&limit=200`,
  `/${BID}/owned_pages?fields=id,name,business&limit=200`,
  `/${BID}/client_pages?fields=id,name,business&limit=200`,
  `/${BID}/owned_instagram_accounts?fields=id,username,name,owner_business&limit=200`,
  `/${BID}/owned_pixels?fields=id,name,owner_business,creation_time&limit=200`,
  `/${BID}/client_pixels?fields=id,name,owner_business,creation_time&limit=200`,
  `/${BID}/owned_product_catalogs?fields=id,name,business&limit=200`,
  `/${BID}/client_product_catalogs?fields=id,name,business&limit=200`,
  `/${BID}/owned_apps?fields=id,name&limit=200`,
  `/${BID}/owned_whatsapp_business_accounts?fields=id,name&limit=200`,
];
const ASSET_REQUESTS = (id) => [
  `/${id}/assigned_users?business=${BID}&fields=id,name,user_type,tasks&limit=200`,
  `/${id}/agencies?fields=id,name,access_status,access_requested_time,access_updated_time,permitted_tasks&limit=200`,
];

/** `http://host/prefix/v25.0/x?access_token=…&a=b` → `/v25.0/x?a=b` (the bundle key). */
function bundleKey(url, base) {
  const u = new URL(url);
  const path = u.href.slice(base.length).split('?')[0];
  u.searchParams.delete('access_token');
  const q = u.searchParams.toString().replace(/%2C/gi, ',');
  return q ? `${path}?${q}` : path;
}

async function capture(s) {
  const responses = {};
  const fetchAll = async (path) => {
    let url = withToken(`${s.url}/${V}${path}`);
    const items = [];
    while (url) {
      const r = await get(url);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      const next = r.body.paging?.next ?? null;
      // The real API's `next`/`previous` URLs carry the token: a bundle must not.
      for (const k of ['next', 'previous']) {
        if (r.body.paging?.[k]) {
          const u = new URL(r.body.paging[k]);
          u.searchParams.delete('access_token');
          r.body.paging[k] = u.href;
        }
      }
      responses[bundleKey(url, s.url)] = r.body;
      items.push(...(r.body.data ?? []));
      url = next;
    }
    return items;
  };
  const assetIds = [];
  for (const path of BUSINESS_REQUESTS) {
    const items = await fetchAll(path);
    if (/\/(owned|client)_/.test(path)) assetIds.push(...items.map((i) => i.id));
  }
  for (const id of assetIds) for (const path of ASSET_REQUESTS(id)) await fetchAll(path);
  return {
    format: 'meta-graph-bundle/v1',
    captured_at: SNAPSHOT.captured_at.replace(/([+-]\d\d):(\d\d)$/, '$1$2'),
    api_version: V,
    business_id: BID,
    responses,
    assetIds,
  };
}

const cargoOk = spawnSync('cargo', ['--version'], { encoding: 'utf8' }).status === 0;

function cargo(args) {
  const r = spawnSync('cargo', ['run', '--quiet', '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

/** A snapshot in a canonical form: lists sorted by id, tasks sorted, extra grantee fields dropped. */
function canonical(snap) {
  const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const grantKey = (g) => `${g.asset_id}|${g.grantee.kind}|${g.grantee.id}`;
  return {
    ...snap,
    members: [...snap.members].sort(byId),
    partners: [...snap.partners].sort(byId),
    assets: [...snap.assets].sort(byId),
    invitations: [...(snap.invitations ?? [])].sort(byId),
    source: { ...snap.source, edges: [...(snap.source?.edges ?? [])].sort() },
    grants: snap.grants
      .map((g) => ({ ...g, grantee: { kind: g.grantee.kind, id: g.grantee.id }, tasks: [...g.tasks].sort() }))
      .sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : 1)),
  };
}

test('round trip: a GET per request through the fake imports and checks like the snapshot',
  { skip: cargoOk ? false : 'cargo is not available', timeout: 20 * 60 * 1000 }, async (t) => {
    const s = await fake({ faults: NO_FAULTS });
    const { assetIds, ...bundle } = await capture(s);
    assert.equal(new Set(assetIds).size, SNAPSHOT.assets.length, 'every asset is listed by an asset edge');
    const calls = s.log.length;
    assert.equal(Object.keys(bundle.responses).length, calls);
    assert.ok(s.log.every((e) => e.method === 'GET' && e.status === 200 && !('access_token' in e.query)));
    t.diagnostic(`HTTP calls for a naive GET-per-request capture: ${calls} (${assetIds.length} assets)`);

    const dir = mkdtempSync(join(tmpdir(), 'fake-graph-rt-'));
    try {
      const bundlePath = join(dir, 'bundle.json');
      writeFileSync(bundlePath, JSON.stringify(bundle, null, 1));
      assert.ok(!readFileSync(bundlePath, 'utf8').includes(TOKEN), 'no token in the bundle');

      const imported = cargo(['import', bundlePath, '-o', join(dir, 'imported.json')]);
      assert.equal(imported.status, 0, imported.stderr);
      // The only warnings allowed: the first page of a paged edge still has `paging.next`.
      const warnings = imported.stderr.split('\n').filter((l) => l.trim() && !/paging\.next|more pages/.test(l));
      assert.deepEqual(warnings.filter((l) => /warn|ignored|unknown/i.test(l)), [], imported.stderr);
      const snap = JSON.parse(readFileSync(join(dir, 'imported.json'), 'utf8'));
      assert.deepEqual(canonical(snap), canonical(SNAPSHOT));

      const fromBundle = cargo(['check', bundlePath, '--format', 'json']);
      const fromSnapshot = cargo(['check', SNAPSHOT_PATH, '--format', 'json']);
      assert.ok([0, 1].includes(fromBundle.status), fromBundle.stderr);
      assert.ok([0, 1].includes(fromSnapshot.status), fromSnapshot.stderr);
      const a = JSON.parse(fromBundle.stdout);
      const b = JSON.parse(fromSnapshot.stdout);
      assert.ok(b.findings.length > 0);
      assert.deepEqual(a.findings, b.findings);
      assert.deepEqual(a.summary, b.summary);
      assert.equal(a.evaluated_at, b.evaluated_at);
      t.diagnostic(`findings: ${b.findings.length} of ${new Set(b.findings.map((f) => f.rule)).size} rules`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
