// The page: the single owner of its state. It wires the views (the input area, the intent
// editor, the findings, the matrix, the custom-policy editor, the remembered businesses, the
// downloads) to the engine (the WebAssembly package, in a Web Worker). Everything runs here; the
// only requests are for the page's own files, and, once the user clicks *Fetch from Meta*, the
// Graph API calls of the collection (lib/collect.js).
import { $, h, fill, download } from './lib/dom.js';
import { Engine, TimeoutError } from './lib/engine.js';
import { ReviewCompare } from './lib/review.js';
import { FetchForm } from './lib/fetchform.js';
import { FindingsView } from './lib/findings.js';
import { IntentEditor } from './lib/intent.js';
import { ConfigStore, configMismatch } from './lib/configs.js';
import { acceptRisk } from './lib/accept.js';
import { MatrixView, renderLegend } from './lib/matrix.js';
import { PolicyEditor } from './lib/policies.js';
import { plural, formatDate } from './lib/labels.js';
import { InputArea } from './lib/input.js';
import { RememberedList } from './lib/remembered.js';
import { Reports } from './lib/reports.js';
import { askMismatch, hideMismatch } from './lib/mismatch.js';
import { load, store } from './lib/storage.js';

performance.mark('pg:app-evaluating');
// The configs (one per business, lib/configs.js) and the custom policies; never the export.
const STORE = { policies: 'portfolio-guard.policies' };
// A check slower than this shows that it is under way (busy marks, "Checking…").
const BUSY_AFTER_MS = 150;

// How long a check may run, in ms; `?timeout=` overrides it (the browser tests use a short one).
const params = new URLSearchParams(location.search);
const timeoutMs = Number(params.get('timeout')) > 0 ? Number(params.get('timeout')) : 10_000;

// The engine's workers: one per core (at most 4) unless `?workers=` says how many (tests, benchmarks).
const workers = Number(params.get('workers')) > 0 ? Number(params.get('workers')) : undefined;
const engine = new Engine({ timeoutMs, workers });
// Start the engine (fetch, compile, worker) before building the views: they overlap.
const engineStarting = engine.start();
engineStarting.catch(() => {}); // reported in start()
const state = {
  seq: 0, started: false,
  // Each export put in (sample, paste, file, template, fetch) is a new input: `goodFor` is the
  // last input a check succeeded for; `reveal` brings the findings into view when the first
  // result of a new input arrives (not on the re-checks an edit of the config causes).
  inputId: 0, goodFor: -1, reveal: false,
  // The people and partners of the last good check (a loaded config is compared with them).
  principals: [],
  // What started the pending check (marked busy while it runs), and the busy timer.
  trigger: null, busyTimer: null,
  /** @type {(() => void) | null} run once the next check has shown its results */
  afterCheck: null,
};

/** @param {string} text */
const status = (text) => { $('#status').textContent = text; };

const input = new InputArea({
  onChange: ({ fresh, reveal, delay }) => {
    if (fresh) newInput(reveal);
    else state.reveal = false;
    scheduleCheck(delay);
  },
  onSample: (sample) => loadSample(sample),
  status,
});
const intent = new IntentEditor({ onChange: () => changeConfig() });
const findings = new FindingsView({ onAccept: (finding, anchor) => acceptFinding(finding, anchor) });
const matrix = new MatrixView();
const policies = new PolicyEditor({
  onChange: () => { savePolicies(); policies.showTests(null); scheduleCheck(); },
  onRunTests: () => runTests(),
});
const remembered = new RememberedList({ onForget: (id, name) => forgetBusiness(id, name) });
const reports = new Reports({
  report: (format, plain) => call('check', request({ format, plain })),
  template: (snapshot) => call('template', snapshot === undefined ? {} : { snapshot }),
  exportText: () => input.text(),
  onFailure: (answer) => showFailure(answer),
  onTemplateFailure: (failure) => input.showError(failure),
  status,
});
// The last good check, for "Save this review" and the comparison with a saved one.
let lastGood = null;
const review = new ReviewCompare({
  compare: (arg) => call('compare', arg, { latest: 'compare' }),
  current: () => lastGood,
  status,
});

/** A new export is in: its first result is brought into view when `reveal`. */
function newInput(reveal) {
  state.inputId += 1;
  state.reveal = reveal;
}

// ---------------------------------------------------------------------------------------------
// The config of the business being checked (lib/configs.js). `workspace.business` is the business
// whose config the editor holds; a check of another business switches to that one's own config
// (or to none), never keeps the previous one's.

const configs = new ConfigStore({ load, store });
const workspace = {
  /** @type {{id: string, name: string | null} | null} the business the editor's config belongs to */
  business: null,
  // A config waiting for a business: a file loaded before any export, or the single config the
  // page kept before configs were per business (`legacy`). See switchBusiness().
  /** @type {{config: any, name: string, legacy: boolean} | null} */
  pending: null,
  rolesKey: null,
};

/**
 * Every change of the config goes through here: `change` is a new config, a function that edits
 * the current one, or nothing (the editor has already edited it in place). Saves it for the
 * business (unless `save` is false: it was forgotten, or is already stored), refreshes the roles
 * when custom roles changed, and checks again in `delay` ms (`null`: the caller checks, or there
 * is nothing to check yet).
 * @param {object | ((config: any) => void)} [change]
 * @param {{delay?: number | null, save?: boolean}} [options]
 */
function changeConfig(change, { delay = 300, save = true } = {}) {
  if (typeof change === 'function') {
    change(intent.config);
    intent.setConfig(intent.config);
  } else if (change !== undefined) {
    intent.setConfig(change);
  }
  if (save) saveConfig();
  refreshRoles();
  if (delay !== null) scheduleCheck(delay);
}

function saveConfig() {
  const b = workspace.business;
  if (!b) return; // no export checked yet: nothing is stored (a loaded file waits, see below)
  configs.put(b.id, b.name, intent.config);
  renderRemembered();
}

/** Shows whose config the editor holds, and the businesses remembered on this device. */
function renderRemembered() {
  const all = configs.all();
  const b = workspace.business;
  intent.setBusiness(b, b ? all[b.id]?.saved_at : null);
  remembered.render(all, b?.id);
}

function forgetBusiness(id, name) {
  configs.forget(id);
  if (workspace.business?.id === id) changeConfig({}, { delay: 0, save: false });
  renderRemembered();
  remembered.forgotten(name);
}

function savePolicies() {
  store(STORE.policies, policies.files.length ? policies.files : null);
}

$('#forget').addEventListener('click', () => {
  configs.forgetAll();
  workspace.pending = null;
  store(STORE.policies, null);
  changeConfig({}, { delay: 0, save: false });
  renderRemembered();
  policies.setFiles([]);
  policies.showErrors(null);
  policies.showTests(null);
  status('Forgotten: the config of every business and your own rules are no longer stored on this device.');
});

/**
 * The sample (lib/input.js), with its own config for its business (set before its check: no
 * switch).
 * @param {import('./lib/input.js').Sample} sample
 */
function loadSample(sample) {
  let config = {};
  try {
    config = JSON.parse(sample.config);
    const { business } = JSON.parse(sample.snapshot);
    if (business?.id) workspace.business = { id: String(business.id), name: business.name ?? null };
  } catch {
    // a broken sample shows its error when checked
  }
  if (workspace.pending && !workspace.pending.legacy) workspace.pending = null; // the sample brings its own
  input.set(sample.snapshot, `${sample.name}.json`);
  hideMismatch();
  changeConfig(config, { delay: 0 });
  status(`Loaded the sample: ${sample.description}`);
}

// ---------------------------------------------------------------------------------------------
// Fetch from Meta (lib/fetchform.js): the bundle it collects is checked like a dropped file.

const fetchForm = new FetchForm({
  module: () => engineStarting.then(() => engine.module, () => null),
  onBundle: (text, name) => input.set(text, name),
  status,
});

// ---------------------------------------------------------------------------------------------
// The config: download it, load one.

$('#export-config').addEventListener('click', () => {
  download('org.json', `${JSON.stringify(intent.config, null, 2)}\n`, 'application/json');
});

$('#config-file').addEventListener('change', async (e) => {
  const chooser = /** @type {HTMLInputElement} */ (e.target);
  const file = chooser.files?.[0];
  chooser.value = '';
  if (!file) return;
  const text = await file.text();
  let config;
  try {
    config = JSON.parse(text);
  } catch (err) {
    showConfigError(`${file.name} is not JSON: ${err.message}`, []);
    return;
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    showConfigError(`${file.name}: a config is a JSON object`, []);
    return;
  }
  // The engine validates it (unknown fields, bad dates, unknown roles) before it is used.
  const answer = await call('roles', { config });
  if (!answer) return;
  if (answer.type === 'failure') {
    showConfigError(`${file.name} is not a valid config`, answer.errors);
    return;
  }
  showConfigError(null);
  if (!workspace.business) {
    // No export yet: it waits for the first business checked (and is flagged then if it names
    // none of that business's partners and people). Nothing to store or check yet.
    workspace.pending = { config, name: file.name, legacy: false };
    changeConfig(config, { delay: null, save: false });
    status(`Loaded the config ${file.name}: it applies to the export you check next.`);
    return;
  }
  const mismatch = configMismatch(config, state.principals);
  if (mismatch.none) {
    confirmConfig(file.name, config, mismatch, () => {
      changeConfig(config, { delay: 0 });
      status(`Loaded the config ${file.name} for ${workspace.business.name ?? workspace.business.id}.`);
    });
    return;
  }
  hideMismatch();
  changeConfig(config, { delay: 0 });
  status(`Loaded the config ${file.name} for ${workspace.business.name ?? workspace.business.id}.`);
});

/**
 * A config that names partners or people of which none is in this export is probably another
 * business's: it says what does not match and asks before applying it (`apply()`).
 */
function confirmConfig(fileName, config, mismatch, apply) {
  const b = workspace.business;
  askMismatch({ fileName, who: b?.name ?? `business ${b?.id}`, mismatch, onApply: apply, status });
}

/**
 * The check of `answer` revealed a business other than the one whose config the editor holds:
 * switch to that business's saved config, or to none (the defaults). A config waiting for a
 * business (a file loaded before any export, or the old single config) is adopted here. Returns
 * true when the config changed (the check was made with the wrong one and must be redone).
 */
function switchBusiness(business, principals, sentConfig) {
  const id = String(business.id);
  hideMismatch(); // a question about the previous business's config
  const saved = configs.get(id);
  if (saved && business.name) configs.rename(id, business.name);
  workspace.business = { id, name: business.name ?? null };
  let next = saved ? saved.config : {};
  const pending = workspace.pending;
  if (pending) {
    const mismatch = configMismatch(pending.config, principals);
    if (pending.legacy) {
      // The single config of older versions: attached to the first business checked that has
      // none of its own, unless it names partners or people of which none is in this one.
      if (!saved) {
        if (!mismatch.none) {
          next = pending.config;
          configs.put(id, business.name, next);
        }
        configs.dropLegacy();
        workspace.pending = null;
      }
    } else {
      workspace.pending = null;
      if (mismatch.none) {
        // Asked once the editor shows this business's own config.
        queueMicrotask(() => confirmConfig(pending.name, pending.config, mismatch, () => changeConfig(pending.config, { delay: 0 })));
      } else {
        next = pending.config;
        configs.put(id, business.name, next);
      }
    }
  }
  const changed = JSON.stringify(next) !== sentConfig;
  // Already stored (or the defaults); the caller checks again.
  if (changed) changeConfig(structuredClone(next), { delay: null, save: false });
  renderRemembered();
  return changed;
}

/** "Accept this risk" on a finding (lib/accept.js): the exception goes into the config. */
function acceptFinding(finding, anchor) {
  acceptRisk(finding, {
    anchor,
    onSave: (exception) => {
      changeConfig((config) => {
        config.exceptions = [...(Array.isArray(config.exceptions) ? config.exceptions : []), exception];
      }, { delay: 0 });
      // Once checked again, the finding is among the accepted risks: focus goes there.
      const until = Date.now() + 5_000;
      state.afterCheck = () => {
        const heading = $('#suppressed-h');
        if (Date.now() < until && heading && !$('#suppressed-block')?.hidden) {
          heading.tabIndex = -1;
          heading.focus();
        }
      };
      status(`Accepted until ${exception.expires}: ${finding.title ?? finding.rule}. Checking again…`);
    },
  });
}

function showConfigError(title, errors) {
  const box = $('#config-error');
  if (!title) {
    box.hidden = true;
    box.replaceChildren();
    intent.markInvalid([]);
    return;
  }
  fill(box, h('p', { class: 'where' }, title),
    h('ul', {}, (errors ?? []).map((e) => h('li', {}, e.path ? h('strong', {}, `${e.path}: `) : null, e.message))));
  box.hidden = false;
  intent.markInvalid((errors ?? []).map((e) => String(e.path ?? '').replace(/^\$\.?/, '')));
}

/** The roles of the config (built-in and custom); asked again only when custom roles change. */
async function refreshRoles({ force = false } = {}) {
  const key = JSON.stringify(intent.config.roles ?? null);
  if (!force && key === workspace.rolesKey) return;
  workspace.rolesKey = key;
  const answer = await call('roles', { config: intent.config });
  if (answer?.type === 'success') intent.setRoles(answer.roles);
  else workspace.rolesKey = null; // an invalid custom role: ask again after the next change
}

// ---------------------------------------------------------------------------------------------
// The check.

/**
 * The time a check may take: the limit (10 s), plus 3 s per MB of export beyond the first, so
 * the built-in rules can finish on a large portfolio (about 4 s for 10,000 grants here) while
 * an endless rule of your own is still stopped.
 */
function allowance(arg) {
  const size = (x) => (typeof x === 'string' ? x.length : 0);
  // A comparison checks two exports.
  const mb = (size(arg?.snapshot) + size(arg?.before) + size(arg?.after)) / 1_048_576;
  return timeoutMs + Math.max(0, Math.ceil(mb - 1)) * 3_000;
}

/**
 * One engine call; `null` when it was stopped (the page then says so). `latest`: see Engine.call
 * (a call dropped for a later one answers `null` too).
 * @param {string} op
 * @param {any} [arg]
 * @param {{latest?: string}} [options]
 */
async function call(op, arg, { latest } = {}) {
  const limit = allowance(arg);
  try {
    const { answer } = await engine.call(op, arg, { timeoutMs: limit, latest });
    return answer;
  } catch (err) {
    if (err instanceof TimeoutError) {
      const seconds = Math.round(limit / 1000);
      const own = (arg?.policies ?? []).length > 0;
      if (own) {
        showBanner(`The check was stopped after ${seconds} seconds: one of your own rules runs too long (look for a rule that loops over every pair of grants, or never ends). The page is still usable; fix or remove the rule to see results again.`);
        policies.showErrors('Your rules took too long and were stopped', [{ message: `the evaluation ran for more than ${seconds} seconds` }]);
      } else {
        showBanner(`The check was stopped after ${seconds} seconds: this export is too large to check in the browser. The command line checks it faster: portfolio-guard check export.json --config org.json.`);
      }
      status('Stopped a check that ran too long.');
    } else {
      showBanner(`The engine stopped unexpectedly (${err?.message ?? err}). It has been restarted; try again.`);
    }
    return null;
  }
}

function showBanner(text) {
  $('#banner-text').textContent = text;
  $('#banner').hidden = false;
}
$('#banner-close').addEventListener('click', () => { $('#banner').hidden = true; });

let timer = null;
/**
 * Checks in `delay` ms; `trigger` (the focused control unless given) shows it is busy meanwhile.
 * @param {number} [delay]
 * @param {{trigger?: Element | null}} [options]
 */
function scheduleCheck(delay = 300, { trigger } = {}) {
  clearTimeout(timer);
  state.trigger = trigger ?? triggerOf(document.activeElement);
  timer = setTimeout(check, delay);
}

/** The element that shows a check is under way for an edit of `el`: its row, field or button. */
function triggerOf(el) {
  if (!el || el === document.body) return null;
  if (el.id === 'file-input') return document.querySelector('label[for="file-input"]');
  if (el.id === 'config-file') return document.querySelector('label[for="config-file"]');
  if (el.id === 'snapshot-input') return $('#dropzone');
  if (el.closest('#intent')) return el.closest('tr, .field, li, fieldset') ?? el;
  if (el.id === 'policy-text' || el.id === 'policy-name') return $('#policy-editor .editor');
  return el.matches('button, .button, summary') ? el : null;
}

/** Shows (after BUSY_AFTER_MS) that a check is under way, on `trigger` and the summary; `false` ends it. */
function busy(on, trigger) {
  clearTimeout(state.busyTimer);
  for (const el of document.querySelectorAll('.is-checking')) {
    el.classList.remove('is-checking');
    el.removeAttribute('aria-busy');
  }
  $('#findings').removeAttribute('aria-busy');
  $('#findings-busy').hidden = true;
  $('#status').classList.remove('busy');
  if (!on) return;
  state.busyTimer = setTimeout(() => {
    $('#findings').setAttribute('aria-busy', 'true');
    $('#findings-busy').hidden = false;
    $('#status').classList.add('busy');
    if (trigger?.isConnected) {
      trigger.classList.add('is-checking');
      trigger.setAttribute('aria-busy', 'true');
    }
  }, BUSY_AFTER_MS);
}

/** The findings' summary (headline, warnings, counts) into view, and focus on it. */
function revealFindings() {
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  $('#headline').focus({ preventScroll: true });
  $('#findings').scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
}


function request(extra = {}) {
  return {
    snapshot: input.text(),
    config: intent.config,
    policies: policies.rules(),
    ...extra,
  };
}

async function check() {
  if (!state.started) return;
  const seq = ++state.seq;
  const inputId = state.inputId;
  if (input.text().trim() === '') {
    busy(false);
    reports.offerFilledTemplate(false);
    input.showError(null);
    $('#input-summary').textContent = '';
    document.body.classList.remove('stale');
    findings.clear();
    matrix.clear();
    lastGood = null;
    status('Paste an export, drop a file, or try the sample.');
    return;
  }
  status('Checking…');
  busy(true, state.trigger);
  const started = performance.now();
  // In plain words: task names, dates, and the page's controls instead of config paths.
  const sent = request({ matrix: true, plain: true });
  const sentConfig = JSON.stringify(sent.config);
  // Checks waiting behind a running one are dropped for this one: only the last edit counts.
  const answer = await call('check', sent, { latest: 'check' });
  if (seq !== state.seq) return; // a newer check is under way
  busy(false);
  if (!answer) {
    state.reveal = false;
    document.body.classList.add('stale');
    return;
  }
  $('#banner').hidden = true;
  if (answer.type === 'failure') {
    showFailure(answer);
    return;
  }
  input.showError(null);
  const business = answer.report.business ?? answer.matrix?.business;
  if (business?.id !== undefined && String(business.id) !== workspace.business?.id
    && switchBusiness(business, answer.matrix?.principals ?? [], sentConfig)) {
    // Checked with the previous business's config: show its people now, the findings once the
    // check with its own config is done (that one finds the same business: no further switch).
    intent.render(answer.matrix?.principals ?? [], answer.matrix?.assets ?? []);
    document.body.classList.add('stale');
    status(`Switched to the config of ${business.name ?? business.id}; checking again…`);
    scheduleCheck(0);
    return;
  }
  showConfigError(null);
  policies.showErrors(null);
  document.body.classList.remove('stale');
  state.principals = answer.matrix?.principals ?? [];
  state.goodFor = inputId;
  reports.offerFilledTemplate(true);
  const { report, matrix: m } = answer;
  const timed = (name, f) => {
    const t = performance.now();
    f();
    performance.measure(`pg:render-${name}`, { start: t, end: performance.now() });
  };
  timed('intent', () => intent.render(m.principals, m.assets));
  timed('findings', () => findings.render(report, m, { incomplete: answer.capture_incomplete }));
  timed('matrix', () => matrix.render(m, report));
  const people = m.principals.filter((p) => p.known && p.kind === 'member').length;
  const partners = m.principals.filter((p) => p.known && p.kind === 'partner').length;
  $('#input-summary').textContent = `${report.business.name}: ${plural(people, 'person', 'people')} and system users, `
    + `${plural(partners, 'partner')}, ${plural(m.assets.length, 'asset')}, ${plural(m.cells.length, 'grant')}; `
    + `captured ${formatDate(m.captured_at)}.`;
  lastGood = {
    text: sent.snapshot, config: sent.config, policies: sent.policies, report, fileStem: answer.file_stem,
  };
  review.refresh();
  const ms = Math.round(performance.now() - started);
  status(`Checked in ${ms} ms: ${plural(report.findings.length, 'finding')}${report.summary.suppressed ? `, ${report.summary.suppressed} accepted` : ''}.`);
  if (state.reveal && inputId === state.inputId) {
    state.reveal = false;
    revealFindings();
  }
  const after = state.afterCheck;
  state.afterCheck = null;
  after?.();
}

function showFailure(answer) {
  document.body.classList.add('stale');
  state.reveal = false;
  const titles = {
    snapshot: 'This export cannot be read',
    usage: 'This export cannot be read',
    config: 'The config has a problem',
    policy: 'One of your rules has a problem',
    evaluation: 'One of your rules failed while running',
    internal: 'Something went wrong inside the checker',
  };
  const title = titles[answer.kind] ?? 'The check failed';
  if (answer.kind === 'config') {
    showConfigError(title, answer.errors);
  } else if (answer.kind === 'policy' || answer.kind === 'evaluation') {
    policies.showErrors(title, answer.errors);
  } else if (answer.kind === 'internal') {
    showBanner(`${title}: ${answer.errors?.[0]?.message ?? ''}`);
  } else {
    input.showError({ title, errors: answer.errors });
  }
  // Results of an earlier check of this export stay (marked stale); those of another export go.
  if (state.goodFor === state.inputId) {
    status(`${title}. The results shown are from the last good check.`);
  } else {
    const why = answer.kind === 'snapshot' || answer.kind === 'usage' ? 'this export cannot be read yet' : 'the check could not run';
    findings.clear(`No results: ${why}. Fix the problem shown above and the results appear here.`);
    matrix.clear(`No picture: ${why}.`);
    status(`${title}. Fix it to see the results.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tests of your own rules.

async function runTests() {
  status('Running your tests…');
  const answer = await call('runTests', { policies: policies.all() });
  if (!answer) return;
  if (answer.type === 'failure') {
    policies.showErrors('Your tests could not run', answer.errors);
    policies.showTests(null);
    status('Your tests could not run.');
    return;
  }
  policies.showErrors(null);
  policies.showTests(answer);
  status(`Your tests: ${answer.tests.passed} passed, ${answer.tests.failed} failed.`);
}

// ---------------------------------------------------------------------------------------------
// Start.

async function start() {
  performance.mark('pg:app-start');
  renderLegend();
  // No business yet: the editor is empty until a check says whose export it is. The single
  // config older versions kept waits for the first business checked (switchBusiness()).
  const legacy = configs.legacy();
  if (legacy) workspace.pending = { config: legacy, name: 'The config remembered before', legacy: true };
  intent.setConfig({});
  renderRemembered();
  policies.setFiles(load(STORE.policies) ?? []);
  performance.mark('pg:views-ready');
  // `?fetch` (the extension's popup): straight to the fetch form; it needs no engine until clicked.
  if (params.has('fetch')) fetchForm.focus();
  try {
    const version = await engineStarting;
    performance.mark('pg:engine-started');
    $('#version').textContent = version;
  } catch (err) {
    status('The checker could not start.');
    showBanner(`The checker could not start in this browser: ${err?.message ?? err}. It needs WebAssembly and module workers (a current Chrome, Edge, Firefox or Safari).`);
    return;
  }
  const [samples, defaults, glossary] = await Promise.all([call('samples'), call('defaults'), call('glossary', {})]);
  input.setSamples(samples?.type === 'success' ? samples.samples : []);
  if (defaults?.type === 'success') intent.setDefaults(defaults.config);
  if (glossary?.type === 'success') intent.setGlossary(glossary.glossary?.tasks ?? null);
  // Task names in the matrix's details (an older engine has no glossary: the codes are shown).
  if (glossary?.type === 'success') matrix.setGlossary(glossary.glossary?.tasks ?? null);
  if (glossary?.type === 'success') review.setGlossary(glossary.glossary?.tasks ?? null);
  performance.mark('pg:samples-defaults');
  await refreshRoles({ force: true });
  performance.mark('pg:policies-compiled');
  state.started = true;
  // Time from navigation to "WebAssembly instantiated, policies compiled, ready to check".
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  if (params.has('sample')) input.loadSample();
  else if (params.has('clipboard')) await input.pasteClipboard();
  else if (input.text().trim()) scheduleCheck(0);
  else status('Ready. Fetch from Meta, paste an export, drop a file, or try the sample.');
}

start();
