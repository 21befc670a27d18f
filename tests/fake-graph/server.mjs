#!/usr/bin/env node
// A fake Meta Graph API for tests: serves one business's access data, read from an access
// snapshot (../shared/spec/snapshot.md), in the shapes the Graph API answers with — cursor
// paging, batch requests, Meta's error objects and usage headers — plus a few scripted faults.
// Importing everything it serves (src/import/mod.rs) gives the snapshot back.
// No dependencies beyond Node's built-ins (Node >= 20). See README.md next to this file.
//
//   node tests/fake-graph/server.mjs --snapshot F --token T [--mode normal|expired|no-permission]
//        [--no-throttle] [--no-500] [--no-denied] [--port 0] [--host 127.0.0.1] [--prefix /x]
//        [--log FILE]
// prints one line `listening <url>` when ready and runs until killed.
import { createServer } from 'node:http';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { resolve as resolvePath } from 'node:path';

export const API_VERSION = 'v25.0';
export const PAGE_SIZE = 25;
export const MAX_BATCH = 50;
const MAX_BODY = 8 * 1024 * 1024;
const GRAPH_DOCS = 'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

const EXPOSED = 'X-App-Usage, X-Business-Use-Case-Usage';
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': EXPOSED,
};

/** `/{bid}/<edge>` → [asset type, 'owned' | 'client' | 'any']. */
const ASSET_EDGES = {
  owned_ad_accounts: ['ad_account', 'owned'],
  client_ad_accounts: ['ad_account', 'client'],
  owned_pages: ['page', 'owned'],
  client_pages: ['page', 'client'],
  owned_instagram_accounts: ['instagram_account', 'owned'],
  owned_pixels: ['pixel', 'owned'],
  client_pixels: ['pixel', 'client'],
  ads_dataset: ['dataset', 'any'],
  owned_product_catalogs: ['catalog', 'owned'],
  client_product_catalogs: ['catalog', 'client'],
  owned_apps: ['app', 'owned'],
  client_apps: ['app', 'client'],
  owned_whatsapp_business_accounts: ['whatsapp_business_account', 'owned'],
  client_whatsapp_business_accounts: ['whatsapp_business_account', 'client'],
};

// ---------------------------------------------------------------------------------------------
// The snapshot, indexed the way the Graph API is asked.

/** RFC 3339 → Meta's `2024-02-01T10:00:00+0000`; anything unparsable is passed through. */
export function metaTime(t) {
  if (typeof t !== 'string') return t;
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** The id an asset has in Graph paths: ad accounts are `act_<n>`. */
function pathId(asset) {
  const id = String(asset.id);
  return asset.type === 'ad_account' && !id.startsWith('act_') ? `act_${id}` : id;
}

const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

function buildModel(snapshot) {
  const business = snapshot.business ?? {};
  const bid = String(business.id);
  const members = snapshot.members ?? [];
  const partners = snapshot.partners ?? [];
  const memberById = new Map(members.map((m) => [String(m.id), m]));
  const partnerById = new Map(partners.map((p) => [String(p.id), p]));
  const orgName = (id) => (id === bid ? business.name : partnerById.get(id)?.name);
  const orgRef = (id) => (id == null ? undefined : defined({ id: String(id), name: orgName(String(id)) }));

  const assets = [];
  const assetById = new Map();
  const assetPathBySnapshotId = new Map();
  for (const a of snapshot.assets ?? []) {
    const id = pathId(a);
    const owner = a.owner_business_id == null ? null : String(a.owner_business_id);
    const entry = { asset: a, id, type: a.type, owner, members: [], partners: [] };
    assets.push(entry);
    assetById.set(id, entry);
    assetPathBySnapshotId.set(String(a.id), id);
  }
  for (const g of snapshot.grants ?? []) {
    const entry = assetById.get(assetPathBySnapshotId.get(String(g.asset_id)));
    if (!entry) continue;
    (g.grantee?.kind === 'partner' ? entry.partners : entry.members).push(g);
  }

  // Every field the fake can answer for each kind of object; `fields=` picks among them.
  const assetObject = ({ asset: a, id, type, owner }) => {
    const o = { id, name: a.name };
    switch (type) {
      case 'ad_account':
        Object.assign(o, {
          account_id: id.replace(/^act_/, ''),
          owner: owner ?? undefined,
          business: orgRef(owner),
          spend_cap: a.spend_cap == null ? undefined : String(a.spend_cap),
          created_time: metaTime(a.created_time),
        });
        break;
      case 'page':
        o.business = orgRef(owner);
        break;
      case 'instagram_account':
        Object.assign(o, { username: a.username ?? a.name, owner_business: orgRef(owner) });
        break;
      case 'pixel':
      case 'dataset':
        Object.assign(o, { owner_business: orgRef(owner), creation_time: metaTime(a.created_time) });
        break;
      case 'catalog':
        Object.assign(o, { business: orgRef(owner), owner_business: orgRef(owner) });
        break;
      case 'whatsapp_business_account':
        o.owner_business_info = orgRef(owner);
        break;
      default:
        o.business = orgRef(owner);
    }
    if (type !== 'pixel' && type !== 'dataset' && type !== 'ad_account' && a.created_time) o.created_time = metaTime(a.created_time);
    return defined(o);
  };
  const personObject = (m) => {
    const name = String(m.name ?? '');
    const sp = name.lastIndexOf(' ');
    return defined({
      id: String(m.id), name: m.name, email: m.email, role: m.role,
      finance_permission: m.finance_permission, two_fac_status: m.two_fac_status,
      first_name: sp > 0 ? name.slice(0, sp) : name, last_name: sp > 0 ? name.slice(sp + 1) : undefined,
      business: orgRef(bid),
    });
  };
  const systemUserObject = (m) => defined({
    id: String(m.id), name: m.name, role: m.role, finance_permission: m.finance_permission,
    created_time: metaTime(m.created_time), system_user_id: String(m.id),
  });
  const invitationObject = (inv) => defined({
    id: String(inv.id), email: inv.email, role: inv.role, status: inv.status,
    created_time: metaTime(inv.created_time),
    expiration_time: metaTime(inv.expiration_time), expiry_time: metaTime(inv.expiration_time),
    // Real invitations carry a link that works as a password; the importer must never copy it.
    invite_link: `https://business.facebook.com/invitation/?token=FAKE-INVITE-${inv.id}`,
    owner: orgRef(bid),
  });
  const assignedUserObject = (g) => {
    const id = String(g.grantee.id);
    const m = memberById.get(id);
    const tasks = [...(g.tasks ?? [])];
    return defined({
      id, name: m?.name ?? g.grantee.name ?? id,
      user_type: (m?.kind ?? g.grantee.user_kind) === 'system_user' ? 'SYSTEM_USER' : 'BUSINESS_USER',
      tasks, permitted_tasks: tasks, business: orgRef(bid),
    });
  };
  const agencyGrantObject = (g) => {
    const id = String(g.grantee.id);
    const p = partnerById.get(id);
    return defined({
      id, name: p?.name ?? g.grantee.name ?? id,
      access_status: g.access_status ?? (g.status === 'pending' ? 'PENDING' : 'CONFIRMED'),
      access_requested_time: metaTime(g.requested_time),
      access_updated_time: metaTime(g.access_updated_time),
      permitted_tasks: [...(g.tasks ?? [])],
    });
  };

  const persons = members.filter((m) => m.kind !== 'system_user');
  const systemUsers = members.filter((m) => m.kind === 'system_user');
  const me = systemUsers.find((m) => m.role === 'ADMIN') ?? persons.find((m) => m.role === 'ADMIN') ?? members[0];
  const sortedIds = assets.map((a) => a.id).sort();
  const pages = assets.filter((a) => a.type === 'page').map((a) => a.id).sort();

  return {
    bid,
    businessObject: defined({
      id: bid, name: business.name, verification_status: business.verification_status,
      two_factor_type: business.two_factor_type, created_time: metaTime(business.created_time),
    }),
    me: me ? { id: String(me.id), name: me.name } : { id: '0', name: 'Fake user' },
    assets,
    assetById,
    sortedAssetIds: sortedIds,
    /** The first Page in id order that no partner holds a grant on. */
    defaultDeniedPage: pages.find((id) => assetById.get(id).partners.length === 0) ?? null,
    businessEdge(edge) {
      switch (edge) {
        case 'business_users': return persons.map(personObject);
        case 'system_users': return systemUsers.map(systemUserObject);
        case 'pending_users': return (snapshot.invitations ?? []).map(invitationObject);
        case 'agencies': return partners.map((p) => defined({ id: String(p.id), name: p.name }));
        default: {
          const spec = ASSET_EDGES[edge];
          if (!spec) return [];
          const [type, which] = spec;
          return assets
            .filter((a) => a.type === type)
            .filter((a) => which === 'any' || (which === 'owned') === (a.owner === bid))
            .map(assetObject);
        }
      }
    },
    assetNode: (entry) => assetObject(entry),
    assetEdge(entry, edge) {
      if (edge === 'assigned_users') return entry.members.map(assignedUserObject);
      if (edge === 'agencies') return entry.partners.map(agencyGrantObject);
      return [];
    },
    memberNode(id) {
      const m = memberById.get(id);
      if (!m) return null;
      return m.kind === 'system_user' ? systemUserObject(m) : personObject(m);
    },
    partnerNode(id) {
      const p = partnerById.get(id);
      return p ? defined({ id: String(p.id), name: p.name }) : null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// `fields=` parsing and projection.

/** `id,name,business{id,name},tasks.limit(5)` → [{name, sub}] (sub null or a nested list). */
export function parseFields(text) {
  const out = [];
  let i = 0;
  const s = String(text ?? '');
  function list(stopAtBrace) {
    const items = [];
    while (i < s.length) {
      let name = '';
      while (i < s.length && !',{}'.includes(s[i])) name += s[i++];
      let sub = null;
      if (s[i] === '{') {
        i++;
        sub = list(true);
        if (s[i] === '}') i++;
        while (i < s.length && s[i] !== ',' && s[i] !== '}') i++; // modifiers after `}`
      }
      name = name.trim().replace(/\..*$/, ''); // `tasks.limit(5)` → `tasks`
      if (name) items.push({ name, sub });
      if (s[i] === ',') { i++; continue; }
      if (s[i] === '}' && stopAtBrace) return items;
      if (s[i] === '}') { i++; continue; }
    }
    return items;
  }
  out.push(...list(false));
  return out;
}

function project(obj, fields) {
  const out = { };
  if ('id' in obj) out.id = obj.id;
  for (const { name, sub } of fields) {
    if (!(name in obj)) continue;
    const v = obj[name];
    out[name] = sub && v && typeof v === 'object' && !Array.isArray(v) ? project(v, sub) : v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Errors, usage headers.

function fbtrace(n) {
  return createHash('sha256').update(`fake-graph-${n}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 11);
}

const E = {
  badToken: () => [400, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190, null],
  expired: (now) => [400, `Error validating access token: Session has expired on Tuesday, 01-Dec-26 10:00:00 PST. The current time is ${pst(now)}.`, 'OAuthException', 190, 463],
  unknownNode: (id, method = 'get') => [400, `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ${GRAPH_DOCS}`, 'GraphMethodException', 100, 33],
  businessRequired: () => [400, '(#100) The parameter business is required', 'OAuthException', 100, null],
  noBusinessPermission: () => [400, '(#200) Requires business_management permission to manage the object', 'OAuthException', 200, null],
  pageAgenciesDenied: () => [400, '(#200) The user must be an admin of the Page to view its partners (requires the MANAGE task)', 'OAuthException', 200, null],
  throttled: () => [400, '(#17) User request limit reached', 'OAuthException', 17, null, { is_transient: true }],
  unexpected: () => [500, 'An unexpected error has occurred. Please retry your request later.', 'OAuthException', 2, null, { is_transient: true }],
  batchTooBig: () => [400, `(#1) Too many requests in batch message. Maximum batch size is ${MAX_BATCH}`, 'OAuthException', 1, null],
  batchMissing: () => [400, '(#100) The parameter batch is required', 'OAuthException', 100, null],
  batchNotArray: () => [400, '(#100) The parameter batch must be a JSON array', 'OAuthException', 100, null],
  badCursor: (p) => [400, `(#100) The parameter ${p} is not a valid cursor`, 'OAuthException', 100, null],
  unknownPath: (rest) => [400, `Unknown path components: /${rest}`, 'OAuthException', 2500, null],
  tooLarge: () => [413, '(#100) Request body too large', 'OAuthException', 100, null],
};

/** "Wednesday, 02-Dec-26 01:23:45 PST" (Meta's wording; PST = UTC−8, whatever the season). */
function pst(date) {
  const d = new Date(date.getTime() - 8 * 3600 * 1000);
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())}-${months[d.getUTCMonth()]}-${p(d.getUTCFullYear() % 100)} `
    + `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} PST`;
}

const CURSOR_TAG = 'fgcursor:';
const encodeCursor = (index) => Buffer.from(`${CURSOR_TAG}${index}`).toString('base64');
function decodeCursor(c) {
  const text = Buffer.from(String(c), 'base64').toString('utf8');
  if (!text.startsWith(CURSOR_TAG)) return null;
  const n = Number(text.slice(CURSOR_TAG.length));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

// ---------------------------------------------------------------------------------------------
// The handler.

const DEFAULT_FAULTS = { throttle: true, error500: true, pageAgenciesDenied: true };

/**
 * A `(req, res) => boolean` request handler (true when the request was under `prefix` and is
 * being answered). The handler also carries `log` (every Graph call), `reset()`, `model` facts
 * (`throttleTarget`, `deniedPage`, `businessId`) for tests.
 */
export function createFakeGraphHandler(options = {}) {
  const {
    snapshot: snapshotOption, snapshotPath, token, mode = 'normal', prefix: rawPrefix = '',
    origin: fallbackOrigin = 'http://127.0.0.1', logFile = null, now = () => new Date(),
  } = options;
  if (!token) throw new Error('startFakeGraph: `token` is required');
  if (!['normal', 'expired', 'no-permission'].includes(mode)) throw new Error(`unknown mode \`${mode}\``);
  let snapshot = snapshotOption;
  if (snapshot == null) {
    if (!snapshotPath) throw new Error('startFakeGraph: give `snapshot` or `snapshotPath`');
    snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8'));
  } else if (typeof snapshot === 'string') {
    snapshot = JSON.parse(snapshot);
  }
  const prefix = rawPrefix.replace(/\/+$/, '');
  const model = buildModel(snapshot);
  const faultsOn = mode === 'normal';
  const faults = options.faults === false ? { throttle: false, error500: false, pageAgenciesDenied: false }
    : { ...DEFAULT_FAULTS, ...(options.faults ?? {}) };

  // Throttle target: `true` → assigned_users of the 3rd asset in id order; or {asset, edge}.
  let throttleTarget = null;
  if (faultsOn && faults.throttle) {
    if (typeof faults.throttle === 'object') {
      throttleTarget = { asset: String(faults.throttle.asset), edge: faults.throttle.edge ?? 'assigned_users' };
    } else {
      const id = model.sortedAssetIds[Math.min(2, model.sortedAssetIds.length - 1)];
      if (id) throttleTarget = { asset: id, edge: 'assigned_users' };
    }
  }
  let deniedPage = null;
  if (faultsOn && faults.pageAgenciesDenied) {
    deniedPage = typeof faults.pageAgenciesDenied === 'string' ? faults.pageAgenciesDenied : model.defaultDeniedPage;
  }

  const log = [];
  const state = { calls: 0, graphRequests: 0, throttleFired: false, error500Fired: false, traces: 0 };
  const reset = () => {
    log.length = 0;
    Object.assign(state, { calls: 0, graphRequests: 0, throttleFired: false, error500Fired: false });
  };

  const errorBody = ([status, message, type, code, subcode, extra = {}]) => ({
    status,
    body: { error: { message, type, code, error_subcode: subcode, ...extra, fbtrace_id: fbtrace(++state.traces) } },
  });

  const usage = (throttled = false) => {
    const n = state.graphRequests;
    const app = throttled
      ? { call_count: 100, total_cputime: 12, total_time: 18 }
      : { call_count: Math.min(99, Math.ceil(n / 4)), total_cputime: Math.min(99, Math.floor(n / 10)), total_time: Math.min(99, Math.floor(n / 8)) };
    const buc = {
      [model.bid]: [{
        type: 'business_management',
        call_count: throttled ? 100 : app.call_count,
        total_cputime: app.total_cputime,
        total_time: app.total_time,
        estimated_time_to_regain_access: 0,
      }],
    };
    return { 'X-App-Usage': JSON.stringify(app), 'X-Business-Use-Case-Usage': JSON.stringify(buc) };
  };

  /** The answer to one Graph GET (direct or a batch item): {status, body, throttled?}. */
  function answerGet(pathname, params, ctx) {
    const segs = pathname.split('/').filter(Boolean);
    let version = ctx.version;
    if (segs.length && /^v\d+(\.\d+)?$/.test(segs[0])) version = segs.shift();
    if (mode === 'expired') return errorBody(E.expired(now()));
    if (segs.length === 0) return errorBody(E.unknownNode(''));
    if (segs.length > 2) return errorBody(E.unknownPath(segs.slice(2).join('/')));
    const [node, edge] = segs;

    if (throttleTarget && !state.throttleFired && node === throttleTarget.asset && edge === throttleTarget.edge) {
      state.throttleFired = true;
      return { ...errorBody(E.throttled()), throttled: true };
    }

    const fields = params.has('fields') ? parseFields(params.get('fields')) : null;
    const one = (obj, dflt = ['id', 'name']) =>
      ({ status: 200, body: project(obj, fields ?? dflt.map((name) => ({ name, sub: null }))) });
    const list = (items) => pageOf(items, { node, edge, version, params, fields, ctx });

    if (node === model.bid) {
      if (mode === 'no-permission') return errorBody(E.noBusinessPermission());
      if (!edge) return one(model.businessObject);
      return list(model.businessEdge(edge));
    }
    const asset = model.assetById.get(node);
    if (asset) {
      if (!edge) return one(model.assetNode(asset));
      if (edge === 'assigned_users' && !params.get('business')) return errorBody(E.businessRequired());
      if (edge === 'assigned_users' && params.get('business') !== model.bid) return list([]);
      if (edge === 'agencies' && node === deniedPage) return errorBody(E.pageAgenciesDenied());
      return list(model.assetEdge(asset, edge));
    }
    if (node === 'me') return edge ? list([]) : one(model.me);
    const other = model.memberNode(node) ?? model.partnerNode(node);
    if (other) return edge ? list([]) : one(other);
    return errorBody(E.unknownNode(node));
  }

  /** One page of an edge: at most PAGE_SIZE items, cursors, `next`/`previous` as absolute URLs. */
  function pageOf(all, { node, edge, version, params, fields, ctx }) {
    const dflt = [{ name: 'id', sub: null }, { name: 'name', sub: null }];
    const items = all.map((o) => project(o, fields ?? dflt));
    let size = Number.parseInt(params.get('limit') ?? '', 10);
    if (!Number.isFinite(size) || size <= 0 || size > PAGE_SIZE) size = PAGE_SIZE;
    let start = 0;
    if (params.has('after')) {
      const i = decodeCursor(params.get('after'));
      if (i === null) return errorBody(E.badCursor('after'));
      start = i + 1;
    } else if (params.has('before')) {
      const i = decodeCursor(params.get('before'));
      if (i === null) return errorBody(E.badCursor('before'));
      start = Math.max(0, i - size);
    }
    const data = items.slice(start, start + size);
    const body = { data };
    const wantsSummary = (params.get('summary') ?? '').split(',').some((s) => s === 'total_count' || s === 'true' || s === '1');
    if (data.length) {
      const end = start + data.length;
      const link = (cursorName, cursor) => {
        const q = new URLSearchParams();
        q.set('access_token', token);
        for (const [k, v] of params) if (!['access_token', 'after', 'before'].includes(k)) q.append(k, v);
        q.set(cursorName, cursor);
        return `${ctx.base}/${version}/${node}/${edge}?${q}`;
      };
      body.paging = { cursors: { before: encodeCursor(start), after: encodeCursor(end - 1) } };
      if (start > 0) body.paging.previous = link('before', encodeCursor(start));
      if (end < items.length) body.paging.next = link('after', encodeCursor(end - 1));
    }
    if (wantsSummary) body.summary = { total_count: items.length };
    return { status: 200, body };
  }

  function tokenOf(req, query, form) {
    const where = [];
    let given = null;
    if (query.has('access_token')) { where.push('query'); given ??= query.get('access_token'); }
    if (form && form.has('access_token')) { where.push('form'); given ??= form.get('access_token'); }
    const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (m) { where.push('header'); given ??= m[1]; }
    return { given, where };
  }

  function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'private, no-cache, no-store, must-revalidate',
      'Facebook-API-Version': API_VERSION,
      ...CORS,
      ...headers,
    });
    res.end(text);
  }

  const withoutToken = (params) => {
    if (!params) return null;
    const o = {};
    for (const [k, v] of params) if (k !== 'access_token') o[k] = v;
    return o;
  };

  function record(entry) {
    log.push(entry);
    if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
  }

  async function handle(req, res, path, query) {
    const method = req.method ?? 'GET';
    const started = now().toISOString();
    let form = null;
    let body = '';
    if (method === 'POST' || method === 'PUT' || method === 'DELETE') {
      const chunks = [];
      let size = 0;
      for await (const c of req) {
        size += c.length;
        if (size > MAX_BODY) {
          const e = errorBody(E.tooLarge());
          send(res, e.status, e.body);
          return;
        }
        chunks.push(c);
      }
      body = Buffer.concat(chunks).toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('application/json') && body.trim().startsWith('{')) {
        try {
          form = new URLSearchParams();
          for (const [k, v] of Object.entries(JSON.parse(body))) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        } catch { form = new URLSearchParams(); }
      } else {
        form = new URLSearchParams(body);
      }
    }
    const entry = {
      method, path, query: withoutToken(query), form: withoutToken(form), batch: null,
      status: 0, time: started, token_in: [],
    };
    const finish = (status, payload, headers) => {
      entry.status = status;
      record(entry);
      send(res, status, payload, headers);
    };

    state.calls += 1;
    const auth = tokenOf(req, query, form);
    entry.token_in = auth.where;
    const segs = path.split('/').filter(Boolean);
    const version = segs.length && /^v\d+(\.\d+)?$/.test(segs[0]) ? segs[0] : API_VERSION;
    const rest = segs[0] === version ? segs.slice(1) : segs;
    const isBatch = method === 'POST' && rest.length === 0;
    if (isBatch) entry.batch = [];

    if (faultsOn && faults.error500 && !state.error500Fired && state.calls === 2) {
      state.error500Fired = true;
      state.graphRequests += 1;
      const e = errorBody(E.unexpected());
      return finish(e.status, e.body, usage());
    }
    if (auth.given !== token) {
      state.graphRequests += 1;
      const e = errorBody(E.badToken());
      return finish(e.status, e.body, usage());
    }
    const host = req.headers.host;
    const proto = req.socket?.encrypted ? 'https' : 'http';
    const ctx = { version, base: `${host ? `${proto}://${host}` : fallbackOrigin}${prefix}` };

    if (isBatch) {
      if (mode === 'expired') {
        state.graphRequests += 1;
        const e = errorBody(E.expired(now()));
        return finish(e.status, e.body, usage());
      }
      const raw = form?.get('batch');
      let batch;
      try { batch = raw == null ? null : JSON.parse(raw); } catch { batch = undefined; }
      if (raw == null || !Array.isArray(batch)) {
        state.graphRequests += 1;
        const e = errorBody(raw == null ? E.batchMissing() : E.batchNotArray());
        return finish(e.status, e.body, usage());
      }
      entry.batch = batch.map((item) => redactUrl(item?.relative_url));
      entry.form.batch = JSON.stringify(batch.map((item) => (item && typeof item === 'object' && typeof item.relative_url === 'string'
        ? { ...item, relative_url: redactUrl(item.relative_url) } : item)));
      if (batch.some((item) => /(^|[?&])access_token=/.test(String(item?.relative_url ?? '')))) entry.token_in.push('batch');
      if (batch.length > MAX_BATCH) {
        state.graphRequests += 1;
        const e = errorBody(E.batchTooBig());
        return finish(e.status, e.body, usage());
      }
      const includeHeaders = !/^(false|0)$/i.test(form.get('include_headers') ?? 'true');
      const out = batch.map((item) => {
        state.graphRequests += 1;
        let r;
        if (!item || typeof item !== 'object' || typeof item.relative_url !== 'string') {
          r = errorBody([400, '(#100) Each batch request needs a relative_url', 'OAuthException', 100, null]);
        } else {
          const m = String(item.method ?? 'GET').toUpperCase();
          const u = new URL(item.relative_url.replace(/^\/*/, '/'), 'http://graph.invalid');
          const itemToken = u.searchParams.get('access_token');
          if (itemToken !== null && itemToken !== token) r = errorBody(E.badToken());
          else if (m !== 'GET') r = errorBody(E.unknownNode(u.pathname.split('/').filter(Boolean).pop() ?? '', m.toLowerCase()));
          else r = answerGet(u.pathname, u.searchParams, ctx);
        }
        const res1 = { code: r.status };
        if (includeHeaders) {
          res1.headers = [
            { name: 'Content-Type', value: 'text/javascript; charset=UTF-8' },
            ...Object.entries(usage(r.throttled)).map(([name, value]) => ({ name, value })),
            { name: 'Cache-Control', value: 'private, no-cache, no-store, must-revalidate' },
            { name: 'Facebook-API-Version', value: API_VERSION },
          ];
        }
        res1.body = JSON.stringify(r.body);
        return res1;
      });
      entry.batch_codes = out.map((o) => o.code);
      return finish(200, out, usage());
    }

    let params = query;
    if (method === 'POST') {
      // `POST /{path}` with `method=GET` in the body is a GET (what the JS SDK does for long URLs).
      if ((form?.get('method') ?? '').toUpperCase() !== 'GET') {
        state.graphRequests += 1;
        const e = errorBody(E.unknownNode(rest[0] ?? '', 'post'));
        return finish(e.status, e.body, usage());
      }
      params = new URLSearchParams(query);
      for (const [k, v] of form) if (k !== 'method') params.set(k, v);
    } else if (method !== 'GET' && method !== 'HEAD') {
      state.graphRequests += 1;
      const e = errorBody(E.unknownNode(rest[0] ?? '', method.toLowerCase()));
      return finish(e.status, e.body, usage());
    }
    state.graphRequests += 1;
    const r = answerGet(`/${rest.join('/')}`, params, ctx);
    return finish(r.status, r.body, usage(r.throttled));
  }

  function handler(req, res) {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://fake.invalid');
    } catch {
      return false;
    }
    let path = url.pathname;
    if (prefix) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) return false;
      path = path.slice(prefix.length) || '/';
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return true;
    }
    if (path === '/__fake/log' && req.method === 'GET') {
      send(res, 200, log);
      return true;
    }
    if (path === '/__fake/reset' && req.method === 'POST') {
      reset();
      send(res, 200, { success: true });
      return true;
    }
    handle(req, res, path, url.searchParams).catch((err) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(err?.stack ?? err), type: 'FakeGraphBug', code: 1, error_subcode: null, fbtrace_id: 'fake' } });
      else res.destroy();
    });
    return true;
  }

  handler.log = log;
  handler.reset = reset;
  handler.throttleTarget = throttleTarget;
  handler.deniedPage = deniedPage;
  handler.businessId = model.bid;
  return handler;
}

function redactUrl(u) {
  if (typeof u !== 'string') return u ?? null;
  const [base, q] = u.split(/\?(.*)/s);
  if (q === undefined) return u;
  const p = new URLSearchParams(q);
  p.delete('access_token');
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

/**
 * Starts the fake on `host:port` (port 0: a free one). Returns {url, origin, close(), log,
 * handler}: `url` is what to give the collector as the Graph base (origin + prefix, no trailing
 * slash); `log` the calls received.
 */
export async function startFakeGraph(options = {}) {
  const { port = 0, host = '127.0.0.1' } = options;
  const handler = createFakeGraphHandler(options);
  const server = createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...CORS });
      res.end('not found\n');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const h = address.family === 'IPv6' || String(address.family) === '6' ? `[${address.address}]` : address.address;
  const origin = `http://${h}:${address.port}`;
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  return {
    url: `${origin}${prefix}`,
    origin,
    log: handler.log,
    handler,
    server,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Command line.

async function main(argv) {
  const opts = { faults: { ...DEFAULT_FAULTS } };
  let logFile = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--snapshot': opts.snapshotPath = value(); break;
      case '--token': opts.token = value(); break;
      case '--mode': opts.mode = value(); break;
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--prefix': opts.prefix = value(); break;
      case '--log': logFile = value(); break;
      case '--no-throttle': opts.faults.throttle = false; break;
      case '--no-500': opts.faults.error500 = false; break;
      case '--no-denied': opts.faults.pageAgenciesDenied = false; break;
      case '-h': case '--help':
        process.stdout.write('usage: node tests/fake-graph/server.mjs --snapshot F --token T [--mode normal|expired|no-permission] [--no-throttle] [--no-500] [--no-denied] [--port 0] [--host 127.0.0.1] [--prefix /p] [--log FILE]\n');
        return;
      default: throw new Error(`unknown argument \`${a}\``);
    }
  }
  if (!opts.snapshotPath || !opts.token) throw new Error('--snapshot and --token are required');
  if (logFile) writeFileSync(logFile, '');
  const fake = await startFakeGraph({ ...opts, logFile });
  process.stdout.write(`listening ${fake.url}\n`);
  const stop = () => { fake.close().then(() => process.exit(0)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolvePath(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`fake-graph: ${e.message}\n`);
    process.exit(2);
  });
}
