// The input area: the export box, the drop zone, the file choice, the clipboard button, the
// sample button, and the box's error list. It holds the export (the box's text, or a large
// export kept out of the box) and tells the page when a new one is in or the one there is
// edited; what that means for the check is the page's business (app.js).
import { $, h, fill } from './dom.js';

// An export larger than this is checked as it is but not put into the box: a textarea holding
// tens of megabytes makes the browser lay out every line, which takes longer than the check.
const SHOW_LIMIT = 2 * 1_048_576;
// The sample loaded by *Try the sample* (the first one when the engine has no such sample).
const SAMPLE = 'agency-onboarding';

/**
 * @typedef {object} InputChange What happened to the export.
 * @property {boolean} fresh a new export is in (put in, pasted, dropped, cleared), not an edit of the one there
 * @property {boolean} reveal bring the findings into view when its first result arrives
 * @property {number} delay check in this many ms
 */

/**
 * @typedef {object} InputProblem An error in the export, as the engine reports it.
 * @property {string} message
 * @property {number} [line]
 * @property {number} [column]
 * @property {string} [path]
 */

/**
 * @typedef {object} InputFailure What is wrong with the export: a title and the errors.
 * @property {string} title
 * @property {InputProblem[]} [errors]
 */

/** @typedef {{name: string, description: string, snapshot: string, config: string}} Sample */

export class InputArea {
  /**
   * @param {object} options
   * @param {(change: InputChange) => void} options.onChange the export changed: check it
   * @param {(sample: Sample) => void} options.onSample *Try the sample* was clicked (see loadSample())
   * @param {(text: string) => void} options.status says something on the page's status line
   */
  constructor({ onChange, onSample, status }) {
    this.onChange = onChange;
    this.onSample = onSample;
    this.status = status;
    /** @type {HTMLTextAreaElement} */
    this.box = $('#snapshot-input');
    this.placeholder = this.box.placeholder;
    /** @type {{text: string, name: string | null} | null} a large export, not shown in the box */
    this.big = null;
    /** @type {Sample[]} */
    this.samples = [];
    /** @type {HTMLButtonElement} */
    this.sampleButton = $('#load-sample');

    this.box.addEventListener('input', (e) => {
      this.dropBig();
      // A paste or a drop into the box is a new export; typing edits the one there.
      const type = /** @type {InputEvent} */ (e).inputType;
      const fresh = type === 'insertFromPaste' || type === 'insertFromDrop';
      this.onChange({ fresh, reveal: fresh, delay: 300 });
    });

    $('#clear-input').addEventListener('click', () => {
      this.dropBig();
      this.box.value = '';
      this.onChange({ fresh: true, reveal: false, delay: 0 });
      this.box.focus();
    });

    $('#file-input').addEventListener('change', async (e) => {
      const chooser = /** @type {HTMLInputElement} */ (e.target);
      const file = chooser.files?.[0];
      chooser.value = '';
      if (file) await this.read(file);
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
      if (file) await this.read(file);
      else if (e.dataTransfer?.getData('text')) {
        this.set(e.dataTransfer.getData('text'), null);
      }
    });
    // A file dropped next to the box should not navigate away from the page.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());

    this.sampleButton.addEventListener('click', () => this.loadSample());

    // Reading the clipboard needs the browser's permission (the extension declares
    // `clipboardRead`; a web page asks); where the browser cannot, the button stays hidden and
    // Ctrl+V works as ever.
    const clipboardButton = $('#paste-clipboard');
    clipboardButton.hidden = typeof navigator.clipboard?.readText !== 'function';
    clipboardButton.addEventListener('click', () => this.pasteClipboard());
  }

  /** The export to check: the large one loaded from a file or the clipboard, or the box's text. */
  text() {
    return this.big?.text ?? this.box.value;
  }

  /**
   * Puts an export in place (shown in the box unless it is large) and checks it.
   * @param {string} text
   * @param {string | null} name the file's name, or what the export is ("The copied export")
   */
  set(text, name) {
    if (text.length > SHOW_LIMIT) {
      this.big = { text, name };
      this.box.value = '';
      this.box.placeholder = `${name ?? 'The export'} (${(text.length / 1_048_576).toFixed(1)} MB) is loaded and checked, but too large to show here. Type or paste to replace it.`;
    } else {
      this.dropBig();
      this.box.value = text;
    }
    this.onChange({ fresh: true, reveal: true, delay: 0 });
  }

  /** Forgets the large export (the box is typed or pasted into, or cleared). */
  dropBig() {
    if (!this.big) return;
    this.big = null;
    this.box.placeholder = this.placeholder;
  }

  /**
   * The samples the engine has: *Try the sample* is enabled when there is one.
   * @param {Sample[]} samples
   */
  setSamples(samples) {
    this.samples = samples;
    this.sampleButton.disabled = samples.length === 0;
  }

  /** *Try the sample*: hands the sample to `onSample` (which puts it in with set()). */
  loadSample() {
    const sample = this.samples.find((x) => x.name === SAMPLE) ?? this.samples[0];
    if (sample) this.onSample(sample);
  }

  /**
   * Reads a chosen or dropped file into place.
   * @param {File} file
   */
  async read(file) {
    try {
      this.set(await file.text(), file.name);
    } catch (err) {
      this.showError({ title: `${file.name} could not be read: ${err?.message ?? err}` });
    }
  }

  /** Checks the export on the clipboard (the button, or `?clipboard` from the extension). */
  async pasteClipboard() {
    let text;
    try {
      text = await navigator.clipboard.readText();
    } catch (err) {
      this.showError({ title: 'The clipboard could not be read', errors: [{ message: `${err?.message ?? err}. Paste into the box instead (Ctrl+V or ⌘V).` }] });
      this.box.focus();
      return;
    }
    if (!text.trim()) {
      this.showError({ title: 'The clipboard is empty', errors: [{ message: 'Copy the export (a snapshot or a Graph API capture) first, or paste it into the box.' }] });
      return;
    }
    this.set(text, 'The copied export');
    this.status('Checking the export from the clipboard…');
  }

  /**
   * Shows what is wrong with the export under the box (each error with its line and a *Go to
   * line* button), or, given `null`, clears it.
   * @param {InputFailure | null} failure
   */
  showError(failure) {
    const box = $('#input-error');
    const input = this.box;
    if (!failure) {
      box.hidden = true;
      box.replaceChildren();
      input.removeAttribute('aria-invalid');
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    const lines = this.text().split('\n');
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
          e.line && !this.big ? h('button', { type: 'button', class: 'secondary small', onclick: () => this.goToLine(e.line, e.column) }, `Go to line ${e.line}`) : null);
      })));
    box.hidden = false;
  }

  /**
   * Selects the character at `line`, `column` in the box and scrolls it into view.
   * @param {number} line
   * @param {number} [column]
   */
  goToLine(line, column = 1) {
    const input = this.box;
    const lines = input.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, (column ?? 1) - 1);
    input.focus();
    input.setSelectionRange(start, Math.min(start + 1, input.value.length));
    const lineHeight = parseFloat(getComputedStyle(input).lineHeight) || 18;
    input.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }
}
