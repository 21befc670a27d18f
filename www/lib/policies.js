// The custom-policy editor: the org's own Rego files (tabs), with line numbers, errors that
// point at their line, and the files' `test_*` rules run on demand with pass/fail per test.
import { $, h, fill } from './dom.js';

const EXAMPLE_RULE = `# METADATA
# title: Freelancers must not have full control of the portfolio
# description: People on public webmail addresses are freelancers at Acme; they get partial access only.
# custom:
#   id: acme-no-freelance-admins
#   category: acme
#   severity: high
#   remediation: Settings → People → the person → change "Full control" to "Partial access".
package portfolio_guard.rules.acme.no_freelance_admins

import data.portfolio_guard.lib

findings contains f if {
\tsome m in input.members
\tm.role == "ADMIN"
\tlib.email_domain(m.email) in {d | some d in data.config.public_email_domains}
\tf := {
\t\t"message": sprintf("%s (%s) has full control of the portfolio with a webmail address", [m.name, m.email]),
\t\t"subject": lib.subject_of_member(m),
\t}
}
`;

const EXAMPLE_TEST = `package portfolio_guard.rules.acme.no_freelance_admins_test

import data.portfolio_guard.rules.acme.no_freelance_admins as rule

test_fail_gmail_admin if {
\tcount(rule.findings) == 1 with input as {"members": [
\t\t{"id": "1", "kind": "person", "name": "Eli", "email": "eli@gmail.com", "role": "ADMIN"}]}
}

test_success_employee if {
\tcount(rule.findings) == 0 with input as {"members": [
\t\t{"id": "1", "kind": "person", "name": "Eli", "email": "eli@gmail.com", "role": "EMPLOYEE"}]}
}
`;

const BLANK = (n) => `# METADATA
# title: A short title for the problem this rule finds
# description: Why it matters.
# custom:
#   id: my-rule-${n}
#   category: custom
#   severity: medium
#   remediation: What to click in Business Settings to fix it.
package portfolio_guard.rules.custom.my_rule_${n}

import data.portfolio_guard.lib

findings contains f if {
\tsome m in input.members
\tfalse # your condition here
\tf := {"message": sprintf("%s …", [m.name]), "subject": lib.subject_of_member(m)}
}
`;

export class PolicyEditor {
  /** `onChange()` after an edit; `onRunTests()` when the user asks to run the tests. */
  constructor({ onChange, onRunTests }) {
    this.onChange = onChange;
    this.files = [];
    this.current = -1;
    this.errorLines = new Map();
    /** @type {HTMLTextAreaElement} */
    this.text = $('#policy-text');
    /** @type {HTMLInputElement} */
    this.name = $('#policy-name');
    this.gutter = $('#policy-gutter');
    this.text.addEventListener('input', () => {
      if (this.current < 0) return;
      this.files[this.current].text = this.text.value;
      this.renderGutter();
      this.onChange();
    });
    this.text.addEventListener('scroll', () => { this.gutter.scrollTop = this.text.scrollTop; });
    this.text.addEventListener('keydown', (e) => {
      // Tab inserts a tab (Rego style); Escape then Tab leaves the editor, as usual for code editors.
      if (e.key === 'Tab' && !e.shiftKey && !this.escaped) {
        e.preventDefault();
        this.text.setRangeText('\t', this.text.selectionStart, this.text.selectionEnd, 'end');
        this.text.dispatchEvent(new Event('input'));
      }
      this.escaped = e.key === 'Escape';
    });
    this.name.addEventListener('change', () => {
      if (this.current < 0) return;
      const v = this.name.value.trim() || `custom/rule_${this.current + 1}.rego`;
      this.files[this.current].path = v.endsWith('.rego') ? v : `${v}.rego`;
      this.name.value = this.files[this.current].path;
      this.renderTabs();
      this.onChange();
    });
    $('#policy-add').addEventListener('click', () => {
      let n = this.files.length + 1;
      while (this.files.some((f) => f.path === `custom/my_rule_${n}.rego`)) n += 1;
      this.note(null);
      this.add({ path: `custom/my_rule_${n}.rego`, text: BLANK(n) });
    });
    $('#policy-example').addEventListener('click', () => this.addExample());
    // Removing a file asks first, in place (never a dialog).
    $('#policy-remove').addEventListener('click', () => this.askRemove());
    $('#policy-remove-confirm').addEventListener('click', () => {
      const i = this.files.findIndex((f) => f.path === this.removing);
      this.closeAsk();
      if (i < 0) return;
      const path = this.files[i].path;
      this.files.splice(i, 1);
      this.select(Math.min(i, this.files.length - 1));
      this.note(`Removed ${path}.`);
      this.onChange();
      ($(`#policy-tab-${this.current}`) ?? $('#policy-add')).focus();
    });
    $('#policy-remove-cancel').addEventListener('click', () => {
      this.closeAsk();
      $('#policy-remove').focus();
    });
    $('#run-tests').addEventListener('click', () => onRunTests());
  }

  /**
   * Adds the example rule and its test. A file of the same name that is already there and was
   * edited is kept: the example then comes in under new names (`…_2.rego`, its own package).
   */
  addExample() {
    const base = { rule: 'acme/no_freelance_admins.rego', test: 'acme/no_freelance_admins_test.rego' };
    const same = (path, text) => this.files.find((f) => f.path === path)?.text === text;
    const taken = (path) => this.files.some((f) => f.path === path);
    if (same(base.rule, EXAMPLE_RULE) && (same(base.test, EXAMPLE_TEST) || !taken(base.test))) {
      if (!taken(base.test)) this.add({ path: base.test, text: EXAMPLE_TEST }, false);
      this.select(this.files.findIndex((f) => f.path === base.rule));
      this.note(`The example is already here: ${base.rule}.`);
      return;
    }
    let n = 1;
    const name = (k, suffix) => (k === 1 ? `acme/no_freelance_admins${suffix}.rego` : `acme/no_freelance_admins_${k}${suffix}.rego`);
    while (taken(name(n, '')) || taken(name(n, '_test'))) n += 1;
    const rename = (text) => (n === 1 ? text : text
      .replaceAll('no_freelance_admins', `no_freelance_admins_${n}`)
      .replaceAll('acme-no-freelance-admins', `acme-no-freelance-admins-${n}`));
    this.add({ path: name(n, '_test'), text: rename(EXAMPLE_TEST) }, false);
    this.add({ path: name(n, ''), text: rename(EXAMPLE_RULE) });
    this.note(n === 1 ? null : `Your edited ${base.rule} is kept: the example was added as ${name(n, '')} (and its test).`);
  }

  askRemove() {
    const f = this.files[this.current];
    if (!f) return;
    this.removing = f.path;
    $('#policy-remove-text').textContent = `Remove ${f.path}? Its text is not kept anywhere else.`;
    $('#policy-remove-ask').hidden = false;
    $('#policy-remove-cancel').focus();
  }

  closeAsk() {
    this.removing = null;
    $('#policy-remove-ask').hidden = true;
  }

  /** A short note under the buttons (what the last action did); `null` clears it. */
  note(text) {
    const box = $('#policy-note');
    box.textContent = text ?? '';
  }

  setFiles(files) {
    this.files = Array.isArray(files)
      ? files.filter((f) => f && typeof f.path === 'string' && typeof f.text === 'string').map((f) => ({ path: f.path, text: f.text }))
      : [];
    this.select(this.files.length ? 0 : -1);
  }

  add(file, announce = true) {
    const existing = this.files.findIndex((f) => f.path === file.path);
    if (existing >= 0) this.files[existing] = file;
    else this.files.push(file);
    this.select(existing >= 0 ? existing : this.files.length - 1);
    if (announce) this.onChange();
  }

  /** The files for a check (rules only) or for the test run (all). */
  rules() {
    return this.files.filter((f) => !f.path.endsWith('_test.rego') && f.text.trim() !== '');
  }

  all() {
    return this.files.filter((f) => f.text.trim() !== '');
  }

  hasTests() {
    return this.files.some((f) => f.path.endsWith('_test.rego'));
  }

  select(i) {
    if (this.removing) this.closeAsk();
    this.current = i;
    const f = this.files[i];
    $('#policy-editor').hidden = !f;
    /** @type {HTMLButtonElement} */ ($('#policy-remove')).disabled = !f;
    /** @type {HTMLButtonElement} */ ($('#run-tests')).disabled = !this.hasTests();
    if (f) {
      this.text.value = f.text;
      this.name.value = f.path;
    }
    this.renderTabs();
    this.renderGutter();
  }

  renderTabs() {
    const tabs = $('#policy-tabs');
    if (this.files.length === 0) {
      // Not a tab list while there is no tab (a tablist must hold tabs).
      tabs.removeAttribute('role');
      tabs.removeAttribute('aria-label');
      fill(tabs, h('p', { class: 'none' }, 'No rules of your own yet. Add a file, or start from the example.'));
      return;
    }
    tabs.setAttribute('role', 'tablist');
    tabs.setAttribute('aria-label', 'Your rule files');
    fill(tabs, this.files.map((f, i) => h('button', {
      type: 'button',
      role: 'tab',
      id: `policy-tab-${i}`,
      'aria-selected': String(i === this.current),
      'aria-controls': 'policy-editor',
      tabindex: i === this.current ? '0' : '-1',
      onclick: () => this.select(i),
      onkeydown: (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        e.preventDefault();
        const next = (i + step + this.files.length) % this.files.length;
        this.select(next);
        $(`#policy-tab-${next}`)?.focus();
      },
    }, f.path)));
    /** @type {HTMLButtonElement} */ ($('#run-tests')).disabled = !this.hasTests();
  }

  renderGutter() {
    const f = this.files[this.current];
    const lines = f ? f.text.split('\n').length : 0;
    const bad = (f && this.errorLines.get(f.path)) || new Set();
    const nums = [];
    for (let n = 1; n <= lines; n += 1) {
      nums.push(bad.has(n) ? h('span', { class: 'err', title: 'error on this line' }, String(n)) : String(n), '\n');
    }
    fill(this.gutter, nums);
    this.gutter.scrollTop = this.text.scrollTop;
  }

  /** Shows failures (`policy`/`evaluation`) or a note; `null` clears. */
  showErrors(title, errors, note) {
    const box = $('#policy-error');
    this.errorLines = new Map();
    if (!title) {
      box.hidden = true;
      box.replaceChildren();
      this.renderGutter();
      return;
    }
    for (const e of errors ?? []) {
      if (e.file && e.line) {
        if (!this.errorLines.has(e.file)) this.errorLines.set(e.file, new Set());
        this.errorLines.get(e.file).add(e.line);
      }
    }
    fill(box,
      h('p', { class: 'where' }, title),
      h('ul', {}, (errors ?? []).map((e) => {
        const place = [e.file, e.line ? `line ${e.line}` : null, e.column ? `column ${e.column}` : null].filter(Boolean).join(', ');
        const idx = this.files.findIndex((f) => f.path === e.file);
        return h('li', {},
          place ? h('strong', {}, `${place}: `) : null,
          e.message,
          idx >= 0 && e.line ? [' ', h('button', {
            type: 'button', class: 'secondary small', onclick: () => this.goTo(idx, e.line),
          }, `Go to line ${e.line}`)] : null);
      })),
      note ? h('p', { class: 'small' }, note) : null);
    box.hidden = false;
    this.renderGutter();
  }

  goTo(index, line) {
    this.select(index);
    const lines = this.text.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    const end = start + (lines[line - 1]?.length ?? 0);
    this.text.focus();
    this.text.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(this.text).lineHeight) || 18;
    this.text.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  showTests(answer) {
    const box = $('#test-results');
    if (!answer) return box.replaceChildren();
    const t = answer.tests;
    fill(box,
      h('p', { class: `test-summary ${t.failed ? 'fail' : 'pass'}` },
        `${t.passed} passed, ${t.failed} failed`),
      h('div', { class: 'table-scroll' }, h('table', { class: 'test-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Test'), h('th', { scope: 'col' }, 'Where'))),
        h('tbody', {}, t.tests.map((r) => h('tr', {},
          h('td', { class: r.passed ? 'pass' : 'fail' }, r.passed ? '✓ pass' : '✗ fail'),
          h('td', {}, h('code', {}, r.name), r.error ? h('div', { class: 'small muted' }, r.error) : null),
          h('td', {}, `${r.file}:${r.line}`)))))));
  }
}
