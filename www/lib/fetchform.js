// Section 1's "Fetch from Meta" form: the library's collection plan, its calls made with fetch
// (collect.js); the bundle it gives goes to `onBundle`, which checks it like a dropped file. The
// token is read from its field when Fetch is clicked, is kept by that fetch only, and the field
// is emptied when it ends, however it ends.
import { $, h, fill, download, richText } from './dom.js';
import { collect, collectorPackage } from './collect.js';
import { plural } from './labels.js';

export class FetchForm {
  /**
   * @param {object} o
   * @param {() => Promise<WebAssembly.Module | null>} o.module the engine's compiled package, reused
   * @param {(text: string, name: string) => void} o.onBundle the collected bundle, to check
   * @param {(text: string) => void} o.status the page's status line
   */
  constructor({ module, onBundle, status }) {
    this.module = module;
    this.onBundle = onBundle;
    this.status = status;
    /** The fetch in progress (its AbortController), and the last bundle collected. */
    this.fetching = null;
    this.collected = null;
    /**
     * @type {{business: HTMLInputElement, token: HTMLInputElement, version: HTMLInputElement,
     *   graph: HTMLInputElement, start: HTMLButtonElement, cancel: HTMLButtonElement,
     *   download: HTMLButtonElement, box: HTMLElement, bar: HTMLProgressElement, text: HTMLElement,
     *   error: HTMLElement}}
     */
    this.ui = {
      business: $('#fetch-business'), token: $('#fetch-token'), version: $('#fetch-version'), graph: $('#fetch-graph'),
      start: $('#fetch-start'), cancel: $('#fetch-cancel'), download: $('#fetch-download'),
      box: $('#fetch-progress-box'), bar: $('#fetch-progress'), text: $('#fetch-status'), error: $('#fetch-error'),
    };
    const ui = this.ui;
    ui.start.addEventListener('click', () => this.start());
    for (const field of [ui.business, ui.token]) {
      field.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        this.start();
      });
    }
    ui.cancel.addEventListener('click', () => this.fetching?.abort());
    ui.download.addEventListener('click', () => {
      if (!this.collected) return;
      download(this.collected.name, this.collected.text, 'application/json');
      this.status(`Downloaded ${this.collected.name}.`);
    });
  }

  /** Puts the cursor in the business ID field (`?fetch`, from the extension's popup). */
  focus() {
    this.ui.business.focus();
  }

  showError(title, errors = []) {
    const box = this.ui.error;
    if (!title) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    fill(box, h('p', { class: 'where' }, title), h('ul', {}, errors.map((e) => h('li', {}, richText(e.message)))));
    box.hidden = false;
  }

  /** Synchronous up to the extension's permission request, which needs the click's user gesture. */
  start() {
    if (this.fetching) return;
    const ui = this.ui;
    this.showError(null);
    const businessId = ui.business.value.trim();
    const graphUrl = ui.graph.value.trim() || ui.graph.defaultValue;
    const apiVersion = ui.version.value.trim() || ui.version.defaultValue;
    const missing = !businessId ? ui.business : (!ui.token.value.trim() ? ui.token : null);
    if (missing) {
      this.showError(missing === ui.business ? 'Enter the business portfolio ID' : 'Paste an access token', [{
        message: missing === ui.business
          ? 'It is the number in Business Settings → Business info.'
          : 'Get one as explained next to the form, with the `business_management` permission.',
      }]);
      missing.focus();
      return;
    }
    // In the extension, the Graph API's host is an optional permission: ask for it now, inside
    // the click, before anything is awaited (Chrome asks the user only from a user gesture). Once
    // granted, asking again answers at once.
    let allowed = Promise.resolve(true);
    let origin = null;
    try {
      origin = new URL(graphUrl).origin;
    } catch {
      // Not a URL: the plan refuses it with its own message, before any request.
    }
    const permissions = globalThis.chrome?.permissions;
    if (permissions?.request && origin) allowed = permissions.request({ origins: [`${origin}/*`] });
    this.run({ businessId, graphUrl, apiVersion, origin }, allowed);
  }

  async run({ businessId, graphUrl, apiVersion, origin }, allowed) {
    const ui = this.ui;
    const controller = new AbortController();
    this.fetching = controller;
    let token = ui.token.value.trim();
    const hide = (text) => (token ? String(text).split(token).join('[access token]') : String(text));
    const hadFocus = document.activeElement;
    ui.start.disabled = true;
    ui.token.readOnly = true;
    ui.business.readOnly = true;
    ui.cancel.hidden = false;
    ui.download.hidden = true;
    ui.box.hidden = false;
    ui.bar.max = 1;
    ui.bar.value = 0;
    ui.text.textContent = 'Starting…';
    if (hadFocus === ui.start) ui.cancel.focus();
    this.status('Fetching from Meta…');
    const started = performance.now();
    let result;
    try {
      let granted;
      try {
        granted = await allowed;
      } catch (err) {
        granted = err;
      }
      if (granted !== true) {
        result = {
          type: 'failure',
          errors: [{
            message: granted === false
              ? `The extension was not allowed to connect to ${origin}, so nothing was fetched. Click Fetch again and choose Allow.`
              : `The extension cannot connect to ${origin}: ${granted?.message ?? granted}. It may connect only to Meta's Graph API (https://graph.facebook.com).`,
          }],
        };
      } else {
        const pkg = await collectorPackage(await this.module());
        result = await collect({
          pkg, businessId, token, graphUrl, apiVersion, signal: controller.signal,
          onProgress: (p, step) => this.showProgress(p, step),
        });
      }
    } catch (err) {
      result = { type: 'failure', errors: [{ message: `the fetch stopped unexpectedly: ${hide(err?.message ?? err)}` }] };
    } finally {
      token = null;
      ui.token.value = '';
      ui.token.readOnly = false;
      ui.business.readOnly = false;
      ui.start.disabled = false;
      ui.cancel.hidden = true;
      ui.download.hidden = !this.collected;
      this.fetching = null;
    }
    this.finish(result, businessId, started);
  }

  finish(result, businessId, started) {
    const ui = this.ui;
    const p = result.progress;
    const ms = Math.round(performance.now() - started);
    if (result.type === 'success') {
      performance.measure('pg:fetch', { start: started, duration: ms });
      const date = new Date().toISOString().slice(0, 10);
      const name = `meta-graph-bundle-${businessId.replace(/[^\w-]/g, '')}-${date}.json`;
      this.collected = { text: result.bundle, name };
      ui.download.hidden = false;
      ui.bar.max = Math.max(1, p.total);
      ui.bar.value = p.total;
      ui.text.textContent = `Fetched ${plural(p.total, 'request')} in ${plural(p.calls, 'call')} (${(ms / 1000).toFixed(1)} s). `
        + 'The results are below; download the bundle to start your next review from it.';
      if (document.activeElement === ui.cancel || document.activeElement === document.body) ui.download.focus();
      this.onBundle(result.bundle, name);
    } else if (result.type === 'cancelled') {
      ui.text.textContent = `Fetch cancelled${p ? ` after ${p.done} of ${plural(p.total, 'request')}` : ''}: nothing was changed.`;
      this.status('Fetch cancelled.');
    } else {
      ui.box.hidden = true;
      ui.text.textContent = 'The fetch stopped: see why below.';
      this.showError('Meta could not be read', result.errors);
      this.status('The fetch from Meta stopped.');
    }
    if (ui.cancel.contains(document.activeElement) || document.activeElement === document.body) ui.start.focus();
  }

  showProgress(p, step) {
    const ui = this.ui;
    ui.bar.max = Math.max(1, p.total);
    ui.bar.value = p.done;
    const counted = `${p.done} of ${plural(p.total, 'request')}`;
    if (step.kind === 'wait') {
      ui.text.textContent = `${counted} — waiting ${Math.ceil(step.ms / 1000)} s: ${step.reason}`;
    } else if (step.kind === 'send' && p.reading) {
      ui.text.textContent = `${counted} — reading ${p.reading}`;
    } else {
      ui.text.textContent = counted;
    }
  }
}
