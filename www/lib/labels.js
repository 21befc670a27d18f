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
  partner: 'Partner', member: 'Person', business: 'Business', invitation: 'Invitation', exception: 'Exception',
};

/** "Partner Brightline Media" / "Person Lena Fischer" / "Business 1234". */
export function subjectLabel(subject) {
  if (!subject) return '';
  const kind = SUBJECT_KIND[subject.kind] ?? humanize(subject.kind);
  return `${kind} ${subject.name ?? subject.id}`;
}

export function assetLabel(asset) {
  if (!asset) return '';
  return `${assetType(asset.type)} ${asset.name ?? asset.id}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDate(text) {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return String(text);
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
