// <portfolio-guard-report>: a report's summary and findings, or what a proposed access request
// would add (a what-if answer), with the web page's wording, in a shadow root. No framework.
//
//   import 'portfolio-guard/report';                 // defines the element
//   el.report = answer.report;                       // a check's report (or the whole answer)
//   el.whatIf = pg.whatIf({...});                    // a what-if answer (or its `what_if`)
//   el.snapshot = s; el.config = c;                  // or: checked in the element's own Worker
//   el.proposed = [{grantee, asset, tasks}];         //   …and with `proposed`, a what-if there
//
// Names and messages from the data are set as text, never parsed as HTML. Colours, font and
// radius come from CSS custom properties (--pg-…, see the package's README). The element sets
// its `state` attribute (empty, checking, ready, failed) and fires `portfolio-guard-rendered`
// (detail: {kind, findings}) after each render and `portfolio-guard-failed` (detail: the
// failure) when a check it ran fails.
import { h, fill, richText } from './dom.js';
import {
  SEVERITIES, SEVERITY_LABEL, assetLabel, category, directory, humanize, plural, subjectLabel,
} from './labels.js';
import { words, dateText } from './words.js';
import { CSS } from './styles.js';

export const TAG = 'portfolio-guard-report';
/** Findings shown at once; a button shows the next ones. */
const PAGE = 200;
/** How long a check in the element's worker may run (ms; the `timeout` attribute overrides it). */
const DEFAULT_TIMEOUT = 60_000;

const TITLES = {
  snapshot: 'This export cannot be read',
  usage: 'This request cannot be checked',
  config: 'The config has a problem',
  policy: 'One of your rules has a problem',
  evaluation: 'One of your rules failed while running',
  internal: 'Something went wrong inside the checker',
};

let sheet = null;
/** One constructed stylesheet shared by every element (null where the browser has none). */
function styles() {
  if (sheet === null && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    } catch {
      sheet = false;
    }
  }
  return sheet || null;
}

/** A check's answer or report → the report; a what-if answer or `what_if` → the WhatIf. */
const reportOf = (v) => (v && typeof v === 'object' && 'report' in v && v.report ? v.report : v);
const whatIfOf = (v) => (v && typeof v === 'object' && 'what_if' in v && v.what_if ? v.what_if : v);

// Importing the module where there is no DOM (a server rendering the portal) defines nothing.
const Base = /** @type {typeof HTMLElement} */ (globalThis.HTMLElement ?? class {});

export class PortfolioGuardReport extends Base {
  static get observedAttributes() { return ['heading-level']; }

  #root;
  /** @type {HTMLElement} */
  #status;
  /** @type {HTMLElement} */
  #body;
  /** What to show: 'report' | 'whatIf' (given), 'check' (run in the worker), or null. */
  #source = null;
  #report = null;
  #matrix = null;
  /** The check's word that part of the portfolio was not read (its `capture_incomplete`). */
  #incomplete = false;
  #whatIf = null;
  #check = { snapshot: undefined, config: undefined, policies: undefined, now: undefined, proposed: undefined };
  #glossary = null;
  #answer = null;
  #failure = null;
  #givenFailure = null;
  #scheduled = false;
  #generation = 0;
  /** @type {Worker | null} */
  #worker = null;
  #calls = new Map();
  #nextId = 1;
  #settled = Promise.resolve();
  #settle = () => {};
  /** What was rendered last ('report', 'whatIf', …), to render again. */
  #shown = null;
  /** A check stopped by the element's removal, to run again when it is back. */
  #interrupted = false;
  /** @type {((finding: any, context: {accepted: boolean}) => any) | null} */
  #actions = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const css = styles();
    if (css) this.#root.adoptedStyleSheets = [css];
    else this.#root.append(h('style', {}, CSS));
    // One live region for the element's life (a new one is not announced): "Checking…", then
    // the headline of what is shown.
    this.#status = h('p', { class: 'status visually-hidden', role: 'status' });
    this.#body = h('div', { class: 'pg', part: 'container', 'aria-busy': 'false' },
      h('p', { class: 'empty', part: 'empty' }, 'No report yet.'));
    this.#root.append(this.#status, this.#body);
  }

  // ------------------------------------------------------------------------------------------
  // Inputs. The last kind set wins: a report, a what-if answer, or something to check.

  /** A check's report (`answer.report`), or the whole answer (its `matrix` names people too). */
  get report() { return this.#report; }
  set report(value) {
    if (value?.type === 'failure') {
      this.#given(value);
      return;
    }
    this.#report = reportOf(value) ?? null;
    // A whole answer brings its matrix (or none); a bare report keeps the one set apart.
    if (value && typeof value === 'object' && 'report' in value) this.#matrix = value.matrix ?? null;
    this.#incomplete = Boolean(value?.capture_incomplete);
    this.#given(null, this.#report ? 'report' : null);
  }

  /** The check's matrix (optional): tells system users apart and names people outside the portfolio. */
  get matrix() { return this.#matrix; }
  set matrix(value) { this.#matrix = value ?? null; this.#rerender(); }

  /** A what-if answer (`pg.whatIf(…)`), or its `what_if`. */
  get whatIf() { return this.#whatIf; }
  set whatIf(value) {
    if (value?.type === 'failure') {
      this.#given(value);
      return;
    }
    this.#whatIf = whatIfOf(value) ?? null;
    this.#given(null, this.#whatIf ? 'whatIf' : null);
  }

  /** The glossary (`pg.glossary().glossary`), for task names a what-if's findings do not explain. */
  get glossary() { return this.#glossary; }
  set glossary(value) { this.#glossary = value?.glossary ?? value ?? null; this.#rerender(); }

  /** An export (snapshot, Graph bundle or filled template; object or text), checked in the element's worker. */
  get snapshot() { return this.#check.snapshot; }
  set snapshot(value) { this.#setCheck('snapshot', value); }

  /** The org config (object or text) for the check in the worker. */
  get config() { return this.#check.config; }
  set config(value) { this.#setCheck('config', value); }

  /** Custom rules, `[{path, text}]`, for the check in the worker. */
  get policies() { return this.#check.policies; }
  set policies(value) { this.#setCheck('policies', value); }

  /** "Now" (RFC 3339) for the check in the worker; the export's capture time by default. */
  get now() { return this.#check.now; }
  set now(value) { this.#setCheck('now', value); }

  /** Proposed grants, `[{grantee, asset, tasks}]`: the worker runs a what-if instead of a check. */
  get proposed() { return this.#check.proposed; }
  set proposed(value) { this.#setCheck('proposed', value); }

  /**
   * `(finding, {accepted}) => Node[]`: controls the host page adds to each finding (e.g. "Accept
   * this risk"), under its fix. The element renders again when it is set.
   */
  get findingActions() { return this.#actions; }
  set findingActions(value) {
    this.#actions = typeof value === 'function' ? value : null;
    this.#rerender();
  }

  /** The answer of the last check or what-if the element ran in its worker (null before one). */
  get answer() { return this.#answer; }

  /** Resolves once what was set last is on screen (after the worker's answer, when it runs one). */
  get updateComplete() { return this.#settled; }

  /** A new heading level: the same results, rendered again (not checked again). */
  attributeChangedCallback() { this.#rerender(); }

  /** Renders what is shown again (a presentation setting changed), without checking again. */
  #rerender() {
    if (this.#source !== 'check') this.#schedule();
    else if (this.getAttribute('state') !== 'checking' && this.#shown !== null) this.#render(this.#shown);
  }

  connectedCallback() {
    // Attributes only once connected (a constructor may not set them).
    if (!this.hasAttribute('state')) this.#setState('empty');
    if (this.#interrupted) {
      this.#interrupted = false;
      this.#schedule();
    }
  }

  disconnectedCallback() {
    // A removed element keeps no worker. A check it was running starts again if it comes back.
    if (this.#calls.size > 0) this.#interrupted = true;
    this.#stopWorker(null);
  }

  /** A report or what-if given (`source`), or a failure answer given in its place. */
  #given(failed, source = 'failure') {
    this.#givenFailure = failed;
    this.#source = source;
    this.#schedule();
  }

  #setCheck(key, value) {
    this.#check[key] = value ?? undefined;
    this.#source = 'check';
    this.#schedule();
  }

  /** Renders once after the current task's property changes (several sets, one check). */
  #schedule() {
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#settled = new Promise((resolve) => { this.#settle = resolve; });
      queueMicrotask(() => {
        this.#scheduled = false;
        const done = this.#settle;
        this.#update(done).catch((e) => {
          // A bug, or data no report has: said in the element rather than lost.
          this.#failure = failure('internal', `the report cannot be shown: ${e?.message ?? e}`);
          this.#render();
          done();
        });
      });
    }
  }

  async #update(done) {
    const generation = ++this.#generation;
    if (this.#source !== 'check') {
      this.#failure = this.#source === 'failure' ? this.#givenFailure : null;
      this.#render();
      done();
      return;
    }
    const { snapshot, config, policies, now, proposed } = this.#check;
    const whatIf = proposed !== undefined;
    // A what-if on the proposal alone needs a "now" (the engine has no clock in WebAssembly).
    const arg = whatIf
      ? { snapshot, config, policies, now: now ?? (snapshot === undefined ? new Date().toISOString() : undefined), proposed, plain: true }
      : { snapshot, config, policies, now, plain: true, matrix: true };
    for (const k of Object.keys(arg)) if (arg[k] === undefined) delete arg[k];
    this.#setState('checking');
    this.#busy();
    const answer = await this.#call(whatIf ? 'whatIf' : 'check', arg);
    // A newer input took over (its render settles this one too), or the element was removed.
    if (generation !== this.#generation || answer === null) {
      this.#settled.then(done);
      return;
    }
    this.#answer = answer;
    if (answer?.type === 'success') {
      this.#failure = null;
      if (whatIf) {
        this.#whatIf = answer.what_if;
        this.#report = null;
      } else {
        this.#report = answer.report;
        this.#matrix = answer.matrix ?? null;
        this.#incomplete = Boolean(answer.capture_incomplete);
        this.#whatIf = null;
      }
    } else {
      this.#failure = answer;
    }
    if (whatIf && !this.#failure && !this.#glossary && this.#missingNames(answer.what_if)) {
      const g = await this.#call('glossary', null);
      if (generation !== this.#generation || g === null) {
        this.#settled.then(done);
        return;
      }
      if (g?.type === 'success') this.#glossary = g.glossary;
    }
    this.#render(whatIf ? 'whatIf' : 'report');
    if (this.#failure) {
      this.dispatchEvent(new CustomEvent('portfolio-guard-failed', { detail: this.#failure, bubbles: true, composed: true }));
    }
    done();
  }

  // ------------------------------------------------------------------------------------------
  // The worker: started on the first check, stopped (and started afresh) after a timeout.

  get #timeout() {
    const t = Number(this.getAttribute('timeout'));
    return Number.isFinite(t) && t > 0 ? t : DEFAULT_TIMEOUT;
  }

  #call(op, arg) {
    if (!this.#worker) {
      try {
        this.#worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'portfolio-guard' });
      } catch (e) {
        return Promise.resolve(failure('internal', `the checker could not start: ${e?.message ?? e}`));
      }
      this.#worker.onmessage = (event) => {
        const { id, answer } = event.data ?? {};
        this.#calls.get(id)?.(answer);
      };
      this.#worker.onerror = (event) => {
        event.preventDefault?.();
        this.#stopWorker(`the checker stopped: ${event.message ?? 'it could not be loaded'}`);
      };
    }
    const id = this.#nextId++;
    const ms = this.#timeout;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#stopWorker(`the check was stopped after ${Math.round(ms / 1000)} seconds (a custom rule that never finishes?)`);
      }, ms);
      this.#calls.set(id, (answer) => {
        clearTimeout(timer);
        this.#calls.delete(id);
        resolve(answer);
      });
      try {
        this.#worker.postMessage({ id, op, arg });
      } catch (e) {
        // Something structured clone cannot copy (a function, a DOM node…).
        this.#calls.get(id)?.(failure('usage', `the input cannot be sent to the checker: ${e?.message ?? e}`));
      }
    });
  }

  /**
   * Terminates the worker; every call waiting on it gets an internal failure saying `why`
   * (null when the element was removed: no answer).
   */
  #stopWorker(why) {
    this.#worker?.terminate();
    this.#worker = null;
    for (const answer of [...this.#calls.values()]) answer(why === null ? null : failure('internal', why));
    this.#calls.clear();
  }

  // ------------------------------------------------------------------------------------------
  // Rendering.

  get #level() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 1 && n <= 6 ? n : 3;
  }

  #heading(text, attrs = {}) {
    return h(`h${this.#level}`, attrs, text);
  }

  #setState(state) {
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
  }

  /** While the worker checks: "Checking…" shown (and announced) above the last results. */
  #busy() {
    this.#status.textContent = 'Checking…';
    this.#status.classList.remove('visually-hidden');
    this.#body.setAttribute('aria-busy', 'true');
  }

  #render(kind = this.#source) {
    const dir = directory(this.#matrix);
    /** @type {{nodes: any, headline: string, count: number}} */
    let view;
    let state = 'ready';
    if (this.#failure) {
      view = this.#failureView(this.#failure);
      state = 'failed';
    } else if (kind === 'whatIf' && this.#whatIf) {
      view = this.#whatIfView(this.#whatIf, dir);
    } else if ((kind === 'report' || kind === 'check') && this.#report) {
      view = this.#reportView(this.#report, dir);
    } else {
      view = { nodes: h('p', { class: 'empty', part: 'empty' }, 'No report yet.'), headline: '', count: 0 };
      state = 'empty';
    }
    // The status line announces the new headline to screen readers (it is on screen already).
    this.#status.textContent = view.headline;
    this.#status.classList.add('visually-hidden');
    fill(this.#body, view.nodes);
    this.#body.setAttribute('aria-busy', 'false');
    this.#setState(state);
    this.#shown = kind;
    if (state !== 'empty') {
      this.dispatchEvent(new CustomEvent('portfolio-guard-rendered', {
        detail: { kind: state === 'failed' ? 'failure' : kind === 'whatIf' ? 'what-if' : 'report', findings: view.count },
        bubbles: true,
        composed: true,
      }));
    }
  }

  #failureView(answer) {
    const title = TITLES[answer?.kind] ?? 'The check failed';
    const nodes = h('div', { class: 'error-box', part: 'error' },
      h('p', { class: 'box-title' }, title),
      h('ul', {}, (answer?.errors ?? [{ message: String(answer?.message ?? 'no answer') }]).map((e) => {
        const place = [
          // The title names the export or the config; a file name (a rule's) is worth saying.
          e.file && e.file !== 'snapshot' && e.file !== 'config' ? String(e.file) : null,
          e.line ? `line ${e.line}${e.column ? `, column ${e.column}` : ''}` : null,
          e.path ? `at ${e.path}` : null,
        ].filter(Boolean).join(', ');
        return h('li', {}, place ? h('strong', {}, `${place}: `) : null, String(e.message ?? ''));
      })));
    return { nodes, headline: title, count: 0 };
  }

  /** The page's findings view, read-only: headline, warnings, counts, findings, accepted risks. */
  #reportView(report, dir) {
    const open = report.findings ?? [];
    const s = report.summary ?? {};
    const business = report.business?.name ?? report.business?.id ?? 'this portfolio';
    const urgent = (s.critical ?? 0) + (s.high ?? 0);
    const warnings = report.warnings ?? [];
    const qualifier = warnings.length === 0 ? ''
      : this.#incomplete ? ' — capture incomplete' : ` — ${plural(warnings.length, 'warning')}`;
    let headline;
    let good = false;
    if (open.length === 0) {
      headline = `No problems found in ${business}${qualifier}: every grant matches its role (${s.rules_evaluated} checks).`;
      good = !qualifier;
    } else {
      headline = `${plural(open.length, 'finding')} in ${business}${qualifier}. `
        + (urgent > 0 ? `${urgent} need${urgent === 1 ? 's' : ''} attention first.` : 'None of them is urgent.');
    }
    const suppressed = report.suppressed ?? [];
    const nodes = [
      h('p', { class: `headline${good ? ' good' : ''}`, part: 'headline' }, headline),
      this.#warnings(warnings),
      h('ul', { class: 'counts', part: 'counts', 'aria-label': 'Findings by severity' },
        SEVERITIES.map((sev) => h('li', { class: `count sev-${sev}${s[sev] ? '' : ' zero'}`, dataset: { severity: sev } },
          h('span', { class: 'n' }, String(s[sev] ?? 0)), ' ', h('span', { class: 'l' }, SEVERITY_LABEL[sev]))),
        h('li', { class: `count${s.suppressed ? '' : ' zero'}`, dataset: { severity: 'suppressed' } },
          h('span', { class: 'n' }, String(s.suppressed ?? suppressed.length)), ' ', h('span', { class: 'l' }, 'Accepted'))),
      open.length ? h('p', { class: 'shown' }, `Showing all ${plural(open.length, 'finding')}. Open one to see how to fix it.`) : null,
      this.#list(open.map((finding) => ({ finding })), dir, 'findings'),
      suppressed.length ? [
        this.#heading('Accepted risks', { class: 'section' }),
        h('p', { class: 'shown' }, 'These findings match an exception in your config, so they are set apart. Each shows who accepted it and until when.'),
        this.#list(suppressed.map(({ finding, exception }) => ({ finding, exception })), dir, 'accepted'),
      ] : null,
    ];
    return { nodes, headline, count: open.length };
  }

  /** What a proposed request would change: each proposal's verdict, then the findings it adds. */
  #whatIfView(whatIf, dir) {
    const introduced = whatIf.introduced ?? [];
    const proposals = whatIf.proposals ?? [];
    const resolved = whatIf.resolved ?? [];
    const findings = introduced.map((i) => i.finding ?? i);
    const names = this.#taskNames(findings);
    const urgent = findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
    const asked = proposals.length === 1 ? 'This request' : 'These requests';
    const headline = findings.length === 0
      ? `${asked} would add no finding: ${proposals.length === 1 ? 'it is' : 'they are'} least privilege.`
      : `${asked} would add ${plural(findings.length, 'finding')}. `
        + (urgent > 0 ? `${urgent} need${urgent === 1 ? 's' : ''} attention first.` : 'None of them is urgent.');
    const taskList = (codes, type) => {
      const parts = codes.map((c) => names(c, type));
      return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
    };
    const nodes = [
      h('p', { class: `headline${findings.length ? '' : ' good'}`, part: 'headline' }, headline),
      proposals.length ? h('ul', { class: 'proposals', part: 'proposals', 'aria-label': 'What is asked' }, proposals.map((p) => {
        const type = p.asset?.type;
        const who = subjectLabel(p.grantee, dir);
        const what = p.asset ? assetLabel(p.asset) : 'an asset';
        const drop = p.drop ?? [];
        const keep = p.keep ?? [];
        const lp = p.least_privilege ?? drop.length === 0;
        // "a media buyer" (the grantee's declared role), or "their role" when none is declared.
        const role = p.role ? `${/^[aeiou]/i.test(p.role) ? 'an' : 'a'} ${humanize(p.role).toLowerCase()}` : null;
        let verdict;
        if (lp) verdict = `Least privilege: ${role ?? 'their role'} needs all of it.`;
        else if (drop.length && keep.length) verdict = `More than ${role ?? 'their role'} needs: grant only ${taskList(keep, type)}; leave out ${taskList(drop, type)}.`;
        else if (drop.length) verdict = `More than ${role ?? 'their role'} needs: none of it is needed (leave out ${taskList(drop, type)}).`;
        else if (!p.role) verdict = 'Not judged: no role is declared for them in your config, so what they need is not known.';
        else verdict = 'Not least privilege: see what it would add below.';
        const replaces = p.replaces?.length ? ` (instead of ${taskList(p.replaces, type)}, which they have now)` : '';
        return h('li', { class: `proposal${lp ? '' : ' excess'}`, part: 'proposal', dataset: { index: String(p.index ?? '') } },
          h('p', { class: 'ask' }, `${who} asks for ${taskList(p.tasks ?? [], type)} on ${what}${replaces}.`),
          h('p', { class: 'verdict' }, verdict));
      })) : null,
      findings.length ? [
        this.#heading('What it would add', { class: 'section' }),
        this.#list(findings.map((finding) => ({ finding })), dir, 'introduced'),
      ] : null,
      resolved.length ? [
        this.#heading('What it would resolve', { class: 'section' }),
        this.#list(resolved.map((finding) => ({ finding })), dir, 'resolved'),
      ] : null,
    ];
    return { nodes, headline, count: findings.length };
  }

  /** `(code, assetType) → name`: the findings' terms, then the glossary, then the code in words. */
  #taskNames(findings) {
    const byCode = new Map();
    for (const f of findings) for (const t of f.terms ?? []) if (t?.code && t.name && !byCode.has(t.code)) byCode.set(t.code, t.name);
    return (code, type) => {
      return this.#glossaryName(code, type) ?? byCode.get(code) ?? humanize(String(code).toLowerCase());
    };
  }

  #glossaryName(code, type) {
    const tasks = this.#glossary?.tasks?.[type];
    if (!tasks) return null;
    // Page task codes come raw (PROFILE_PLUS_ADVERTISE) or normalized (ADVERTISE).
    return tasks[code]?.name ?? tasks[String(code).replace(/^PROFILE_PLUS_/, '')]?.name ?? null;
  }

  /** Whether a what-if names a task neither its findings nor the glossary explains. */
  #missingNames(whatIf) {
    const known = new Set();
    for (const i of whatIf?.introduced ?? []) for (const t of (i.finding ?? i).terms ?? []) known.add(t.code);
    return (whatIf?.proposals ?? []).some((p) => (p.tasks ?? []).some((c) => !known.has(c)));
  }

  #warnings(warnings) {
    if (!warnings.length) return null;
    return h('div', { class: 'warning-box', part: 'warnings' },
      h('p', { class: 'box-title' }, this.#incomplete
        ? 'Part of the portfolio was not read, so some access may be missing from these results:'
        : `Read ${warnings.length === 1 ? 'this warning' : 'these warnings'} before you rely on the results.`),
      h('ul', {}, warnings.map((w) => h('li', {}, richText(w)))));
  }

  /** A list of findings, a page at a time. `items`: [{finding, exception?}]. */
  #list(items, dir, name) {
    const list = h('ul', { class: 'finding-list', part: 'findings', dataset: { list: name } });
    const show = (from) => {
      const next = items.slice(from, from + PAGE).map(({ finding, exception }) => this.#item(finding, exception, dir));
      list.append(...next);
      if (items.length > from + PAGE) {
        const left = items.length - from - PAGE;
        const button = h('button', { type: 'button' }, `Show ${Math.min(PAGE, left)} more (${left} not shown yet)`);
        const li = h('li', { class: 'more' }, button);
        button.addEventListener('click', () => {
          li.remove();
          const first = show(from + PAGE);
          first?.querySelector('summary')?.focus();
        });
        list.append(li);
      }
      return next[0];
    };
    show(0);
    return list;
  }

  /** One finding (open, or accepted with its `exception`): the page's wording. */
  #item(f, exception, dir) {
    const who = [subjectLabel(f.subject, dir), f.asset ? assetLabel(f.asset) : null].filter(Boolean).join(' → ');
    const sev = SEVERITIES.includes(f.severity) ? f.severity : 'info';
    const terms = f.terms ?? [];
    const seen = new Set();
    return h('li', {},
      h('details', { class: `finding sev-${sev}`, part: 'finding', dataset: { rule: String(f.rule ?? '') } },
        h('summary', {},
          h('span', { class: `badge ${exception ? 'accepted' : `sev-${sev}`}`, part: 'badge' }, exception ? 'Accepted' : SEVERITY_LABEL[sev]),
          h('span', { class: 'title' }, words(f.title)),
          h('span', { class: 'who' }, who)),
        h('div', { class: 'body' },
          this.#heading('What is wrong', { class: 'label' }),
          h('p', { class: 'message' }, words(f.message, terms, seen)),
          this.#heading('How to fix it', { class: 'label' }),
          h('p', { class: 'fix' }, words(f.remediation, terms, seen)),
          exception ? [
            this.#heading('Why it is accepted', { class: 'label' }),
            h('p', {}, richText(exception.reason)),
            h('p', { class: 'meta' }, `Accepted by ${exception.owner ?? 'someone'}, until `, dateText(exception.expires), '.'),
          ] : null,
          this.#actions ? h('div', { class: 'actions' }, this.#actions(f, { accepted: Boolean(exception) }) ?? []) : null,
          h('p', { class: 'meta' }, `${category(f.category)} · ${SEVERITY_LABEL[sev]}`,
            h('span', { class: 'rule-id' }, ' · rule id ', h('code', {}, String(f.rule ?? '')))))));
  }
}

function failure(kind, message) {
  return { type: 'failure', kind, errors: [{ message }] };
}

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, PortfolioGuardReport);
}
