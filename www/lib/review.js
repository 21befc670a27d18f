// "Compare with the last review": save a review (the export, the config and the report in one
// file, `portfolio-guard-review/v1`, which `portfolio-guard diff` also reads) and load an
// earlier one next to the current check. The engine compares (the package's `compare`: the
// earlier export with its own config, the current one with the current config); this module
// reads the file, asks, and shows what changed: findings new, resolved and still open, access
// added, removed and changed, partners and people added and removed.
import { $, h, fill, download } from './dom.js';
import { assetLabel, formatDate, plural, subjectLabel, SEVERITY_LABEL } from './labels.js';

export const REVIEW_FORMAT = 'portfolio-guard-review/v1';

/**
 * @typedef {object} ReviewOptions
 * @property {(arg: any) => Promise<any>} compare the engine's answer to `compare`, or `null` when it was stopped
 * @property {() => {text: string, config: any, policies: any[], report: any, fileStem: string} | null} current
 *   the check on the page (the export's text, the config, the custom rules, the report), `null` before a good check
 * @property {(text: string) => void} status says something on the page's status line
 */

export class ReviewCompare {
  /** @param {ReviewOptions} options */
  constructor(options) {
    this.options = options;
    /** The review loaded: its file name, the text of its export, its config and when it was saved. */
    this.review = null;
    /** Task names per asset type (the glossary), to say "Analyze" rather than `ANALYZE`. */
    this.glossary = null;
    this.seq = 0;
    $('#review-save').addEventListener('click', () => this.save());
    $('#review-file').addEventListener('change', async (e) => {
      const el = /** @type {HTMLInputElement} */ (e.target);
      const file = el.files?.[0];
      el.value = '';
      if (file) await this.load(file.name, await file.text());
    });
    $('#review-close').addEventListener('click', () => this.close());
  }

  /** @param {any} tasks the glossary's tasks per asset type */
  setGlossary(tasks) {
    this.glossary = tasks;
  }

  /** The review of the check on the page, as a file. */
  save() {
    const current = this.options.current();
    if (!current) {
      this.options.status('Nothing to save yet: check an export first.');
      return;
    }
    let snapshot = current.text;
    try {
      snapshot = JSON.parse(current.text);
    } catch {
      // a filled spreadsheet template (CSV) is kept as its text
    }
    const review = {
      format: REVIEW_FORMAT,
      saved_at: new Date().toISOString(),
      snapshot,
      config: current.config ?? {},
      report: current.report,
    };
    const name = `${current.fileStem}-review.json`;
    download(name, `${JSON.stringify(review, null, 2)}\n`, 'application/json');
    this.options.status(`Saved the review as ${name}. Load it here next time to see what changed.`);
  }

  /**
   * Reads a saved review; a file that is not one is explained and nothing else changes.
   * @param {string} name
   * @param {string} text
   */
  async load(name, text) {
    let review;
    try {
      review = JSON.parse(text);
    } catch (e) {
      this.showError(`${name} is not a saved review: it is not JSON (${e?.message ?? e}).`);
      return;
    }
    if (review?.format !== REVIEW_FORMAT || review.snapshot === undefined) {
      this.showError(`${name} is not a saved review. Use “Save this review” after a check to make one; it holds the export, your config and the report.`);
      return;
    }
    this.showError(null);
    this.review = { name, text, savedAt: review.saved_at ?? null, config: review.config ?? null };
    $('#review-close').hidden = false;
    await this.refresh();
  }

  /** Stops comparing. */
  close() {
    this.review = null;
    this.seq++;
    this.showError(null);
    $('#review-view').hidden = true;
    fill($('#review-view'));
    $('#review-close').hidden = true;
    $('#review-save').focus();
  }

  /** Compares again (after a check of another export or config), when a review is loaded. */
  async refresh() {
    const current = this.options.current();
    if (!this.review || !current) return;
    const seq = ++this.seq;
    const answer = await this.options.compare({
      before: this.review.text,
      after: current.text,
      config: current.config ?? null,
      ...(this.review.config ? { before_config: this.review.config } : {}),
      policies: current.policies,
      plain: true,
    });
    if (seq !== this.seq || !answer) return;
    if (answer.type === 'failure') {
      const first = answer.errors?.[0];
      const where = first?.file ? ` (${first.file}${first.path ? `, ${first.path}` : ''})` : '';
      this.showError(`The comparison with ${this.review.name} failed: ${first?.message ?? 'unknown error'}${where}.`);
      $('#review-view').hidden = true;
      return;
    }
    this.showError(null);
    this.render(answer.comparison);
  }

  /** @param {string | null} message */
  showError(message) {
    const box = $('#review-error');
    box.textContent = message ?? '';
    box.hidden = !message;
  }

  /** Task codes (normalized by the engine) by their glossary names for the asset's type. */
  tasks(list, asset) {
    const names = this.glossary?.[asset?.type] ?? {};
    return list.map((code) => names[code]?.name ?? code).join(', ');
  }

  render(c) {
    const view = $('#review-view');
    const s = c.summary;
    const same = c.before.business.id === c.after.business.id;
    const when = this.review.savedAt ? formatDate(this.review.savedAt) : formatDate(c.before.captured_at);
    const headline = h('p', { class: 'review-headline', id: 'review-headline', tabindex: '-1' },
      `Since the review of ${when} (export captured ${formatDate(c.before.captured_at)}): `
      + `${plural(s.findings_new, 'new finding')}, ${s.findings_resolved} resolved, ${s.findings_still_open} still open; `
      + `access ${s.access_added} added, ${s.access_removed} removed, ${s.access_changed} changed.`);
    const parts = [headline];
    if (!same) {
      parts.push(h('p', { class: 'warning-box' },
        `The saved review is of ${c.before.business.name} (${c.before.business.id}), not of ${c.after.business.name}: `
        + 'everything in it shows as changed.'));
    }
    parts.push(this.findingList('New findings', 'review-new', c.findings.new, true));
    parts.push(this.findingList('Resolved since', 'review-resolved', c.findings.resolved, true));
    parts.push(this.accessTable(c.access));
    parts.push(this.subjects('Partners', c.partners));
    parts.push(this.subjects('People and system users', c.members));
    parts.push(this.findingList('Still open', 'review-open', c.findings.still_open, false));
    fill(view, parts.filter(Boolean));
    view.hidden = false;
  }

  /** A list of findings under a heading; `open`: shown unfolded (else in a <details>). */
  findingList(title, id, findings, open) {
    const items = findings.map((f) => h('li', { class: `review-finding sev-${f.severity}` },
      h('span', { class: `badge sev-${f.severity}` }, SEVERITY_LABEL[f.severity] ?? f.severity),
      ' ',
      h('strong', {}, f.title),
      h('span', { class: 'muted' }, ` — ${subjectLabel(f.subject, null)}${f.asset ? `, ${assetLabel(f.asset)}` : ''}`)));
    const heading = `${title} (${findings.length})`;
    if (findings.length === 0) return h('p', { class: 'small muted', id }, `${title}: none.`);
    const list = h('ul', { class: 'review-list', 'aria-labelledby': `${id}-h` }, items);
    if (open) return h('div', { id }, h('h4', { id: `${id}-h` }, heading), list);
    return h('details', { id }, h('summary', { id: `${id}-h` }, heading), list);
  }

  /** Access added, removed and changed: who, which asset, the tasks before and after. */
  accessTable(access) {
    const rows = [
      ...access.added.map((a) => ['Added', a]),
      ...access.removed.map((a) => ['Removed', a]),
      ...access.changed.map((a) => ['Changed', a]),
    ];
    if (rows.length === 0) return h('p', { class: 'small muted', id: 'review-access' }, 'Access: no change.');
    const status = (s) => (s === 'pending' ? ' (pending request)' : '');
    return h('div', { id: 'review-access' },
      h('h4', { id: 'review-access-h' }, `Access (${rows.length})`),
      h('div', { class: 'table-scroll' }, h('table', { class: 'review-table', 'aria-labelledby': 'review-access-h' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'Asset'),
          h('th', { scope: 'col' }, 'Before'), h('th', { scope: 'col' }, 'Now'))),
        h('tbody', {}, rows.map(([kind, a]) => h('tr', { class: `change-${kind.toLowerCase()}` },
          h('td', {}, kind === 'Changed' ? this.delta(a) : kind),
          h('td', {}, subjectLabel(a.grantee, null)),
          h('td', {}, assetLabel(a.asset)),
          h('td', {}, a.tasks_before.length ? this.tasks(a.tasks_before, a.asset) + status(a.status_before) : '—'),
          h('td', {}, a.tasks_after.length ? this.tasks(a.tasks_after, a.asset) + status(a.status_after) : '—')))))));
  }

  /** What a changed grant gained and lost: "Added Manage campaigns; removed Full control". */
  delta(a) {
    const parts = [];
    if (a.tasks_added.length) parts.push(`Added ${this.tasks(a.tasks_added, a.asset)}`);
    if (a.tasks_removed.length) parts.push(`${parts.length ? 'removed' : 'Removed'} ${this.tasks(a.tasks_removed, a.asset)}`);
    if (a.status_before !== a.status_after) parts.push(a.status_after === 'pending' ? 'now a pending request' : 'request confirmed');
    return parts.join('; ') || 'Changed';
  }

  /** Partners or people added and removed, one line each. */
  subjects(title, changes) {
    const lines = [
      ...changes.added.map((x) => `Added: ${x.name ?? x.id}`),
      ...changes.removed.map((x) => `Removed: ${x.name ?? x.id}`),
    ];
    if (lines.length === 0) return h('p', { class: 'small muted' }, `${title}: no change.`);
    return h('div', {}, h('h4', {}, `${title} (${lines.length})`), h('ul', { class: 'review-list' }, lines.map((l) => h('li', {}, l))));
  }
}
