// Words a business owner reads, for the library's identifiers.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export const SEVERITY_LABEL = {
  critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info',
};

const ASSET_TYPE = {
  ad_account: 'Ad account',
  page: 'Page',
  instagram_account: 'Instagram account',
  pixel: 'Pixel',
  dataset: 'Dataset',
  catalog: 'Catalog',
  app: 'App',
  whatsapp_business_account: 'WhatsApp account',
  other: 'Other asset',
};
export const ASSET_TYPE_ORDER = Object.keys(ASSET_TYPE);
export const assetType = (t) => ASSET_TYPE[t] ?? (t ? String(t) : 'Asset');

export const LEVELS = ['full_control', 'can_act', 'view_only', 'pending', 'none'];
const LEVEL = {
  full_control: 'Full control',
  can_act: 'Can act',
  view_only: 'View only',
  pending: 'Pending request',
  none: 'No access',
  owner: 'Owns this asset',
};
export const level = (l) => LEVEL[l] ?? l;

const CATEGORY = {
  ownership: 'Ownership',
  'least-privilege': 'Least privilege',
  membership: 'Membership',
  lifecycle: 'Lifecycle',
  exceptions: 'Accepted risks',
};
export const category = (c) => CATEGORY[c] ?? humanize(c);

const PORTFOLIO_ROLE = {
  ADMIN: 'full control of the portfolio',
  EMPLOYEE: 'partial access',
  DEVELOPER: 'developer',
  FINANCE_EDITOR: 'finance editor',
  FINANCE_ANALYST: 'finance analyst',
};
export const portfolioRole = (r) => (r ? PORTFOLIO_ROLE[r] ?? String(r).toLowerCase().replaceAll('_', ' ') : null);

/** `media_buyer` → `Media buyer`. */
export function humanize(id) {
  const t = String(id ?? '').replaceAll(/[_-]+/g, ' ').trim();
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

export const SUBJECT_KIND = {
  partner: 'Partner', member: 'Person', business: 'Business', invitation: 'Invitation', exception: 'Accepted risk',
};

/**
 * What the page knows about the people, partners and assets of the last check (the matrix
 * answer), to name a finding's subject: system users are called so, exceptions by whom they
 * are about. Built once per check with `directory(matrix)`.
 */
export function directory(matrix) {
  const principals = new Map();
  const assets = new Map();
  for (const p of matrix?.principals ?? []) principals.set(`${p.kind}:${p.id}`, p);
  for (const a of matrix?.assets ?? []) assets.set(a.id, a);
  const byId = (id) => principals.get(`member:${id}`) ?? principals.get(`partner:${id}`);
  return { principals, assets, byId };
}

/**
 * "Partner Brightline Media" / "Person Lena Fischer" / "System user Shop feed sync" /
 * "Business 1234" / "Accepted risk for Sam Ortiz"; `dir` (from `directory`) tells system users
 * and the names of exceptions' subjects.
 */
export function subjectLabel(subject, dir) {
  if (!subject) return '';
  if (subject.kind === 'exception') return exceptionLabel(subject, dir);
  const known = dir?.principals.get(`${subject.kind}:${subject.id}`);
  let kind = SUBJECT_KIND[subject.kind] ?? humanize(subject.kind);
  if (subject.kind === 'member' && known?.member_kind === 'system_user') kind = 'System user';
  const name = subject.name ?? known?.name;
  if (name) return `${kind} ${name}`;
  if ((subject.kind === 'partner' || subject.kind === 'member') && dir && !known?.known) {
    return `${kind} outside the portfolio (${subject.id})`;
  }
  return `${kind} ${subject.id}`;
}

/** An exception subject ("rule for SUBJECT [on ASSET]") in words: "Accepted risk for Sam Ortiz". */
function exceptionLabel(subject, dir) {
  const m = /\bfor (\S+)(?: on (\S+))?$/.exec(String(subject.name ?? ''));
  if (!m) return 'Accepted risk';
  const who = dir?.byId(m[1]);
  const asset = m[2] ? dir?.assets.get(m[2]) : null;
  return `Accepted risk for ${who?.name ?? m[1]}${m[2] ? ` on ${asset?.name ?? m[2]}` : ''}`;
}

export function assetLabel(asset) {
  if (!asset) return '';
  return `${assetType(asset.type)} ${asset.name ?? asset.id}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A date in the reader's locale ("15 Oct 2026", "Oct 15, 2026"). A bare `YYYY-MM-DD` is that
 * calendar day wherever the reader is (not midnight UTC, which is the day before in America).
 */
export function formatDate(text) {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text ?? ''));
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(text);
  if (Number.isNaN(d.getTime())) return String(text);
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The words for a config path a finding's fix names (the button that goes to it says which). */
export function settingLabel(path, dir) {
  const p = String(path ?? '');
  let m = /^(partners|members)\.([^.]+)\.([a-z_]+)/.exec(p);
  if (m) {
    const who = dir?.principals.get(`${m[1] === 'partners' ? 'partner' : 'member'}:${m[2]}`)?.name ?? m[2];
    const field = {
      role: 'role', verified: 'business ID confirmed', reviewed_at: 'last reviewed', contract_end: 'contract end',
      temporary: 'temporary', domains: 'email domains', scope: 'assets', justification: 'reason',
    }[m[3]] ?? humanize(m[3]).toLowerCase();
    return `${field} of ${who}`;
  }
  if (p === 'trusted_domains') return 'your own email domains';
  m = /^thresholds\.([a-z_]+)/.exec(p);
  if (m) return `threshold: ${humanize(m[1]).toLowerCase()}`;
  if (/^exceptions\[\d+\]/.test(p)) return 'the accepted risk';
  return 'this setting';
}
