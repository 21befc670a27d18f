#!/usr/bin/env node
// Writes tests/fixtures/collect/business.snapshot.json: the snapshot the fake Graph API server
// (tests/fake-graph/server.mjs) serves in the collector's tests. Deterministic: running it again
// gives the same bytes, and the committed JSON is the source of truth for the tests.
//   node tests/fake-graph/make-fixture.mjs [--check]
// --check exits 1 when the committed file differs from what this script would write.
//
// Only what the Graph API can express and the importer (src/import/mod.rs) maps back is used:
// person members have no created_time, nobody has last_active_time, member grants carry tasks
// only, partner grants carry status/access_status/requested_time/access_updated_time, partners
// have no added_time. So importing what the fake serves gives this snapshot back, field for field.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../fixtures/collect/business.snapshot.json', import.meta.url));

const BID = '110000000000001';
const OTHER_BUSINESS = '120000000000009'; // Northwind Outlet Stores: a sister company, not a partner
const DOMAIN = 'northwind-outfitters.example';

// ---- people ------------------------------------------------------------------------------------
const P = (n) => `2100000000001${String(n).padStart(2, '0')}`;
const people = [
  // [n, name, email local part, role, finance_permission, two_fac_status]
  [1, 'Margaret Lindqvist', 'margaret.lindqvist', 'ADMIN', null, 'enabled'],
  [2, 'Tomás Oyelaran', 'tomas.oyelaran', 'ADMIN', null, 'enabled'],
  [3, 'Priya Ramanathan', 'priya.ramanathan', 'ADMIN', null, 'enabled'],
  [4, 'Daniel Okafor', 'daniel.okafor', 'ADMIN', null, 'enabled'],
  [5, 'Hannah Whitcombe', 'hannah.whitcombe', 'ADMIN', null, 'disabled'],
  [6, 'Rafael Mendes', 'rafael.mendes', 'ADMIN', null, 'enabled'],
  [7, 'Chloe Park', 'chloe.park', 'EMPLOYEE', null, 'enabled'],
  [8, 'Jonas Eriksen', 'jonas.eriksen', 'EMPLOYEE', null, 'enabled'],
  [9, 'Aisha Karimi', 'aisha.karimi', 'EMPLOYEE', null, 'enabled'],
  [10, 'Ben Castillo', 'ben.castillo', 'EMPLOYEE', null, 'enabled'],
  [11, 'Sofia Marchetti', 'sofia.marchetti', 'EMPLOYEE', null, 'enabled'],
  [12, 'Kenji Watanabe', 'kenji.watanabe', 'EMPLOYEE', 'ANALYST', 'enabled'],
  [13, 'Olivia Brennan', 'olivia.brennan', 'EMPLOYEE', 'EDITOR', 'enabled'],
  [14, 'Luca Bertoni', null, 'EMPLOYEE', null, 'enabled'], // freelancer, personal webmail
  [15, 'Nadia Petrova', 'nadia.petrova', 'EMPLOYEE', null, 'enabled'], // no asset access
];
const members = people.map(([n, name, local, role, fin, tfa]) => {
  const m = { id: P(n), kind: 'person', name };
  m.email = local ? `${local}@${DOMAIN}` : 'luca.bertoni.design@gmail.com';
  m.role = role;
  if (fin) m.finance_permission = fin;
  m.two_fac_status = tfa;
  return m;
});
const [MARGARET, TOMAS, PRIYA, DANIEL, HANNAH, RAFAEL, CHLOE, JONAS, AISHA, BEN, SOFIA, KENJI, OLIVIA, LUCA] =
  people.map(([n]) => P(n));
const CAPI = '610000000000201';
const FEED = '610000000000202';
members.push(
  { id: CAPI, kind: 'system_user', name: 'Conversions API Gateway', role: 'ADMIN', created_time: '2023-04-18T08:12:00+00:00' },
  { id: FEED, kind: 'system_user', name: 'Catalog Feed Sync', role: 'EMPLOYEE', created_time: '2024-01-09T14:30:00+00:00' },
);
// A former employee, removed from People but still assigned to one ad account.
const GREG = '210000000000199';

// ---- partners ----------------------------------------------------------------------------------
const BRIGHTLINE = '310000000000301';
const HOLLOW_OAK = '310000000000302';
const MERIDIAN = '310000000000303';
const partners = [
  { id: BRIGHTLINE, name: 'Brightline Media Group' },
  { id: HOLLOW_OAK, name: 'Hollow Oak Creative' },
  { id: MERIDIAN, name: 'Meridian Analytics Partners' }, // connected, never given any asset
];

// ---- assets ------------------------------------------------------------------------------------
const assets = [];
const grants = [];
const memberGrant = (asset, id, tasks, name) =>
  grants.push({ asset_id: asset, grantee: name ? { kind: 'member', id, name } : { kind: 'member', id }, tasks: [...tasks].sort() });
const partnerGrant = (asset, id, tasks, { pending = false, requested, updated } = {}) => {
  const g = {
    asset_id: asset,
    grantee: { kind: 'partner', id },
    tasks: [...tasks].sort(),
    status: pending ? 'pending' : 'active',
    access_status: pending ? 'PENDING' : 'CONFIRMED',
    requested_time: requested,
  };
  if (updated) g.access_updated_time = updated;
  grants.push(g);
};
const AD_ALL = ['MANAGE', 'ADVERTISE', 'ANALYZE', 'DRAFT'];
const AD_RUN = ['ADVERTISE', 'ANALYZE', 'DRAFT'];

// Ad accounts: 33 owned (two pages of owned_ad_accounts at 25) + 1 of the sister company.
const markets = ['US', 'CA', 'UK', 'DE', 'FR', 'NL', 'AU'];
const purposes = ['Prospecting', 'Retargeting', 'Catalog Sales', 'Brand Awareness'];
const adNames = [];
for (const m of markets) for (const p of purposes) adNames.push(`Northwind ${m} – ${p}`);
adNames.length = 28;
adNames.push('Northwind – Recruiting', 'Northwind – Holiday 2025', 'Northwind – Trail Running Launch',
  'Northwind – Influencer Whitelisting', 'Northwind – Legacy (2019)');
const adAccounts = adNames.map((name, i) => {
  const n = 410000000000401 + i;
  const year = 2019 + (i % 7);
  const month = String(1 + ((i * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((i * 7) % 27)).padStart(2, '0');
  return {
    id: `act_${n}`, type: 'ad_account', name, owner_business_id: BID,
    spend_cap: i % 3 === 0 ? 0 : 500000 * (1 + (i % 4)),
    created_time: `${year}-${month}-${day}T${String(8 + (i % 9)).padStart(2, '0')}:00:00+00:00`,
    market: markets[Math.floor(i / 4)] ?? null,
  };
});
const outletAd = {
  id: 'act_410000000000480', type: 'ad_account', name: 'Northwind Outlet – Clearance',
  owner_business_id: OTHER_BUSINESS, spend_cap: 250000, created_time: '2022-06-14T09:00:00+00:00',
};
for (const a of adAccounts) {
  const { market, ...asset } = a;
  assets.push(asset);
  memberGrant(a.id, PRIYA, AD_ALL);
  memberGrant(a.id, KENJI, ['ANALYZE']);
  if (market === 'US' || market === 'CA') memberGrant(a.id, CHLOE, AD_RUN);
  if (market === 'UK' || market === 'DE' || market === 'FR' || market === 'NL') memberGrant(a.id, BEN, ['ADVERTISE', 'ANALYZE']);
  if (a.name.includes('Catalog Sales')) memberGrant(a.id, AISHA, ['ADVERTISE', 'ANALYZE']);
  if (market === 'US' || market === 'CA' || market === 'UK') {
    partnerGrant(a.id, BRIGHTLINE, [...AD_ALL, 'AA_ANALYZE'], { requested: '2024-03-04T10:00:00+00:00', updated: '2024-03-04T10:06:00+00:00' });
  } else if (market) {
    partnerGrant(a.id, BRIGHTLINE, ['ADVERTISE', 'ANALYZE'], { requested: '2024-09-16T13:20:00+00:00', updated: '2024-09-17T08:45:00+00:00' });
  }
}
const byName = (name) => {
  const a = assets.find((x) => x.name === name);
  if (!a) throw new Error(`no asset ${name}`);
  return a.id;
};
memberGrant(byName('Northwind – Recruiting'), RAFAEL, AD_ALL);
memberGrant(byName('Northwind – Holiday 2025'), OLIVIA, ['ANALYZE']);
memberGrant(byName('Northwind US – Prospecting'), OLIVIA, ['ANALYZE']);
memberGrant(byName('Northwind – Influencer Whitelisting'), LUCA, ['ADVERTISE', 'ANALYZE', 'DRAFT']);
memberGrant(byName('Northwind – Trail Running Launch'), LUCA, ['DRAFT']);
// `grantee.name` is an extra field (kept and ignored by the engine): the name the fake server
// answers in assigned_users for this grantee, who is in no members list.
memberGrant(byName('Northwind – Legacy (2019)'), GREG, ['ADVERTISE', 'ANALYZE'], 'Greg Halvorsen');
memberGrant(byName('Northwind – Legacy (2019)'), HANNAH, AD_ALL);
memberGrant(byName('Northwind – Trail Running Launch'), CAPI, ['ANALYZE']);
// Hollow Oak asked for access to two launch accounts weeks ago; nobody confirmed.
partnerGrant(byName('Northwind – Trail Running Launch'), HOLLOW_OAK, ['ADVERTISE', 'ANALYZE', 'DRAFT'],
  { pending: true, requested: '2026-10-20T15:40:00+00:00' });
partnerGrant(byName('Northwind – Influencer Whitelisting'), HOLLOW_OAK, ['ADVERTISE', 'ANALYZE'],
  { pending: true, requested: '2026-10-20T15:42:00+00:00' });
assets.push(outletAd);
memberGrant(outletAd.id, PRIYA, AD_RUN);
memberGrant(outletAd.id, BEN, ['ADVERTISE', 'ANALYZE']);

// Pages: 12 owned + 1 the agency created in its own portfolio.
const PAGE_ADMIN = ['MANAGE', 'CREATE_CONTENT', 'MODERATE', 'MESSAGING', 'ADVERTISE', 'ANALYZE'];
const PAGE_EDITOR = ['CREATE_CONTENT', 'MODERATE', 'MESSAGING', 'ADVERTISE', 'ANALYZE'];
const pageNames = [
  'Northwind Outfitters', 'Northwind Outfitters UK', 'Northwind Outfitters Deutschland',
  'Northwind Outfitters France', 'Northwind Outfitters Careers', 'Northwind Outfitters Nederland',
  'Northwind Outfitters Australia', 'Northwind Trail Club', 'Northwind Kids', 'Northwind Workwear',
  'Northwind Outfitters Canada', 'Northwind Repair & Reuse',
];
const pages = pageNames.map((name, i) => ({ id: String(510000000000501 + i), type: 'page', name, owner_business_id: BID }));
for (const p of pages) {
  assets.push(p);
  memberGrant(p.id, JONAS, PAGE_EDITOR);
  if (p.name === 'Northwind Outfitters' || p.name === 'Northwind Outfitters Careers') memberGrant(p.id, MARGARET, PAGE_ADMIN);
  if (p.name === 'Northwind Outfitters Careers') memberGrant(p.id, RAFAEL, PAGE_ADMIN);
  else memberGrant(p.id, SOFIA, ['CREATE_CONTENT', 'ANALYZE']);
  if (p.name === 'Northwind Outfitters Careers') continue; // no partner on the careers Page
  partnerGrant(p.id, BRIGHTLINE, ['ADVERTISE', 'ANALYZE'], { requested: '2024-03-04T10:00:00+00:00', updated: '2024-03-04T10:07:00+00:00' });
  if (['Northwind Outfitters', 'Northwind Trail Club', 'Northwind Kids', 'Northwind Workwear'].includes(p.name)) {
    partnerGrant(p.id, HOLLOW_OAK, ['CREATE_CONTENT', 'MODERATE', 'ANALYZE'], { requested: '2025-02-10T09:00:00+00:00', updated: '2025-02-11T16:30:00+00:00' });
  }
}
const agencyPage = { id: '510000000000599', type: 'page', name: 'Northwind Trail Stories', owner_business_id: BRIGHTLINE };
assets.push(agencyPage);
memberGrant(agencyPage.id, JONAS, ['CREATE_CONTENT', 'MODERATE', 'ANALYZE']);
memberGrant(agencyPage.id, SOFIA, ['CREATE_CONTENT']);
partnerGrant(agencyPage.id, BRIGHTLINE, PAGE_ADMIN, { requested: '2024-05-21T11:00:00+00:00', updated: '2024-05-21T11:00:00+00:00' });

// Instagram accounts.
const igNames = ['northwindoutfitters', 'northwind.uk', 'northwind.trailclub', 'northwind.kids', 'northwind.workwear'];
igNames.forEach((name, i) => {
  const id = String(17841410000000601n + BigInt(i));
  assets.push({ id, type: 'instagram_account', name, owner_business_id: BID });
  memberGrant(id, JONAS, ['CONTENT', 'COMMUNITY_ACTIVITY', 'MESSAGES', 'ANALYZE']);
  if (i !== 1) memberGrant(id, SOFIA, ['CONTENT', 'ANALYZE']);
  if (i === 0 || i === 2) partnerGrant(id, HOLLOW_OAK, ['CONTENT', 'ANALYZE'], { requested: '2025-02-10T09:00:00+00:00', updated: '2025-02-11T16:31:00+00:00' });
  if (i === 0) partnerGrant(id, BRIGHTLINE, ['ADVERTISE', 'ANALYZE'], { requested: '2024-03-04T10:00:00+00:00', updated: '2024-03-04T10:08:00+00:00' });
});

// Pixels / datasets: 4 owned, 1 shared by the sister company.
const pixelNames = ['Northwind Web Pixel', 'Northwind App Events', 'Northwind Offline Store Sales', 'Northwind EU Web Pixel'];
pixelNames.forEach((name, i) => {
  const id = String(710000000000701 + i);
  assets.push({ id, type: 'pixel', name, owner_business_id: BID, created_time: `202${i}-0${3 + i}-1${i}T12:00:00+00:00` });
  memberGrant(id, DANIEL, ['EDIT', 'ADVERTISE', 'ANALYZE', 'UPLOAD']);
  memberGrant(id, CAPI, ['UPLOAD', 'ANALYZE']);
  memberGrant(id, CHLOE, ['ADVERTISE', 'ANALYZE']);
  partnerGrant(id, BRIGHTLINE, i === 0 ? ['EDIT', 'ADVERTISE', 'ANALYZE'] : ['ADVERTISE', 'ANALYZE'],
    { requested: '2024-03-04T10:00:00+00:00', updated: '2024-03-04T10:09:00+00:00' });
});
const outletPixel = { id: '710000000000790', type: 'pixel', name: 'Northwind Outlet Pixel', owner_business_id: OTHER_BUSINESS, created_time: '2022-06-14T09:30:00+00:00' };
assets.push(outletPixel);
memberGrant(outletPixel.id, CHLOE, ['ANALYZE']);

// Catalogs.
const catalogs = [
  { id: '810000000000801', type: 'catalog', name: 'Northwind Product Catalog', owner_business_id: BID },
  { id: '810000000000802', type: 'catalog', name: 'Northwind Workwear Catalog', owner_business_id: BID },
];
for (const c of catalogs) {
  assets.push(c);
  memberGrant(c.id, AISHA, ['MANAGE', 'ADVERTISE']);
  memberGrant(c.id, FEED, ['MANAGE']);
}
partnerGrant(catalogs[0].id, BRIGHTLINE, ['ADVERTISE'], { requested: '2024-03-04T10:00:00+00:00', updated: '2024-03-04T10:10:00+00:00' });

// App and WhatsApp account.
assets.push({ id: '910000000000901', type: 'app', name: 'Northwind Outfitters Shop App', owner_business_id: BID });
const waba = { id: '102000000000951', type: 'whatsapp_business_account', name: 'Northwind Customer Care', owner_business_id: BID };
assets.push(waba);
memberGrant(waba.id, DANIEL, ['MANAGE']);
memberGrant(waba.id, JONAS, ['MESSAGING', 'VIEW_TEMPLATES']);
memberGrant(waba.id, TOMAS, ['MANAGE']);

// ---- snapshot ----------------------------------------------------------------------------------
const typeOrder = ['ad_account', 'page', 'instagram_account', 'pixel', 'catalog', 'app', 'whatsapp_business_account'];
const assetIndex = new Map(assets.map((a, i) => [a.id, i]));
grants.sort((a, b) =>
  assetIndex.get(a.asset_id) - assetIndex.get(b.asset_id) ||
  a.grantee.kind.localeCompare(b.grantee.kind) || a.grantee.id.localeCompare(b.grantee.id));
assets.sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type));
members.sort((a, b) => a.id.localeCompare(b.id));

const snapshot = {
  schema_version: 1,
  captured_at: '2026-11-15T09:00:00+00:00',
  source: {
    kind: 'graph_bundle',
    api_version: 'v25.0',
    edges: ['agencies', 'assigned_users', 'business_users', 'client_ad_accounts', 'client_pages', 'client_pixels', 'client_product_catalogs',
      'owned_ad_accounts', 'owned_apps', 'owned_instagram_accounts', 'owned_pages', 'owned_pixels',
      'owned_product_catalogs', 'owned_whatsapp_business_accounts', 'pending_users', 'system_users'],
  },
  business: {
    id: BID,
    name: 'Northwind Outfitters',
    verification_status: 'verified',
    two_factor_type: 'none',
    created_time: '2018-09-12T07:45:00+00:00',
  },
  members,
  partners,
  assets,
  grants,
  invitations: [
    { id: '720000000000991', email: `marco.silva@${DOMAIN}`, role: 'EMPLOYEE', status: 'PENDING',
      created_time: '2026-11-10T10:15:00+00:00', expiration_time: '2026-12-10T10:15:00+00:00' },
    { id: '720000000000992', email: 'ellie.fraser@brightline-media.example', role: 'ADMIN', status: 'EXPIRED',
      created_time: '2026-08-25T16:00:00+00:00', expiration_time: '2026-09-24T16:00:00+00:00' },
  ],
};

// Sanity: the properties the tests and the brief rely on.
const count = (t) => assets.filter((a) => a.type === t).length;
const check = (ok, what) => { if (!ok) throw new Error(`fixture: ${what}`); };
check(assets.length >= 60, 'at least 60 assets');
check(assets.filter((a) => a.type === 'ad_account' && a.owner_business_id === BID).length > 25, 'owned ad accounts page twice');
check(count('page') >= 12, '12 Pages');
check(new Set([...members, ...partners, ...assets].map((x) => x.name)).size === members.length + partners.length + assets.length, 'distinct names');
check(new Set(assets.map((a) => a.id)).size === assets.length, 'distinct asset ids');
const keys = grants.map((g) => `${g.asset_id}|${g.grantee.kind}|${g.grantee.id}`);
check(new Set(keys).size === keys.length, 'one grant per asset and grantee');

const text = `${JSON.stringify(snapshot, null, 2)}\n`;
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(OUT, 'utf8'); } catch { /* missing */ }
  if (old !== text) {
    console.error(`${OUT} is out of date: run node tests/fake-graph/make-fixture.mjs`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}: ${assets.length} assets, ${members.length} members, ${partners.length} partners, ${grants.length} grants`);
}
