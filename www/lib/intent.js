// The intent editor: the org config (what each partner and person is there to do) edited in
// place, next to each partner and person. The config object is the one the command line takes;
// every field of the spec is editable here, and fields the editor does not show (custom roles,
// rules settings, custom policy settings) are kept as they are.
//
// Every control carries `data-path` = its place in the config (`partners.300.justification`,
// `members.200.scope`, `trusted_domains`, `thresholds.inactive_days`, `exceptions[0].expires`),
// so a finding's fix can lead to it: `focusSetting(path)`.
import { $, h, fill } from './dom.js';
import { ASSET_TYPE_ORDER, assetType, formatDate, humanize, portfolioRole } from './labels.js';

const THRESHOLDS = [
  ['review_interval_days', 'Review each partner\'s access every … days'],
  ['inactive_days', 'A person counts as inactive after … days'],
  ['invitation_max_age_days', 'An open invitation is stale after … days'],
  ['pending_request_max_age_days', 'A pending partner request is stale after … days'],
  ['max_full_control_members', 'At most … people with full control'],
  ['min_full_control_members', 'At least … people with full control'],
];

/** Role names a business owner reads (the others are humanized: `media_buyer` → Media buyer). */
const ROLE_LABEL = { in_house_admin: 'In-house admin', ai_platform: 'AI platform' };
export const roleLabel = (r) => ROLE_LABEL[r] ?? humanize(r);

// Rows per table before the editor asks for a search.
const LIMIT = 100;

// ---------------------------------------------------------------------------------------------
// Dates: one text field each (one Tab stop; Chromium's type=date takes four).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `20270131` → `2027-01-31`; other text trimmed. */
export function normalizeDate(text) {
  const t = String(text ?? '').trim();
  return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}` : t;
}

/** A real calendar date `YYYY-MM-DD`, or an RFC 3339 time (what the config accepts). */
export function validDate(text) {
  const time = TIME.exec(text);
  const m = DATE.exec(time ? time[1] : text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Today on this device, `YYYY-MM-DD`. */
export function today(offsetDays = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Element ids from config ids (`act_1`, numbers): letters, digits, `_` and `-` only. */
const safe = (id) => String(id).replace(/[^\w-]/g, '_');

/**
 * A validated text field (a date, or required text). An invalid value is marked
 * (`aria-invalid`, a message the field points to) and not passed on; `onValue(value | null)`
 * gets each valid value (null: emptied). `validate()` checks now and returns the value, or
 * `undefined` when it is invalid.
 */
/**
 * @param {object} options
 * @param {string} options.id the input's id
 * @param {string} [options.path] its config path (`data-path`)
 * @param {string} [options.value]
 * @param {string} [options.label] its visible label (none when `labelled`)
 * @param {boolean} [options.labelled] labelled elsewhere (a table's header)
 * @param {string} [options.describedBy]
 * @param {boolean} [options.date] a date (YYYY-MM-DD)
 * @param {boolean} [options.required]
 * @param {((value: string) => string | null) | null} [options.check] an error message for a bad value, or null
 * @param {((value: string | null) => void) | null} [options.onValue]
 * @param {string} [options.placeholder]
 * @param {string} [options.autocomplete]
 * @param {string} [options.className]
 */
export function textField({
  id, path, value = '', label, labelled = false, describedBy = '', date = false, required = false,
  check = null, onValue = null, placeholder, autocomplete = 'off', className,
}) {
  const error = h('span', { class: 'field-error', id: `${id}-error` });
  const input = h('input', {
    type: 'text',
    id,
    value: String(value ?? ''),
    class: className ?? (date ? 'date' : null),
    placeholder: placeholder ?? (date ? 'YYYY-MM-DD' : null),
    inputmode: date ? 'numeric' : null,
    autocomplete,
    spellcheck: date ? 'false' : null,
    'aria-label': labelled ? null : label,
    'aria-describedby': describedBy || null,
    'aria-required': required ? 'true' : null,
    dataset: path ? { path } : undefined,
  });
  const clean = () => (date ? normalizeDate(input.value) : input.value.trim());
  const problem = () => {
    const v = clean();
    if (!v) return required ? 'Required.' : null;
    if (date && !validDate(v)) return `Not a date: write it as YYYY-MM-DD, e.g. ${today(90)}. Not saved.`;
    return check?.(v) ?? null;
  };
  const show = (message) => {
    error.textContent = message ?? '';
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [describedBy, error.id].filter(Boolean).join(' '));
    } else {
      input.removeAttribute('aria-invalid');
      if (describedBy) input.setAttribute('aria-describedby', describedBy);
      else input.removeAttribute('aria-describedby');
    }
  };
  input.addEventListener('input', () => {
    const p = problem();
    // While typing, a half-written date is left alone; a fixed one is taken at once.
    if (!p) {
      show(null);
      onValue?.(clean() || null);
    } else if (input.getAttribute('aria-invalid') === 'true' || !date) {
      show(p);
    }
  });
  input.addEventListener('change', () => {
    const p = problem();
    show(p);
    if (!p && date && clean() !== input.value) input.value = clean();
  });
  return {
    input,
    error,
    validate() {
      const p = problem();
      show(p);
      return p ? undefined : clean();
    },
  };
}

// ---------------------------------------------------------------------------------------------

let current = null;

/**
 * Opens the way to a config setting and focuses its control: `partners.300.justification`,
 * `members.200.role`, `trusted_domains`, `thresholds.inactive_days`, `exceptions[1]`. Opens the
 * enclosing disclosures, finds the person in a large portfolio, scrolls it into view. False when
 * the page has no such control (e.g. someone not in this export).
 */
export function focusSetting(path) {
  return current ? current.focusSetting(path) : false;
}

const KIND = { partners: 'partner', members: 'member' };

export class IntentEditor {
  /** `onChange()` is called after every edit of the config (made in place in `this.config`). */
  constructor({ onChange }) {
    current = this;
    this.onChange = onChange;
    this.config = {};
    this.roles = {};
    this.rolesKey = null;
    this.glossary = null;
    this.defaults = {};
    this.principals = [];
    this.assets = [];
    this.shownKey = null;
    this.query = '';
    this.invalid = new Set();
    this.rows = new Map();
    $('#intent-search').addEventListener('input', (e) => {
      this.query = /** @type {HTMLInputElement} */ (e.target).value;
      this.render(this.principals, this.assets);
    });
    this.domainsField('#trusted-domains', 'trusted_domains');
    this.domainsField('#public-email-domains', 'public_email_domains');
  }

  /** A comma-separated list of email domains, `path` its config field. */
  domainsField(selector, path) {
    /** @type {HTMLInputElement} */
    const input = $(selector);
    input.dataset.path = path;
    const error = $(`${selector}-error`);
    input.addEventListener('input', () => {
      const list = splitDomains(input.value);
      const bad = list.filter((d) => !isDomain(d));
      if (error) error.textContent = bad.length ? `Not an email domain: ${bad.join(', ')}. Write it like acme.example. Not saved.` : '';
      if (bad.length) {
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      input.removeAttribute('aria-invalid');
      if (list.length) this.config[path] = list;
      else delete this.config[path];
      this.onChange();
    });
  }

  setDefaults(defaults) {
    this.defaults = defaults ?? {};
    const webmail = this.defaults.public_email_domains ?? [];
    /** @type {HTMLInputElement} */ ($('#public-email-domains')).placeholder = webmail.length ? `${webmail.slice(0, 2).join(', ')}, … (built in)` : '';
    $('#public-email-hint').textContent = webmail.length
      ? `Addresses on these domains belong to no company. Empty: the built-in list (${webmail.join(', ')}). A list here replaces it.`
      : 'Addresses on these domains belong to no company. A list here replaces the built-in one.';
    this.renderThresholds();
  }

  /** The role profiles of the merged config (redrawn only when they change: typing keeps focus). */
  setRoles(roles) {
    const key = JSON.stringify(roles ?? {});
    if (key === this.rolesKey) return;
    this.rolesKey = key;
    this.roles = roles ?? {};
    this.shownKey = null;
    this.renderGuide();
    this.render(this.principals, this.assets);
  }

  /** The task glossary (`{asset_type: {CODE: {name, allows, level}}}`), or null: codes are shown. */
  setGlossary(tasks) {
    this.glossary = tasks ?? null;
    this.shownKey = null;
    this.renderGuide();
    this.render(this.principals, this.assets);
  }

  /** Replaces the whole config (business switch, sample, import, forget) and redraws the editor. */
  setConfig(config) {
    this.config = config && typeof config === 'object' && !Array.isArray(config) ? config : {};
    this.shownKey = null;
    this.invalid.clear();
    this.render(this.principals, this.assets);
    for (const [selector, path] of [['#trusted-domains', 'trusted_domains'], ['#public-email-domains', 'public_email_domains']]) {
      /** @type {HTMLInputElement} */
      const input = $(selector);
      input.value = (Array.isArray(this.config[path]) ? this.config[path] : []).join(', ');
      input.removeAttribute('aria-invalid');
      const error = $(`${selector}-error`);
      if (error) error.textContent = '';
    }
    this.renderThresholds();
    this.renderExceptions();
  }

  /** Says whose config this is (`business`: `{id, name}`), and since when it is remembered. */
  setBusiness(business, savedAt) {
    const line = $('#intent-business');
    if (!business) {
      line.textContent = '';
      return;
    }
    const name = business.name ?? business.id;
    line.textContent = savedAt
      ? `The config of ${name} (business ${business.id}), last saved on this device ${formatDate(savedAt)}.`
      : `The config of ${name} (business ${business.id}). Nothing is set yet: the defaults apply.`;
  }

  /**
   * Shows the partners and members of the last good matrix (redrawn only when they change, so
   * typing keeps focus). A large portfolio gets a search box, and at most `LIMIT` rows per table.
   */
  render(principals, assets = this.assets) {
    this.principals = principals ?? [];
    this.assets = assets ?? [];
    const query = this.query.trim().toLowerCase();
    const key = JSON.stringify([query, this.principals.map((p) => [p.kind, p.id, p.name, p.known, p.member_kind]),
      this.assets.map((a) => [a.id, a.name])]);
    if (key === this.shownKey) return;
    this.shownKey = key;
    const known = this.principals.filter((p) => p.known);
    $('#intent-empty').hidden = known.length > 0;
    $('#intent-body').hidden = known.length === 0;
    const large = known.length > LIMIT;
    $('#intent-search-box').hidden = !large;
    const matches = (p) => !query || [p.name, p.id, p.email].some((v) => String(v ?? '').toLowerCase().includes(query));
    const found = known.filter(matches);
    const allPartners = found.filter((p) => p.kind === 'partner');
    const allMembers = found.filter((p) => p.kind === 'member');
    const partners = allPartners.slice(0, LIMIT);
    const members = allMembers.slice(0, LIMIT);
    const hidden = allPartners.length - partners.length + allMembers.length - members.length;
    $('#intent-count').textContent = large
      ? `${found.length} of ${known.length} match${query ? '' : ' (type a name, id or email)'}`
        + `${hidden ? `; showing at most ${LIMIT} partners and ${LIMIT} people` : ''}.`
      : '';
    this.rows.clear();
    fill($('#partners-table tbody'), partners.map((p) => this.partnerRows(p)));
    $('#partners-table').hidden = partners.length === 0;
    $('#partners-none').hidden = partners.length > 0 || query !== '';
    fill($('#members-table tbody'), members.map((m) => this.memberRows(m)));
    this.renderExceptions();
    this.applyInvalid();
  }

  entry(list, id) {
    return this.config[list]?.[id] ?? {};
  }

  set(list, id, field, value) {
    const empty = value === '' || value === null || value === undefined || value === false
      || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (this.config[list]?.[id]) {
        delete this.config[list][id][field];
        if (Object.keys(this.config[list][id]).length === 0) delete this.config[list][id];
        if (Object.keys(this.config[list]).length === 0) delete this.config[list];
      }
    } else {
      this.config[list] ??= {};
      this.config[list][id] ??= {};
      this.config[list][id][field] = value;
    }
    this.rows.get(`${list}:${id}`)?.refresh();
    this.onChange();
  }

  // -------------------------------------------------------------------------------------------
  // Roles: what each allows and needs, in words, before one is picked.

  /** A task's name from the glossary (the code when the glossary does not know it). */
  task(type, code) {
    const entry = this.glossary?.[type]?.[code] ?? this.glossary?.[type]?.[String(code).replace(/^PROFILE_PLUS_/, '')];
    return entry ? { code, name: entry.name, allows: entry.allows, level: entry.level } : { code, name: code, allows: null, level: null };
  }

  /** `[[type, {allowed, required}]]` of a role, in the page's asset type order. */
  roleAssets(role) {
    const order = (t) => {
      const i = ASSET_TYPE_ORDER.indexOf(t);
      return i < 0 ? 99 : i;
    };
    return Object.entries(role?.assets ?? {}).sort(([a], [b]) => order(a) - order(b));
  }

  /**
   * The hint under a role picker: what the role is for and the tasks it needs, in words (the
   * whole list of what it allows is in "What each role allows", above the tables).
   */
  roleHint(name) {
    if (!name) return 'Not declared: the checker cannot tell what is too much. Pick what they are there to do.';
    const role = this.roles[name];
    if (!role) return `${name} is not a known role.`;
    const assets = this.roleAssets(role);
    const needs = assets.filter(([, p]) => (p.required ?? []).length)
      .map(([type, p]) => `${p.required.map((c) => this.task(type, c).name).join(', ')} on ${typeWords(type)}`);
    const types = assets.filter(([, p]) => (p.allowed ?? []).length).map(([type]) => typeWords(type));
    const about = role.description ? `${role.description.replace(/[.\s]+$/, '')}. ` : '';
    if (!types.length) return `${about}Needs no access to any asset.`;
    return `${about}${needs.length ? `Needs ${needs.join('; ')}. ` : ''}Reaches ${list(types)}; anything more is excess.`;
  }

  /** "What each role allows": every role, per asset type, task names with their codes on focus. */
  renderGuide() {
    const body = $('#role-guide-body');
    const names = Object.keys(this.roles);
    if (!names.length) {
      fill(body, h('p', { class: 'muted small' }, 'The roles appear once the checker has started.'));
      return;
    }
    fill(body,
      this.glossary ? null : h('p', { class: 'small muted' }, 'Task names are shown as Meta\'s codes.'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'role-guide-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Role'),
          h('th', { scope: 'col' }, 'What it allows (needed tasks marked)'))),
        h('tbody', {}, names.map((name) => {
          const role = this.roles[name];
          const assets = this.roleAssets(role);
          return h('tr', {},
            h('th', { scope: 'row' },
              h('span', { class: 'role-name' }, roleLabel(name)),
              role.description ? h('span', { class: 'role-desc' }, role.description) : null,
              role.automation ? h('span', { class: 'role-desc' }, 'Acts on its own (automation).') : null),
            h('td', {}, assets.length
              ? h('ul', { class: 'role-assets' }, assets.map(([type, p]) => {
                const required = new Set(p.required ?? []);
                const tasks = p.allowed ?? [];
                return h('li', {},
                  h('strong', {}, `${assetType(type)}: `),
                  tasks.length ? tasks.map((c, i) => [i ? ', ' : '', this.taskTerm(type, c, required.has(c))]) : 'nothing');
              }))
              : 'No access to any asset.'));
        })))));
  }

  /** A task name; its code (and what it allows) on hover and on focus. */
  taskTerm(type, code, needed) {
    const t = this.task(type, code);
    const mark = needed ? h('span', { class: 'needed' }, ' (needed)') : null;
    if (!this.glossary || t.name === code) return [h('code', {}, code), mark];
    const title = t.allows ? `${code}: ${t.allows}` : code;
    return [h('abbr', { class: `task lvl-${t.level ?? 'unknown'}`, title, tabindex: '0', dataset: { code } }, t.name), mark];
  }

  // -------------------------------------------------------------------------------------------
  // Rows: the main fields, and "More" (built when first opened) for the rest.

  nameCell(p, meta) {
    return h('td', {},
      h('div', { class: 'who-name' }, p.name ?? p.id),
      h('div', { class: 'who-meta' }, meta.filter(Boolean).join(' · ')));
  }

  roleCell(list, p) {
    const current = this.entry(list, p.id).role ?? '';
    const id = `role-${list}-${safe(p.id)}`;
    const hint = h('p', { class: 'role-hint', id: `${id}-hint` });
    const select = h('select', {
      id,
      'aria-label': `Role of ${p.name ?? p.id}`,
      'aria-describedby': `${id}-hint`,
      dataset: { path: `${list}.${p.id}.role` },
      onchange: (e) => {
        this.set(list, p.id, 'role', e.target.value);
        showHint();
      },
    },
    h('option', { value: '' }, 'Not declared'),
    Object.keys(this.roles).map((r) => h('option', { value: r, selected: r === current }, roleLabel(r))));
    if (current && !(current in this.roles)) {
      select.append(h('option', { value: current, selected: true }, `${current} (unknown role)`));
    }
    const showHint = () => { hint.textContent = this.roleHint(select.value); };
    showHint();
    return h('td', { 'data-label': 'Role' }, select, hint);
  }

  dateCell(list, p, field, label) {
    const f = textField({
      id: `${field}-${list}-${safe(p.id)}`,
      path: `${list}.${p.id}.${field}`,
      value: this.entry(list, p.id)[field] ?? '',
      label: `${label}: ${p.name ?? p.id}`,
      date: true,
      onValue: (v) => this.set(list, p.id, field, v),
    });
    return h('td', { 'data-label': label }, f.input, f.error);
  }

  checkbox(list, p, field, label) {
    return h('input', {
      type: 'checkbox',
      id: `${field}-${list}-${safe(p.id)}`,
      checked: this.entry(list, p.id)[field] === true,
      'aria-label': `${label}: ${p.name ?? p.id}`,
      dataset: { path: `${list}.${p.id}.${field}` },
      onchange: (e) => this.set(list, p.id, field, e.target.checked),
    });
  }

  checkCell(list, p, field, label) {
    return h('td', { 'data-label': label }, this.checkbox(list, p, field, label));
  }

  /** The "More" row under a partner or person: the rest of its settings, built when opened. */
  moreRow(list, p, columns) {
    const key = `${list}:${p.id}`;
    const state = h('span', { class: 'more-state' });
    const summary = h('summary', {},
      'More', h('span', { class: 'visually-hidden' }, ` about ${p.name ?? p.id}`), state);
    const details = h('details', { class: 'more', dataset: { subject: key } }, summary);
    let built = false;
    const build = () => {
      if (built) return;
      built = true;
      details.append(list === 'partners' ? this.partnerMore(p) : this.memberMore(p));
      this.applyInvalid();
    };
    details.addEventListener('toggle', () => { if (details.open) build(); });
    const refresh = () => {
      const e = this.entry(list, p.id);
      const bits = [];
      if (list === 'partners') {
        bits.push(e.justification ? 'justified' : 'no justification');
        if (e.temporary) bits.push('temporary');
        if (e.domains?.length) bits.push(e.domains.join(', '));
      }
      bits.push(Array.isArray(e.scope) ? `scope: ${e.scope.length} of ${this.assets.length} assets` : 'scope: any asset');
      state.textContent = ` (${bits.join(' · ')})`;
    };
    refresh();
    this.rows.set(key, { details, build, refresh });
    return h('tr', { class: 'more-row' }, h('td', { colspan: String(columns) }, details));
  }

  partnerRows(p) {
    return [
      h('tr', { class: 'who', dataset: { subject: `partners:${p.id}` } },
        this.nameCell(p, ['Partner', `Business ID ${p.id}`]),
        this.roleCell('partners', p),
        this.checkCell('partners', p, 'verified', 'Business ID confirmed'),
        this.dateCell('partners', p, 'reviewed_at', 'Last reviewed'),
        this.dateCell('partners', p, 'contract_end', 'Contract ends')),
      this.moreRow('partners', p, 5),
    ];
  }

  memberRows(m) {
    const kind = m.member_kind === 'system_user' ? 'System user' : 'Person';
    const role = portfolioRole(m.portfolio_role);
    return [
      h('tr', { class: 'who', dataset: { subject: `members:${m.id}` } },
        this.nameCell(m, [kind, m.email, role ? `has ${role}` : null]),
        this.roleCell('members', m),
        this.dateCell('members', m, 'contract_end', 'Contract ends'),
        this.checkCell('members', m, 'temporary', 'Temporary')),
      this.moreRow('members', m, 4),
    ];
  }

  partnerMore(p) {
    const list = 'partners';
    const who = p.name ?? p.id;
    const base = `${list}-${safe(p.id)}`;
    const e = this.entry(list, p.id);
    const justification = textField({
      id: `justification-${base}`,
      path: `${list}.${p.id}.justification`,
      value: e.justification ?? '',
      labelled: true,
      placeholder: 'e.g. SOW 2026-07, paid social',
      onValue: (v) => this.set(list, p.id, 'justification', v),
    });
    const domainsId = `domains-${base}`;
    const domainsError = h('span', { class: 'field-error', id: `${domainsId}-error` });
    const domains = h('input', {
      type: 'text',
      id: domainsId,
      value: (e.domains ?? []).join(', '),
      placeholder: 'e.g. agency.example',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `${domainsId}-hint`,
      dataset: { path: `${list}.${p.id}.domains` },
      oninput: (ev) => {
        const values = splitDomains(ev.target.value);
        const bad = values.filter((d) => !isDomain(d));
        domainsError.textContent = bad.length ? `Not an email domain: ${bad.join(', ')}. Not saved.` : '';
        if (bad.length) {
          domains.setAttribute('aria-invalid', 'true');
          domains.setAttribute('aria-describedby', `${domainsId}-hint ${domainsId}-error`);
          return;
        }
        domains.removeAttribute('aria-invalid');
        domains.setAttribute('aria-describedby', `${domainsId}-hint`);
        this.set(list, p.id, 'domains', values);
      },
    });
    return h('div', { class: 'more-grid' },
      h('div', { class: 'field wide' },
        h('label', { for: justification.input.id }, `Why ${who} has access`),
        justification.input, justification.error),
      h('div', { class: 'field' },
        h('label', { for: domainsId }, 'Its email domains'),
        domains,
        h('span', { class: 'hint', id: `${domainsId}-hint` }, 'Its people\'s addresses are on these. Separate with commas.'),
        domainsError),
      h('div', { class: 'field check' },
        h('label', {}, this.checkbox(list, p, 'temporary', 'Temporary'), ` Temporary (a one-off job: ${who} should leave when it ends)`)),
      this.scopeField(list, p));
  }

  memberMore(m) {
    return h('div', { class: 'more-grid' }, this.scopeField('members', m));
  }

  /** The assets a partner or person should reach: a checkbox per asset; none ticked = any asset. */
  scopeField(list, p) {
    const id = `scope-${list}-${safe(p.id)}`;
    const scope = () => (Array.isArray(this.entry(list, p.id).scope) ? this.entry(list, p.id).scope : null);
    const status = h('span', { class: 'scope-state', id: `${id}-state`, 'aria-live': 'polite' });
    const update = () => {
      const s = scope();
      status.textContent = s ? `Only ${s.length === 1 ? 'this asset' : `these ${s.length} assets`}.` : 'Any asset (none ticked).';
    };
    const present = new Set(this.assets.map((a) => a.id));
    const extra = (scope() ?? []).filter((a) => !present.has(a)).map((a) => ({ id: a, name: null, type: null, missing: true }));
    const assets = [...this.assets].sort((a, b) => {
      const order = (t) => { const i = ASSET_TYPE_ORDER.indexOf(t); return i < 0 ? 99 : i; };
      return order(a.type) - order(b.type) || String(a.name ?? a.id).localeCompare(String(b.name ?? b.id));
    }).concat(extra);
    const boxes = assets.map((a) => h('label', { class: 'scope-option' },
      h('input', {
        type: 'checkbox',
        value: a.id,
        checked: (scope() ?? []).includes(a.id),
        dataset: { path: `${list}.${p.id}.scope` },
        onchange: () => {
          const ticked = [...fieldset.querySelectorAll('input[type="checkbox"]')].filter((b) => b.checked).map((b) => b.value);
          this.set(list, p.id, 'scope', ticked);
          update();
        },
      }),
      ` ${a.name ?? a.id}`,
      h('span', { class: 'scope-type' }, a.missing ? ` (${a.id}, not in this export)` : ` · ${assetType(a.type)}`)));
    const fieldset = h('fieldset', { class: 'scope field wide', 'aria-describedby': `${id}-state` },
      h('legend', {}, `Assets ${p.name ?? p.id} should reach`),
      status,
      boxes.length ? h('div', { class: 'scope-options' }, boxes) : h('p', { class: 'muted small' }, 'This export has no assets.'));
    update();
    return fieldset;
  }

  // -------------------------------------------------------------------------------------------
  // The business's own settings.

  renderThresholds() {
    const box = $('#thresholds');
    const defaults = this.defaults.thresholds ?? {};
    fill(box, THRESHOLDS.map(([key, label]) => {
      const id = `threshold-${key}`;
      return h('div', { class: 'field' },
        h('label', { for: id }, label),
        h('input', {
          type: 'number', id, min: '0', step: '1', inputmode: 'numeric',
          value: this.config.thresholds?.[key] ?? '',
          placeholder: defaults[key] !== undefined ? `${defaults[key]} (default)` : 'default',
          dataset: { path: `thresholds.${key}` },
          oninput: (e) => {
            const v = e.target.value.trim();
            if (v === '' || !/^\d+$/.test(v)) {
              if (this.config.thresholds) delete this.config.thresholds[key];
              if (this.config.thresholds && Object.keys(this.config.thresholds).length === 0) delete this.config.thresholds;
            } else {
              this.config.thresholds ??= {};
              this.config.thresholds[key] = Number(v);
            }
            this.onChange();
          },
        }));
    }));
  }

  /** The accepted risks (`exceptions`): reason, owner and expiry editable, each removable. */
  renderExceptions() {
    const list = $('#exceptions-list');
    const exceptions = Array.isArray(this.config.exceptions) ? this.config.exceptions : [];
    const now = today();
    const expired = exceptions.filter((e) => typeof e?.expires === 'string' && e.expires.slice(0, 10) < now).length;
    $('#exceptions-count').textContent = exceptions.length
      ? ` (${exceptions.length}${expired ? `, ${expired} expired` : ''})` : ' (none)';
    $('#exceptions-none').hidden = exceptions.length > 0;
    const names = new Map(this.principals.map((p) => [p.id, p.name ?? p.id]));
    const assets = new Map(this.assets.map((a) => [a.id, a]));
    fill(list, exceptions.map((e, i) => {
      if (!e || typeof e !== 'object') return null;
      const base = `exception-${i}`;
      const field = (name, label, opts = {}) => textField({
        id: `${base}-${name}`,
        path: `exceptions[${i}].${name}`,
        value: e[name] ?? '',
        labelled: true,
        required: true,
        ...opts,
        onValue: (v) => {
          if (v === null) return; // required: an emptied field is marked, not saved
          this.config.exceptions[i][name] = v;
          if (name === 'expires') badge.hidden = !(v.slice(0, 10) < today());
          this.onChange();
        },
      });
      const expires = field('expires', 'Until', { date: true });
      const reason = field('reason', 'Why it is accepted');
      const owner = field('owner', 'Who accepted it', { placeholder: 'email or name' });
      const asset = e.asset ? assets.get(e.asset) : null;
      const badge = h('span', { class: 'tag expired' }, 'expired');
      badge.hidden = !(String(e.expires ?? '').slice(0, 10) < now);
      const remove = h('button', { type: 'button', class: 'secondary small', 'aria-describedby': `${base}-h` }, 'Remove');
      const confirm = h('span', { class: 'confirm', hidden: true },
        h('span', { id: `${base}-confirm` }, 'Remove this accepted risk? The finding comes back. '),
        h('button', {
          type: 'button',
          class: 'primary small',
          'aria-describedby': `${base}-confirm`,
          onclick: () => {
            this.config.exceptions.splice(i, 1);
            if (this.config.exceptions.length === 0) delete this.config.exceptions;
            this.renderExceptions();
            this.onChange();
            ($('#exceptions-list button') ?? $('#exceptions-block summary')).focus();
          },
        }, 'Remove'),
        ' ',
        h('button', {
          type: 'button',
          class: 'secondary small',
          onclick: () => {
            confirm.hidden = true;
            remove.hidden = false;
            remove.focus();
          },
        }, 'Keep'));
      remove.addEventListener('click', () => {
        remove.hidden = true;
        confirm.hidden = false;
        confirm.querySelector('button').focus();
      });
      const item = h('li', { class: 'exception' },
        h('p', { class: 'exception-h', id: `${base}-h` },
          h('strong', {}, humanize(e.rule)), ' for ', names.get(e.subject) ?? e.subject,
          e.asset ? [' on ', asset ? `${assetType(asset.type)} ${asset.name ?? asset.id}` : e.asset] : null,
          ' ', badge),
        h('div', { class: 'exception-fields' },
          h('div', { class: 'field' }, h('label', { for: expires.input.id }, 'Until'), expires.input, expires.error),
          h('div', { class: 'field' }, h('label', { for: reason.input.id }, 'Why it is accepted'), reason.input, reason.error),
          h('div', { class: 'field' }, h('label', { for: owner.input.id }, 'Who accepted it'), owner.input, owner.error)),
        h('div', { class: 'actions' }, remove, confirm));
      return item;
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Going to a setting, and marking the ones a config error names.

  focusSetting(path) {
    const p = String(path ?? '').replace(/^\$\.?/, '');
    if (!p) return false;
    const m = /^(partners|members)\.([^.[\]]+)/.exec(p);
    if (m) {
      const key = `${m[1]}:${m[2]}`;
      if (!this.rows.has(key) && this.principals.some((x) => x.known && x.kind === KIND[m[1]] && x.id === m[2])) {
        // A large portfolio lists at most LIMIT rows: search for this one.
        this.query = m[2];
        /** @type {HTMLInputElement} */ ($('#intent-search')).value = m[2];
        this.render(this.principals, this.assets);
      }
      this.rows.get(key)?.build();
    }
    const el = this.find(p);
    if (!el || el.closest('[hidden]')) return false;
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true;
    if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
    return document.activeElement === el;
  }

  /**
   * The control of a path, or the first of its sub-settings (`exceptions[1]` → its expiry).
   * @param {string} path
   * @returns {HTMLElement | null}
   */
  find(path) {
    const all = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#intent [data-path]'))];
    return all.find((e) => e.dataset.path === path)
      ?? all.find((e) => e.dataset.path.startsWith(`${path}.`) || e.dataset.path.startsWith(`${path}[`))
      ?? null;
  }

  /** Marks the fields a config failure points at (`partners.<id>.contract_end`, …). */
  markInvalid(paths) {
    this.invalid = new Set(paths.map((p) => String(p).replace(/^\$\.?/, '')).filter(Boolean));
    for (const el of document.querySelectorAll('#intent [data-invalid-from-check]')) {
      el.removeAttribute('aria-invalid');
      el.removeAttribute('data-invalid-from-check');
    }
    for (const path of this.invalid) {
      const m = /^(partners|members)\.([^.[\]]+)/.exec(path);
      if (m) this.rows.get(`${m[1]}:${m[2]}`)?.build();
    }
    this.applyInvalid();
  }

  applyInvalid() {
    if (!this.invalid.size) return;
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#intent [data-path]'))) {
      const path = el.dataset.path;
      const hit = [...this.invalid].some((p) => p === path || p.replace(/\[\d+\]$/, '') === path);
      if (hit) {
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('data-invalid-from-check', '');
      }
    }
  }
}

/** Asset types in a sentence: `ad accounts`, `Instagram accounts`. */
const TYPE_WORDS = {
  ad_account: 'ad accounts',
  page: 'Pages',
  instagram_account: 'Instagram accounts',
  pixel: 'pixels',
  dataset: 'datasets',
  catalog: 'catalogs',
  app: 'apps',
  whatsapp_business_account: 'WhatsApp accounts',
};
const typeWords = (t) => TYPE_WORDS[t] ?? `${String(assetType(t)).toLowerCase()}s`;

/** `a, b and c`. */
function list(items) {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function splitDomains(text) {
  return String(text ?? '').split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);
}

/** What the config accepts as an email domain: not an address. */
function isDomain(d) {
  return !d.includes('@');
}
