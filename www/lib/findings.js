// The findings: a headline (qualified when the export is incomplete), the export's warnings
// above everything else, counts by severity (a toolbar: one Tab stop, arrow keys between),
// filters (severity, category, who), each finding expanding to what is wrong and how to fix it,
// in plain words: task names explained on hover and focus, dates in the reader's locale, a
// button to the setting a fix names, and "Accept this risk". Accepted risks are shown apart.
import { $, h, fill, richText } from './dom.js';
import { words, dateText } from './words.js';
import * as intent from './intent.js';
import {
  SEVERITIES, SEVERITY_LABEL, assetLabel, category, directory, plural, settingLabel, subjectLabel,
} from './labels.js';

const subjectKey = (s) => `${s.kind}:${s.id}`;
const PAGE = 200;

/** A warning that says the export misses data the rules need (the headline then says so). */

/** `focusSetting(path)` of the config workspace (lib/intent.js), when it has one. */
const focusSetting = (path) => (typeof intent.focusSetting === 'function' ? intent.focusSetting(path) : false);
const canFocusSettings = () => typeof intent.focusSetting === 'function';

export class FindingsView {
  /**
   * `onAccept(finding, button)`: the user asks to accept an open finding as a risk.
   * @param {{onAccept?: (finding: any, button: HTMLElement) => void}} [options]
   */
  constructor({ onAccept } = {}) {
    this.onAccept = onAccept;
    this.report = null;
    this.dir = directory(null);
    this.filters = { severity: '', category: '', subject: '' };
    for (const [id, key] of [['#filter-severity', 'severity'], ['#filter-category', 'category'], ['#filter-subject', 'subject']]) {
      $(id).addEventListener('change', (e) => {
        this.filters[key] = /** @type {HTMLSelectElement} */ (e.target).value;
        this.renderCounts();
        this.renderList();
      });
    }
    $('#filter-clear').addEventListener('click', () => {
      this.filters = { severity: '', category: '', subject: '' };
      this.renderCounts();
      this.renderFilters();
      this.renderList();
      $('#filter-severity').focus();
    });
    // The counts are a toolbar: one Tab stop, the arrow keys move between them.
    $('#counts').addEventListener('keydown', (e) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      const items = [.../** @type {NodeListOf<HTMLElement>} */ ($('#counts').querySelectorAll('button, a'))];
      const at = items.indexOf(/** @type {HTMLElement} */ (document.activeElement));
      if (at < 0) return;
      let next = null;
      if (step) next = (at + step + items.length) % items.length;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = items.length - 1;
      if (next === null) return;
      e.preventDefault();
      this.roving(items, next);
      items[next].focus();
    });
  }

  /**
   * `matrix`: the check's matrix answer, to name people (system users) and assets;
   * `incomplete`: the engine's word that part of the portfolio was not read.
   */
  render(report, matrix, { incomplete = false } = {}) {
    this.report = report;
    this.incomplete = incomplete;
    this.dir = directory(matrix);
    $('#findings-empty').hidden = true;
    $('#findings-body').hidden = false;
    const open = report.findings;
    const s = report.summary;
    const urgent = s.critical + s.high;
    const warnings = report.warnings ?? [];
    const qualifier = warnings.length === 0 ? ''
      : incomplete ? ' — capture incomplete' : ` — ${plural(warnings.length, 'warning')}`;
    const headline = $('#headline');
    if (open.length === 0) {
      headline.textContent = `No problems found in ${report.business.name}${qualifier}: every grant matches its role (${s.rules_evaluated} checks).`;
      headline.className = `headline${qualifier ? '' : ' good'}`;
    } else {
      headline.textContent = `${plural(open.length, 'finding')} in ${report.business.name}${qualifier}. `
        + (urgent > 0 ? `${urgent} need${urgent === 1 ? 's' : ''} attention first.` : 'None of them is urgent.');
      headline.className = 'headline';
    }
    // Keep filters that still make sense for the new report.
    const subjects = new Set(open.map((f) => subjectKey(f.subject)));
    const categories = new Set(open.map((f) => f.category));
    if (this.filters.subject && !subjects.has(this.filters.subject)) this.filters.subject = '';
    if (this.filters.category && !categories.has(this.filters.category)) this.filters.category = '';
    this.renderWarnings();
    this.renderCounts();
    this.renderFilters();
    this.renderList();
    this.renderSuppressed();
  }

  /** No results for the export in the box (it cannot be read, or there is none). */
  clear(message) {
    this.report = null;
    $('#findings-body').hidden = true;
    const empty = $('#findings-empty');
    empty.textContent = message ?? 'Results appear here as soon as an export is loaded.';
    empty.hidden = false;
  }

  roving(items, current) {
    items.forEach((el, i) => el.setAttribute('tabindex', i === current ? '0' : '-1'));
  }

  renderCounts() {
    const s = this.report.summary;
    const focused = document.activeElement?.closest?.('#counts') ? /** @type {HTMLElement} */ (document.activeElement).dataset.severity : null;
    const items = [
      ...SEVERITIES.map((sev) => h('button', {
        type: 'button',
        class: `count sev-${sev}${s[sev] === 0 ? ' zero' : ''}`,
        'aria-pressed': String(this.filters.severity === sev),
        'aria-label': `${s[sev]} ${SEVERITY_LABEL[sev]}: show only these`,
        dataset: { severity: sev },
        onclick: () => {
          this.filters.severity = this.filters.severity === sev ? '' : sev;
          this.renderCounts();
          this.renderFilters();
          this.renderList();
        },
      }, h('span', { class: 'n' }, String(s[sev])), ' ', h('span', { class: 'l' }, SEVERITY_LABEL[sev]))),
      s.suppressed
        ? h('a', { class: 'count', href: '#suppressed-h', dataset: { severity: 'suppressed' } },
          h('span', { class: 'n' }, String(s.suppressed)), ' ', h('span', { class: 'l' }, 'Accepted'))
        : h('span', { class: 'count zero', dataset: { severity: 'suppressed' } },
          h('span', { class: 'n' }, '0'), ' ', h('span', { class: 'l' }, 'Accepted')),
    ];
    fill($('#counts'), items);
    const tabbable = items.filter((el) => el.tagName !== 'SPAN');
    const pressed = tabbable.findIndex((el) => el.dataset.severity === (focused ?? this.filters.severity));
    this.roving(tabbable, Math.max(0, pressed));
    if (focused) tabbable[Math.max(0, pressed)]?.focus();
  }

  renderFilters() {
    const open = this.report.findings;
    const option = (value, label, current) => h('option', { value, selected: value === current }, label);
    fill($('#filter-severity'), option('', 'All severities', this.filters.severity),
      SEVERITIES.map((sev) => option(sev, SEVERITY_LABEL[sev], this.filters.severity)));
    const categories = [...new Set(open.map((f) => f.category))].sort();
    fill($('#filter-category'), option('', 'All categories', this.filters.category),
      categories.map((c) => option(c, category(c), this.filters.category)));
    const subjects = new Map();
    for (const f of open) subjects.set(subjectKey(f.subject), subjectLabel(f.subject, this.dir));
    const sorted = [...subjects].sort((a, b) => a[1].localeCompare(b[1]));
    fill($('#filter-subject'), option('', 'Everyone', this.filters.subject),
      sorted.map(([k, label]) => option(k, label, this.filters.subject)));
  }

  renderList() {
    const { severity, category: cat, subject } = this.filters;
    const all = this.report.findings;
    const shown = all.filter((f) => (!severity || f.severity === severity)
      && (!cat || f.category === cat)
      && (!subject || subjectKey(f.subject) === subject));
    for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('#counts button'))) {
      b.setAttribute('aria-pressed', String(b.dataset.severity === severity));
    }
    $('#filter-clear').hidden = !(severity || cat || subject);
    $('#shown-count').textContent = shown.length === all.length
      ? (all.length ? `Showing all ${plural(all.length, 'finding')}. Open one to see how to fix it.` : '')
      : `Showing ${shown.length} of ${plural(all.length, 'finding')}.`;
    // A large portfolio can have thousands of findings: show them a page at a time.
    const list = $('#finding-list');
    fill(list, shown.slice(0, PAGE).map((f) => this.item(f)));
    this.more(list, shown, PAGE);
  }

  /** After the first `from` findings, a button that shows the next page. */
  more(list, shown, from) {
    if (shown.length <= from) return;
    const left = shown.length - from;
    const button = h('button', { type: 'button', class: 'secondary', id: 'findings-more' },
      `Show ${Math.min(PAGE, left)} more (${left} not shown yet)`);
    const item = h('li', { class: 'more' }, button);
    button.addEventListener('click', () => {
      item.remove();
      const next = shown.slice(from, from + PAGE).map((f) => this.item(f));
      list.append(...next);
      this.more(list, shown, from + PAGE);
      next[0]?.querySelector('summary')?.focus();
    });
    list.append(item);
  }

  renderSuppressed() {
    const list = this.report.suppressed;
    $('#suppressed-block').hidden = list.length === 0;
    fill($('#suppressed-list'), list.map(({ finding, exception }) => this.item(finding, exception)));
  }

  renderWarnings() {
    const warnings = this.report.warnings ?? [];
    const box = $('#warnings');
    box.hidden = warnings.length === 0;
    const { incomplete } = this;
    fill(box, warnings.length ? h('div', { class: 'warning-box' },
      h('p', { class: 'warning-title' }, h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '!'),
        incomplete
          ? 'Part of the portfolio was not read, so some access may be missing from these results:'
          : `Read ${warnings.length === 1 ? 'this warning' : 'these warnings'} before you rely on the results.`),
      h('ul', {}, warnings.map((w) => h('li', {}, richText(w))))) : null);
  }

  /** One finding (open, or accepted with its `exception`). */
  item(f, exception) {
    const who = [subjectLabel(f.subject, this.dir), f.asset ? assetLabel(f.asset) : null].filter(Boolean).join(' → ');
    const sev = exception ? 'accepted' : `sev-${f.severity}`;
    const terms = f.terms ?? [];
    // Each task name is explained once per finding: its first mention takes focus, not every one.
    const seen = new Set();
    const settings = canFocusSettings() ? (f.controls ?? []).map((c) => c.path).filter(Boolean) : [];
    if (exception?.id && canFocusSettings()) settings.push(exception.id);
    const unique = [...new Set(settings)];
    const go = unique.map((path) => {
      const label = unique.length === 1 ? 'Go to this setting' : `Go to: ${settingLabel(path, this.dir)}`;
      const button = h('button', { type: 'button', class: 'secondary small go-setting', dataset: { path } }, label);
      button.addEventListener('click', () => {
        if (focusSetting(path) === false) {
          button.hidden = true;
          const note = h('span', { class: 'small muted', role: 'status' }, 'This setting is not on the page for this export.');
          button.after(note);
        }
      });
      return button;
    });
    const accept = !exception && this.onAccept
      ? h('button', { type: 'button', class: 'secondary small accept', onclick: (e) => this.onAccept(f, e.currentTarget) }, 'Accept this risk')
      : null;
    return h('li', {},
      h('details', { class: `finding sev-${f.severity}`, dataset: { rule: f.rule } },
        h('summary', {},
          h('span', { class: `badge ${sev}` }, exception ? 'Accepted' : SEVERITY_LABEL[f.severity]),
          // No focusable task names inside the summary (itself a control): dates only.
          h('span', { class: 'title' }, words(f.title)),
          h('span', { class: 'who' }, who)),
        h('div', { class: 'body' },
          h('h3', {}, 'What is wrong'),
          h('p', { class: 'message' }, words(f.message, terms, seen)),
          h('h3', {}, 'How to fix it'),
          h('p', { class: 'fix' }, words(f.remediation, terms, seen)),
          exception ? [
            h('h3', {}, 'Why it is accepted'),
            h('p', {}, richText(exception.reason)),
            h('p', { class: 'small' }, `Accepted by ${exception.owner}, until `, dateText(exception.expires), '.'),
          ] : null,
          go.length || accept ? h('div', { class: 'actions finding-actions' }, go, accept) : null,
          h('p', { class: 'meta' }, `${category(f.category)} · ${SEVERITY_LABEL[f.severity]}`,
            h('span', { class: 'rule-id' }, ' · rule id ', h('code', {}, f.rule))))));
  }
}

