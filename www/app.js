// The page: wires the input, the intent editor, the findings, the matrix and the custom-policy
// editor to the engine (the WebAssembly package, in a Web Worker). Everything runs here; the
// only requests are for the page's own files, and, once the user clicks *Fetch from Meta*, the
// Graph API calls of the collection (lib/collect.js).
import { $, h, fill, download, debounce } from './lib/dom.js';
import { Engine, TimeoutError } from './lib/engine.js';
import { FetchForm } from './lib/fetchform.js';
import { FindingsView } from './lib/findings.js';
import { IntentEditor } from './lib/intent.js';
import { MatrixView, renderLegend } from './lib/matrix.js';
import { PolicyEditor } from './lib/policies.js';
import { plural, formatDate } from './lib/labels.js';

performance.mark('pg:app-evaluating');
const STORE = { config: 'portfolio-guard.config', policies: 'portfolio-guard.policies' };
const SAMPLE = 'agency-onboarding';
const EXPORTS = {
  json: ['portfolio-guard-report.json', 'application/json'],
  csv: ['portfolio-guard-report.csv', 'text/csv'],
  markdown: ['portfolio-guard-report.md', 'text/markdown'],
  sarif: ['portfolio-guard-report.sarif', 'application/sarif+json'],
};

// How long a check may run, in ms; `?timeout=` overrides it (the browser tests use a short one).
const params = new URLSearchParams(location.search);
const timeoutMs = Number(params.get('timeout')) > 0 ? Number(params.get('timeout')) : 10_000;

const engine = new Engine({ timeoutMs });
// Start the engine (fetch, compile, worker) before building the views: they overlap.
const engineStarting = engine.start();
engineStarting.catch(() => {}); // reported in start()
const state = { samples: [], lastGood: null, seq: 0, started: false, big: null, fileName: null };

const status = (text) => { $('#status').textContent = text; };

const intent = new IntentEditor({ onChange: () => { saveConfig(); refreshRoles(); scheduleCheck(); } });
const findings = new FindingsView();
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

function saveConfig() {
  store(STORE.config, Object.keys(intent.config).length ? intent.config : null);
}

function savePolicies() {
  store(STORE.policies, policies.files.length ? policies.files : null);
}

$('#forget').addEventListener('click', () => {
  store(STORE.config, null);
  store(STORE.policies, null);
  intent.setConfig({});
  policies.setFiles([]);
  policies.showErrors(null);
  policies.showTests(null);
  refreshRoles();
  scheduleCheck(0);
  status('Forgotten: your config and your own rules are no longer stored on this device.');
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

input.addEventListener('input', () => {
  if (state.big) {
    state.big = null;
    input.placeholder = PLACEHOLDER;
  }
  scheduleCheck();
});

$('#clear-input').addEventListener('click', () => {
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
  setExport(sample.snapshot, `${sample.name}.json`);
  try {
    intent.setConfig(JSON.parse(sample.config));
  } catch {
    intent.setConfig({});
  }
  saveConfig();
  refreshRoles();
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
  intent.setConfig(config);
  saveConfig();
  refreshRoles();
  scheduleCheck(0);
  status(`Loaded the config ${file.name}.`);
});

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

async function refreshRoles() {
  const answer = await call('roles', { config: intent.config });
  if (answer?.type === 'success') intent.setRoles(answer.roles);
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
function scheduleCheck(delay = 300) {
  clearTimeout(timer);
  timer = setTimeout(check, delay);
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
  if (exportText().trim() === '') {
    $('#template-filled').hidden = true;
    showInputError(null);
    $('#input-summary').textContent = '';
    document.body.classList.remove('stale');
    status('Paste an export, drop a file, or try the sample.');
    return;
  }
  status('Checking…');
  const started = performance.now();
  const answer = await call('check', request({ matrix: true }));
  if (seq !== state.seq) return; // a newer check is under way
  if (!answer) {
    document.body.classList.add('stale');
    return;
  }
  $('#banner').hidden = true;
  if (answer.type === 'failure') {
    showFailure(answer);
    return;
  }
  showInputError(null);
  showConfigError(null);
  policies.showErrors(null);
  document.body.classList.remove('stale');
  state.lastGood = answer;
  $('#template-filled').hidden = false;
  const { report, matrix: m } = answer;
  const timed = (name, f) => {
    const t = performance.now();
    f();
    performance.measure(`pg:render-${name}`, { start: t, end: performance.now() });
  };
  timed('intent', () => intent.render(m.principals));
  timed('findings', () => findings.render(report));
  timed('matrix', () => matrix.render(m, report));
  const people = m.principals.filter((p) => p.known && p.kind === 'member').length;
  const partners = m.principals.filter((p) => p.known && p.kind === 'partner').length;
  $('#input-summary').textContent = `${report.business.name}: ${plural(people, 'person', 'people')} and system users, `
    + `${plural(partners, 'partner')}, ${plural(m.assets.length, 'asset')}, ${plural(m.cells.length, 'grant')}; `
    + `captured ${formatDate(m.captured_at)}.`;
  const ms = Math.round(performance.now() - started);
  status(`Checked in ${ms} ms: ${plural(report.findings.length, 'finding')}${report.summary.suppressed ? `, ${report.summary.suppressed} accepted` : ''}.`);
}

function showFailure(answer) {
  document.body.classList.add('stale');
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
  status(`${title}. The results shown are from the last good check.`);
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

for (const button of document.querySelectorAll('[data-format]')) {
  button.addEventListener('click', async () => {
    const format = button.dataset.format;
    const answer = await call('check', request({ format }));
    if (!answer) return;
    if (answer.type === 'failure') {
      showFailure(answer);
      return;
    }
    const [name, type] = EXPORTS[format];
    download(name, format === 'json' ? `${JSON.stringify(answer.report, null, 2)}\n` : answer.rendered, type);
    status(`Downloaded ${name}.`);
  });
}

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
  intent.setConfig(load(STORE.config) ?? {});
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
  const [samples, defaults] = await Promise.all([call('samples'), call('defaults')]);
  if (samples?.type === 'success') state.samples = samples.samples;
  if (defaults?.type === 'success') intent.setDefaults(defaults.config);
  performance.mark('pg:samples-defaults');
  await refreshRoles();
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
