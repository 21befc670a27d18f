// The findings: counts by severity, filters (severity, category, who), each finding expanding
// to its message and its fix; accepted risks (suppressed by an exception) shown apart.
import { $, h, fill, richText } from './dom.js';
import {
  SEVERITIES, SEVERITY_LABEL, assetLabel, category, plural, subjectLabel, formatDate,
} from './labels.js';

const subjectKey = (s) => `${s.kind}:${s.id}`;
const PAGE = 200;

export class FindingsView {
  constructor() {
    this.report = null;
    this.filters = { severity: '', category: '', subject: '' };
    for (const [id, key] of [['#filter-severity', 'severity'], ['#filter-category', 'category'], ['#filter-subject', 'subject']]) {
      $(id).addEventListener('change', (e) => {
        this.filters[key] = e.target.value;
        this.renderList();
      });
    }
    $('#filter-clear').addEventListener('click', () => {
      this.filters = { severity: '', category: '', subject: '' };
      this.renderFilters();
      this.renderList();
    });
  }

  render(report) {
    this.report = report;
    $('#findings-empty').hidden = true;
    $('#findings-body').hidden = false;
    const open = report.findings;
    const s = report.summary;
    const urgent = s.critical + s.high;
    const headline = $('#headline');
    if (open.length === 0) {
      headline.textContent = `No problems found in ${report.business.name}: every grant matches its role (${s.rules_evaluated} checks).`;
      headline.className = 'headline good';
    } else {
      headline.textContent = urgent > 0
        ? `${plural(open.length, 'problem')} in ${report.business.name}; ${urgent} need${urgent === 1 ? 's' : ''} attention first.`
        : `${plural(open.length, 'problem')} in ${report.business.name}, none of them urgent.`;
      headline.className = 'headline';
    }
    // Keep filters that still make sense for the new report.
    const subjects = new Set(open.map((f) => subjectKey(f.subject)));
    const categories = new Set(open.map((f) => f.category));
    if (this.filters.subject && !subjects.has(this.filters.subject)) this.filters.subject = '';
    if (this.filters.category && !categories.has(this.filters.category)) this.filters.category = '';
    this.renderCounts();
    this.renderFilters();
    this.renderList();
    this.renderSuppressed();
    this.renderWarnings();
  }

  renderCounts() {
    const s = this.report.summary;
    fill($('#counts'),
      SEVERITIES.map((sev) => h('button', {
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
      }, h('span', { class: 'n' }, String(s[sev])), h('span', { class: 'l' }, SEVERITY_LABEL[sev]))),
      h('a', { class: 'count', href: '#suppressed-h', dataset: { severity: 'suppressed' } },
        h('span', { class: 'n' }, String(s.suppressed)), h('span', { class: 'l' }, 'Accepted')));
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
    for (const f of open) subjects.set(subjectKey(f.subject), subjectLabel(f.subject));
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
    for (const b of document.querySelectorAll('#counts button')) {
      b.setAttribute('aria-pressed', String(b.dataset.severity === severity));
    }
    $('#shown-count').textContent = shown.length === all.length
      ? (all.length ? `Showing all ${plural(all.length, 'finding')}. Open one to see how to fix it.` : '')
      : `Showing ${shown.length} of ${plural(all.length, 'finding')}.`;
    // A large portfolio can have thousands of findings: show them a page at a time.
    const list = $('#finding-list');
    fill(list, shown.slice(0, PAGE).map((f) => findingItem(f)));
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
      const next = shown.slice(from, from + PAGE).map((f) => findingItem(f));
      list.append(...next);
      this.more(list, shown, from + PAGE);
      next[0]?.querySelector('summary')?.focus();
    });
    list.append(item);
  }

  renderSuppressed() {
    const list = this.report.suppressed;
    $('#suppressed-block').hidden = list.length === 0;
    fill($('#suppressed-list'), list.map(({ finding, exception }) => findingItem(finding, exception)));
  }

  renderWarnings() {
    const warnings = this.report.warnings ?? [];
    const box = $('#warnings');
    box.hidden = warnings.length === 0;
    fill(box, warnings.length ? h('div', { class: 'warning-box' },
      h('p', {}, h('strong', {}, 'About the export:')),
      h('ul', {}, warnings.map((w) => h('li', {}, richText(w))))) : null);
  }
}

function findingItem(f, exception) {
  const who = [subjectLabel(f.subject), f.asset ? assetLabel(f.asset) : null].filter(Boolean).join(' → ');
  const sev = exception ? 'accepted' : `sev-${f.severity}`;
  return h('li', {},
    h('details', { class: `finding sev-${f.severity}`, dataset: { rule: f.rule } },
      h('summary', {},
        h('span', { class: `badge ${sev}` }, exception ? 'Accepted' : SEVERITY_LABEL[f.severity]),
        h('span', { class: 'title' }, f.title),
        h('span', { class: 'who' }, who)),
      h('div', { class: 'body' },
        h('h4', {}, 'What is wrong'),
        h('p', { class: 'message' }, richText(f.message)),
        h('h4', {}, 'How to fix it'),
        h('p', { class: 'fix' }, richText(f.remediation)),
        exception ? [
          h('h4', {}, 'Why it is accepted'),
          h('p', {}, richText(exception.reason)),
          h('p', { class: 'small' }, `Accepted by ${exception.owner}, until ${formatDate(exception.expires)} (${exception.id} in the config).`),
        ] : null,
        h('p', { class: 'meta' }, `${category(f.category)} · ${SEVERITY_LABEL[f.severity]} · rule `, h('code', {}, f.rule)))));
}
