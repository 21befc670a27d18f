// The intent editor: the org config (what each partner and person is there to do) edited in
// place. The config object is the one the command line takes; fields the editor does not show
// (exceptions, scope, justification, custom roles, …) are kept as they are.
import { $, h, fill } from './dom.js';
import { humanize, portfolioRole } from './labels.js';

const THRESHOLDS = [
  ['review_interval_days', 'Review each partner\'s access every … days'],
  ['inactive_days', 'A person counts as inactive after … days'],
  ['invitation_max_age_days', 'An open invitation is stale after … days'],
  ['pending_request_max_age_days', 'A pending partner request is stale after … days'],
  ['max_full_control_members', 'At most … people with full control'],
  ['min_full_control_members', 'At least … people with full control'],
];

// Rows per table before the editor asks for a search.
const LIMIT = 100;

export class IntentEditor {
  /** `onChange()` is called after every edit of the config. */
  constructor({ onChange }) {
    this.onChange = onChange;
    this.config = {};
    this.roles = {};
    this.defaults = {};
    this.principals = [];
    this.shownKey = null;
    this.query = '';
    $('#intent-search').addEventListener('input', (e) => {
      this.query = e.target.value;
      this.render(this.principals);
    });
    $('#trusted-domains').addEventListener('input', (e) => {
      const list = e.target.value.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);
      if (list.length) this.config.trusted_domains = list;
      else delete this.config.trusted_domains;
      this.onChange();
    });
  }

  setDefaults(defaults) {
    this.defaults = defaults ?? {};
    this.renderThresholds();
  }

  setRoles(roles) {
    this.roles = roles ?? {};
    this.shownKey = null;
    this.render(this.principals);
  }

  /** Replaces the whole config (sample, import, forget) and redraws the editor. */
  setConfig(config) {
    this.config = config && typeof config === 'object' && !Array.isArray(config) ? config : {};
    this.shownKey = null;
    this.render(this.principals);
    $('#trusted-domains').value = (this.config.trusted_domains ?? []).join(', ');
    this.renderThresholds();
  }

  /**
   * Shows the partners and members of the last good matrix (redrawn only when they change, so
   * typing keeps focus). A large portfolio gets a search box, and at most `LIMIT` rows per table.
   */
  render(principals) {
    this.principals = principals ?? [];
    const query = this.query.trim().toLowerCase();
    const key = JSON.stringify([query, this.principals.map((p) => [p.kind, p.id, p.name, p.known])]);
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
    fill($('#partners-table tbody'), partners.map((p) => this.partnerRow(p)));
    $('#partners-table').hidden = partners.length === 0;
    $('#partners-none').hidden = partners.length > 0 || query !== '';
    fill($('#members-table tbody'), members.map((m) => this.memberRow(m)));
  }

  entry(list, id) {
    return this.config[list]?.[id] ?? {};
  }

  set(list, id, field, value) {
    const empty = value === '' || value === null || value === undefined || value === false;
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
    this.onChange();
  }

  nameCell(p, meta) {
    return h('td', {},
      h('div', { class: 'who-name' }, p.name ?? p.id),
      h('div', { class: 'who-meta' }, meta.filter(Boolean).join(' · ')));
  }

  roleCell(list, p) {
    const current = this.entry(list, p.id).role ?? '';
    const id = `role-${list}-${p.id}`;
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
    Object.keys(this.roles).map((r) => h('option', { value: r, selected: r === current }, humanize(r))));
    if (current && !(current in this.roles)) {
      select.append(h('option', { value: current, selected: true }, `${current} (unknown role)`));
    }
    const showHint = () => {
      const r = this.roles[select.value];
      hint.textContent = select.value ? r?.description ?? '' : 'Pick what this partner or person is there to do.';
    };
    showHint();
    return h('td', { 'data-label': 'Role' }, select, hint);
  }

  dateCell(list, p, field, label) {
    const raw = this.entry(list, p.id)[field] ?? '';
    return h('td', { 'data-label': label },
      h('input', {
        type: 'date',
        value: String(raw).slice(0, 10),
        'aria-label': `${label}: ${p.name ?? p.id}`,
        dataset: { path: `${list}.${p.id}.${field}` },
        onchange: (e) => this.set(list, p.id, field, e.target.value),
      }));
  }

  checkCell(list, p, field, label) {
    return h('td', { 'data-label': label },
      h('input', {
        type: 'checkbox',
        checked: this.entry(list, p.id)[field] === true,
        'aria-label': `${label}: ${p.name ?? p.id}`,
        dataset: { path: `${list}.${p.id}.${field}` },
        onchange: (e) => this.set(list, p.id, field, e.target.checked),
      }));
  }

  partnerRow(p) {
    return h('tr', {},
      this.nameCell(p, [`Business ID ${p.id}`]),
      this.roleCell('partners', p),
      this.checkCell('partners', p, 'verified', 'Business ID confirmed'),
      this.dateCell('partners', p, 'reviewed_at', 'Last reviewed'),
      this.dateCell('partners', p, 'contract_end', 'Contract ends'));
  }

  memberRow(m) {
    const kind = m.member_kind === 'system_user' ? 'system user' : null;
    const role = portfolioRole(m.portfolio_role);
    return h('tr', {},
      this.nameCell(m, [kind, m.email, role ? `has ${role}` : null]),
      this.roleCell('members', m),
      this.dateCell('members', m, 'contract_end', 'Contract ends'),
      this.checkCell('members', m, 'temporary', 'Temporary'));
  }

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

  /** Marks the fields a config failure points at (`partners.<id>.contract_end`, …). */
  markInvalid(paths) {
    for (const el of document.querySelectorAll('#intent [aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    for (const path of paths) {
      for (const el of document.querySelectorAll('#intent [data-path]')) {
        if (el.dataset.path === path) el.setAttribute('aria-invalid', 'true');
      }
    }
  }
}
