// The page: wires the input, the intent editor, the findings, the matrix and the custom-policy
// editor to the engine (the WebAssembly package, in a Web Worker). Everything runs here; the
// only requests are for the page's own files, and, once the user clicks *Fetch from Meta*, the
// Graph API calls of the collection (lib/collect.js).
import { $, h, fill, download, debounce } from './lib/dom.js';
import { Engine, TimeoutError } from './lib/engine.js';
import { FetchForm } from './lib/fetchform.js';
import { FindingsView } from './lib/findings.js';
import { IntentEditor } from './lib/intent.js';
import { ConfigStore, configMismatch } from './lib/configs.js';
import { acceptRisk } from './lib/accept.js';
import { MatrixView, renderLegend } from './lib/matrix.js';
import { PolicyEditor } from './lib/policies.js';
import { plural, formatDate, slug } from './lib/labels.js';

performance.mark('pg:app-evaluating');
// The configs (one per business, lib/configs.js) and the custom policies; never the export.
const STORE = { policies: 'portfolio-guard.policies' };
const SAMPLE = 'agency-onboarding';
// Report downloads: the file's extension and type, per format (the name is the answer's `file_stem`).
const EXPORTS = {
  json: ['json', 'application/json'],
  csv: ['csv', 'text/csv;charset=utf-8'],
  markdown: ['md', 'text/markdown;charset=utf-8'],
  sarif: ['sarif', 'application/sarif+json'],
};
// A check slower than this shows that it is under way (busy marks, "Checking…").
const BUSY_AFTER_MS = 150;

// How long a check may run, in ms; `?timeout=` overrides it (the browser tests use a short one).
const params = new URLSearchParams(location.search);
const timeoutMs = Number(params.get('timeout')) > 0 ? Number(params.get('timeout')) : 10_000;

const engine = new Engine({ timeoutMs });
// Start the engine (fetch, compile, worker) before building the views: they overlap.
const engineStarting = engine.start();
engineStarting.catch(() => {}); // reported in start()
const state = {
  samples: [], lastGood: null, seq: 0, started: false, big: null, fileName: null,
  // Each export put in (sample, paste, file, template, fetch) is a new input: `goodFor` is the
  // last input a check succeeded for; `reveal` brings the findings into view when the first
  // result of a new input arrives (not on the re-checks an edit of the config causes).
  inputId: 0, goodFor: -1, reveal: false,
  // What started the pending check (marked busy while it runs), and the busy timer.
  trigger: null, busyTimer: null,
};

const status = (text) => { $('#status').textContent = text; };

const intent = new IntentEditor({ onChange: () => changeConfig() });
const findings = new FindingsView({ onAccept: (finding, anchor) => acceptFinding(finding, anchor) });
const matrix = new MatrixView();
const policies = new PolicyEditor({
  onChange: () => { savePolicies(); policies.showTests(null); scheduleCheck(); },
  onRunTests: () => runTests(),
});

// ---------------------------------------------------------------------------------------------
// Remembered settings: the config and the custom policies, never the pasted export.

function load(key) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private windows may refuse storage: the page works the same, it just forgets.
  }
}

// ---------------------------------------------------------------------------------------------
// The config of the business being checked (lib/configs.js). `workspace.business` is the business
// whose config the editor holds; a check of another business switches to that one's own config
// (or to none), never keeps the previous one's.

const configs = new ConfigStore({ load, store });
const workspace = {
  business: null, // {id, name} of the business the editor's config belongs to
  // A config waiting for a business: a file loaded before any export, or the single config the
  // page kept before configs were per business (`legacy`). See switchBusiness().
  pending: null, // {config, name, legacy}
  rolesKey: null,
};

/**
 * Every change of the config goes through here: `change` is a new config, a function that edits
 * the current one, or nothing (the editor has already edited it in place). Saves it for the
 * business, refreshes the roles when custom roles changed, and checks again.
 */
function changeConfig(change, { delay = 300 } = {}) {
  if (typeof change === 'function') {
    change(intent.config);
    intent.setConfig(intent.config);
  } else if (change !== undefined) {
    intent.setConfig(change);
  }
  saveConfig();
  refreshRoles();
  scheduleCheck(delay);
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
  const ids = Object.keys(all).sort((a, b) => String(all[a].name ?? a).localeCompare(String(all[b].name ?? b)));
  const b = workspace.business;
  intent.setBusiness(b, b ? all[b.id]?.saved_at : null);
  $('#remembered').hidden = ids.length === 0;
  $('#remembered-link').hidden = ids.length === 0;
  $('#remembered-count').textContent = ` (${ids.length})`;
  fill($('#remembered-list'), ids.map((id) => {
    const e = all[id];
    const name = e.name ?? `Business ${id}`;
    return h('li', {},
      h('span', { class: 'remembered-name' }, name),
      h('span', { class: 'muted small' }, ` · business ${id}${e.saved_at ? ` · saved ${formatDate(e.saved_at)}` : ''}${b?.id === id ? ' · shown above' : ''}`),
      ' ',
      h('button', {
        type: 'button',
        class: 'secondary small',
        'aria-label': `Forget the config of ${name}`,
        onclick: () => forgetBusiness(id, name),
      }, 'Forget'));
  }));
}

function forgetBusiness(id, name) {
  configs.forget(id);
  if (workspace.business?.id === id) {
    intent.setConfig({});
    refreshRoles();
    scheduleCheck(0);
  }
  renderRemembered();
  ($('#remembered-list button') ?? $('#export-config')).focus();
  // Said next to the list (the status line is soon about the check this may start).
  $('#remembered-status').textContent = `Forgotten: the config of ${name} is no longer stored on this device.`;
}

$('#remembered-link').addEventListener('click', () => { $('#remembered').open = true; });

function savePolicies() {
  store(STORE.policies, policies.files.length ? policies.files : null);
}

$('#forget').addEventListener('click', () => {
  configs.forgetAll();
  workspace.pending = null;
  store(STORE.policies, null);
  intent.setConfig({});
  renderRemembered();
  policies.setFiles([]);
  policies.showErrors(null);
  policies.showTests(null);
  refreshRoles();
  scheduleCheck(0);
  status('Forgotten: the config of every business and your own rules are no longer stored on this device.');
});

// ---------------------------------------------------------------------------------------------
// Input: paste, drop, choose a file, or the sample.

const input = $('#snapshot-input');
const PLACEHOLDER = input.placeholder;
// An export larger than this is checked as it is but not put into the box: a textarea holding
// tens of megabytes makes the browser lay out every line, which takes longer than the check.
const SHOW_LIMIT = 2 * 1_048_576;

/** The export to check: the large one loaded from a file or the clipboard, or the box's text. */
function exportText() {
  return state.big?.text ?? input.value;
}

/** Puts an export in place (shown in the box unless it is large) and checks it. */
function setExport(text, name) {
  newInput(true);
  state.fileName = name;
  if (text.length > SHOW_LIMIT) {
    state.big = { text, name };
    input.value = '';
    input.placeholder = `${name ?? 'The export'} (${(text.length / 1_048_576).toFixed(1)} MB) is loaded and checked, but too large to show here. Type or paste to replace it.`;
  } else {
    state.big = null;
    input.placeholder = PLACEHOLDER;
    input.value = text;
  }
  scheduleCheck(0);
}

/** A new export is in: its first result is brought into view when `reveal`. */
function newInput(reveal) {
  state.inputId += 1;
  state.reveal = reveal;
}

input.addEventListener('input', (e) => {
  if (state.big) {
    state.big = null;
    input.placeholder = PLACEHOLDER;
  }
  // A paste or a drop into the box is a new export; typing edits the one there.
  if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') newInput(true);
  else state.reveal = false;
  scheduleCheck();
});

$('#clear-input').addEventListener('click', () => {
  newInput(false);
  state.big = null;
  input.placeholder = PLACEHOLDER;
  input.value = '';
  scheduleCheck(0);
  input.focus();
});

$('#file-input').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (file) await readInto(file);
});

const zone = $('#dropzone');
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('dragging');
});
zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
zone.addEventListener('drop', async (e) => {
  e.preventDefault();
  zone.classList.remove('dragging');
  const file = e.dataTransfer?.files?.[0];
  if (file) await readInto(file);
  else if (e.dataTransfer?.getData('text')) {
    setExport(e.dataTransfer.getData('text'), null);
  }
});
// A file dropped next to the box should not navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

async function readInto(file) {
  try {
    setExport(await file.text(), file.name);
  } catch (err) {
    showInputError({ title: `${file.name} could not be read: ${err?.message ?? err}` });
  }
}

$('#load-sample').addEventListener('click', () => {
  const sample = state.samples.find((x) => x.name === SAMPLE) ?? state.samples[0];
  if (!sample) return;
  // The sample's own config, for the sample's business (set before its check: no switch).
  let config = {};
  try {
    config = JSON.parse(sample.config);
    const { business } = JSON.parse(sample.snapshot);
    if (business?.id) workspace.business = { id: String(business.id), name: business.name ?? null };
  } catch {
    // a broken sample shows its error when checked
  }
  if (workspace.pending && !workspace.pending.legacy) workspace.pending = null; // the sample brings its own
  setExport(sample.snapshot, `${sample.name}.json`);
  hideMismatch();
  changeConfig(config, { delay: 0 });
  status(`Loaded the sample: ${sample.description}`);
});

// Reading the clipboard needs the browser's permission (the extension declares `clipboardRead`;
// a web page asks); where the browser cannot, the button stays hidden and Ctrl+V works as ever.
const clipboardButton = $('#paste-clipboard');
clipboardButton.hidden = typeof navigator.clipboard?.readText !== 'function';
clipboardButton.addEventListener('click', () => checkClipboard());

async function checkClipboard() {
  let text;
  try {
    text = await navigator.clipboard.readText();
  } catch (err) {
    showInputError({ title: 'The clipboard could not be read', errors: [{ message: `${err?.message ?? err}. Paste into the box instead (Ctrl+V or ⌘V).` }] });
    input.focus();
    return;
  }
  if (!text.trim()) {
    showInputError({ title: 'The clipboard is empty', errors: [{ message: 'Copy the export (a snapshot or a Graph API capture) first, or paste it into the box.' }] });
    return;
  }
  setExport(text, 'The copied export');
  status('Checking the export from the clipboard…');
}

function showInputError(failure) {
  const box = $('#input-error');
  if (!failure) {
    box.hidden = true;
    box.replaceChildren();
    input.removeAttribute('aria-invalid');
    return;
  }
  input.setAttribute('aria-invalid', 'true');
  const lines = exportText().split('\n');
  fill(box,
    h('p', { class: 'where' }, failure.title),
    h('ul', {}, (failure.errors ?? []).map((e) => {
      const place = [
        e.line ? `line ${e.line}${e.column ? `, column ${e.column}` : ''}` : null,
        e.path ? `at ${e.path}` : null,
      ].filter(Boolean).join(', ');
      const context = e.line && lines[e.line - 1] !== undefined ? lines[e.line - 1] : null;
      return h('li', {},
        place ? h('strong', {}, `${place}: `) : null,
        e.message,
        context !== null ? h('pre', {}, context.length > 200 ? `${context.slice(0, 200)}…` : context) : null,
        e.line && !state.big ? h('button', { type: 'button', class: 'secondary small', onclick: () => goToLine(e.line, e.column) }, `Go to line ${e.line}`) : null);
    })));
  box.hidden = false;
}

function goToLine(line, column = 1) {
  const lines = input.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, (column ?? 1) - 1);
  input.focus();
  input.setSelectionRange(start, Math.min(start + 1, input.value.length));
  const lineHeight = parseFloat(getComputedStyle(input).lineHeight) || 18;
  input.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

// ---------------------------------------------------------------------------------------------
// Fetch from Meta (lib/fetchform.js): the bundle it collects is checked like a dropped file.

const fetchForm = new FetchForm({
  module: () => engineStarting.then(() => engine.module, () => null),
  onBundle: (text, name) => setExport(text, name),
  status,
});

// ---------------------------------------------------------------------------------------------
// The config: download it, load one.

$('#export-config').addEventListener('click', () => {
  download('org.json', `${JSON.stringify(intent.config, null, 2)}\n`, 'application/json');
});

$('#config-file').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  e.target.value = '';
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
    // none of that business's partners and people).
    workspace.pending = { config, name: file.name, legacy: false };
    intent.setConfig(config);
    status(`Loaded the config ${file.name}: it applies to the export you check next.`);
    return;
  }
  const principals = state.lastGood?.matrix?.principals ?? [];
  const mismatch = configMismatch(config, principals);
  if (mismatch.none) {
    askMismatch(file.name, config, mismatch, () => {
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
function askMismatch(fileName, config, mismatch, apply) {
  const box = $('#config-mismatch');
  const b = workspace.business;
  const who = b?.name ?? `business ${b?.id}`;
  const list = (ids, one, many) => (ids.length
    ? h('li', {}, `${ids.length === 1 ? one : many} ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? `, and ${ids.length - 8} more` : ''}`)
    : null);
  const done = () => {
    hideMismatch();
    $('#export-config').focus();
  };
  fill(box,
    h('p', { class: 'where', id: 'config-mismatch-h' }, `${fileName} does not look like the config of ${who}`),
    h('p', {}, `It names ${mismatch.named === 1 ? 'a partner or person' : `${mismatch.named} partners and people`}, and none of them is in this export:`),
    h('ul', {},
      list(mismatch.partners, 'partner', 'partners'),
      list(mismatch.members, 'person or system user', 'people and system users')),
    h('p', {}, `Applying it replaces the config of ${who}.`),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary small', onclick: () => { done(); apply(); } }, 'Apply anyway'),
      h('button', {
        type: 'button',
        class: 'primary small',
        onclick: () => {
          done();
          status(`Not applied: ${fileName}. The config of ${who} is unchanged.`);
        },
      }, 'Cancel')));
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', 'config-mismatch-h');
  box.hidden = false;
  status(`${fileName} names no one in this export: apply it anyway, or cancel.`);
  box.querySelector('button.primary').focus();
}

function hideMismatch() {
  const box = $('#config-mismatch');
  box.hidden = true;
  box.replaceChildren();
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
        queueMicrotask(() => askMismatch(pending.name, pending.config, mismatch, () => changeConfig(pending.config, { delay: 0 })));
      } else {
        next = pending.config;
        configs.put(id, business.name, next);
      }
    }
  }
  const changed = JSON.stringify(next) !== sentConfig;
  if (changed) intent.setConfig(structuredClone(next));
  renderRemembered();
  if (changed) refreshRoles();
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
  const text = typeof arg?.snapshot === 'string' ? arg.snapshot : '';
  const mb = text.length / 1_048_576;
  return timeoutMs + Math.max(0, Math.ceil(mb - 1)) * 3_000;
}

/** One engine call; `null` when it was stopped (the page then says so). */
async function call(op, arg) {
  const limit = allowance(arg);
  try {
    const { answer } = await engine.call(op, arg, { timeoutMs: limit });
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
/** Checks in `delay` ms; `trigger` (the focused control unless given) shows it is busy meanwhile. */
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
    snapshot: exportText(),
    config: intent.config,
    policies: policies.rules(),
    ...extra,
  };
}

async function check() {
  if (!state.started) return;
  const seq = ++state.seq;
  const inputId = state.inputId;
  if (exportText().trim() === '') {
    busy(false);
    $('#template-filled').hidden = true;
    showInputError(null);
    $('#input-summary').textContent = '';
    document.body.classList.remove('stale');
    findings.clear();
    matrix.clear();
    status('Paste an export, drop a file, or try the sample.');
    return;
  }
  status('Checking…');
  busy(true, state.trigger);
  const started = performance.now();
  // In plain words: task names, dates, and the page's controls instead of config paths.
  const sent = request({ matrix: true, plain: true });
  const sentConfig = JSON.stringify(sent.config);
  const answer = await call('check', sent);
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
  showInputError(null);
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
  state.lastGood = answer;
  state.goodFor = inputId;
  $('#template-filled').hidden = false;
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
    showInputError({ title, errors: answer.errors });
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
// The spreadsheet template (docs/spreadsheet-template.md): blank, or filled from the export
// loaded; a filled one dropped or chosen above is checked like any export.

async function downloadTemplate(snapshot) {
  const answer = await call('template', snapshot === undefined ? {} : { snapshot });
  if (!answer) return;
  if (answer.type === 'failure') {
    showInputError({ title: 'This export cannot be written as the spreadsheet template', errors: answer.errors });
    return;
  }
  const name = snapshot === undefined ? 'portfolio-guard-template.csv' : 'portfolio-guard-access.csv';
  download(name, answer.csv, 'text/csv;charset=utf-8');
  status(`Downloaded ${name}: fill it in, save it as CSV (UTF-8), and drop it in the box above.`);
}

$('#template-blank').addEventListener('click', () => downloadTemplate());
$('#template-filled').addEventListener('click', () => downloadTemplate(exportText()));

// ---------------------------------------------------------------------------------------------
// Exports and tests.

/** `<business>-access-review-<date>`, for an engine whose answer has no `file_stem`. */
function fileStem(answer) {
  if (answer.file_stem) return answer.file_stem;
  const day = String(answer.report?.evaluated_at ?? new Date().toISOString()).slice(0, 10);
  return `${slug(answer.report?.business?.name)}-access-review-${day}`;
}

for (const button of document.querySelectorAll('[data-format]')) {
  button.addEventListener('click', async () => {
    const format = button.dataset.format;
    // The client's report is in plain words; the technical one keeps the ids and config paths.
    const plain = button.dataset.plain === 'true';
    const answer = await call('check', request({ format, plain }));
    if (!answer) return;
    if (answer.type === 'failure') {
      showFailure(answer);
      return;
    }
    const [ext, type] = EXPORTS[format];
    const name = `${fileStem(answer)}${format === 'markdown' && !plain ? '-technical' : ''}.${ext}`;
    download(name, format === 'json' ? `${JSON.stringify(answer.report, null, 2)}\n` : answer.rendered, type);
    status(`Downloaded ${name}.`);
  });
}

// Printing (or saving as PDF): every finding opened, so its fix is on paper; closed again after.
let openedForPrint = [];
window.addEventListener('beforeprint', () => {
  openedForPrint = [...document.querySelectorAll('#findings details:not([open])')];
  for (const d of openedForPrint) d.open = true;
});
window.addEventListener('afterprint', () => {
  for (const d of openedForPrint) d.open = false;
  openedForPrint = [];
});
$('#print-report').addEventListener('click', () => window.print());

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
  if (samples?.type === 'success') state.samples = samples.samples;
  if (defaults?.type === 'success') intent.setDefaults(defaults.config);
  if (glossary?.type === 'success') intent.setGlossary(glossary.glossary?.tasks ?? null);
  // Task names in the matrix's details (an older engine has no glossary: the codes are shown).
  if (glossary?.type === 'success') matrix.setGlossary(glossary.glossary?.tasks ?? null);
  performance.mark('pg:samples-defaults');
  await refreshRoles({ force: true });
  performance.mark('pg:policies-compiled');
  state.started = true;
  $('#load-sample').disabled = state.samples.length === 0;
  // Time from navigation to "WebAssembly instantiated, policies compiled, ready to check".
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  if (params.has('sample')) $('#load-sample').click();
  else if (params.has('clipboard')) await checkClipboard();
  else if (input.value.trim()) scheduleCheck(0);
  else status('Ready. Fetch from Meta, paste an export, drop a file, or try the sample.');
}

start();
