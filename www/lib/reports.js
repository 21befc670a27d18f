// The downloads and the printout: the report in each format (the buttons with `data-format`),
// the spreadsheet template (docs/spreadsheet-template.md: blank, or filled from the export
// loaded), and printing with every finding opened. The engine calls and what a failure means
// are the page's (app.js); this module turns answers into files.
import { $, download } from './dom.js';

// Report downloads: the file's extension and type, per format (the name is the answer's `file_stem`).
const EXPORTS = {
  json: ['json', 'application/json'],
  csv: ['csv', 'text/csv;charset=utf-8'],
  markdown: ['md', 'text/markdown;charset=utf-8'],
  sarif: ['sarif', 'application/sarif+json'],
};

/**
 * @typedef {object} ReportsOptions
 * @property {(format: string, plain: boolean) => Promise<any>} report the engine's answer to a
 *   check rendered in `format`, or `null` when it was stopped (the page has said why)
 * @property {(snapshot?: string) => Promise<any>} template the engine's answer to `template`
 *   (blank without `snapshot`), or `null` when it was stopped
 * @property {() => string} exportText the export loaded
 * @property {(answer: any) => void} onFailure a failure answer to a report's check
 * @property {(failure: {title: string, errors?: any[]}) => void} onTemplateFailure the export cannot be written as the template
 * @property {(text: string) => void} status says something on the page's status line
 */

export class Reports {
  /** @param {ReportsOptions} options */
  constructor(options) {
    this.options = options;
    for (const button of document.querySelectorAll('[data-format]')) {
      if (button instanceof HTMLElement) button.addEventListener('click', () => this.downloadReport(button));
    }
    $('#template-blank').addEventListener('click', () => this.downloadTemplate());
    $('#template-filled').addEventListener('click', () => this.downloadTemplate(options.exportText()));

    // Printing (or saving as PDF): every finding opened, so its fix is on paper; closed again after.
    /** @type {HTMLDetailsElement[]} */
    let openedForPrint = [];
    window.addEventListener('beforeprint', () => {
      openedForPrint = [.../** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('#findings details:not([open])'))];
      for (const d of openedForPrint) d.open = true;
    });
    window.addEventListener('afterprint', () => {
      for (const d of openedForPrint) d.open = false;
      openedForPrint = [];
    });
    $('#print-report').addEventListener('click', () => window.print());
  }

  /**
   * The *filled template* download is offered once an export was checked.
   * @param {boolean} shown
   */
  offerFilledTemplate(shown) {
    $('#template-filled').hidden = !shown;
  }

  /**
   * A report download: the format is the button's `data-format`; `data-plain="true"` makes the
   * client's report (in plain words), otherwise the technical one keeps the ids and config paths.
   * @param {HTMLElement} button
   */
  async downloadReport(button) {
    const { report, onFailure, status } = this.options;
    const format = button.dataset.format;
    const plain = button.dataset.plain === 'true';
    const answer = await report(format, plain);
    if (!answer) return;
    if (answer.type === 'failure') {
      onFailure(answer);
      return;
    }
    const [ext, type] = EXPORTS[format];
    const name = `${answer.file_stem}${format === 'markdown' && !plain ? '-technical' : ''}.${ext}`;
    download(name, format === 'json' ? `${JSON.stringify(answer.report, null, 2)}\n` : answer.rendered, type);
    status(`Downloaded ${name}.`);
  }

  /**
   * The spreadsheet template: blank, or filled from `snapshot`.
   * @param {string} [snapshot]
   */
  async downloadTemplate(snapshot) {
    const { template, onTemplateFailure, status } = this.options;
    const answer = await template(snapshot);
    if (!answer) return;
    if (answer.type === 'failure') {
      onTemplateFailure({ title: 'This export cannot be written as the spreadsheet template', errors: answer.errors });
      return;
    }
    const name = snapshot === undefined ? 'portfolio-guard-template.csv' : 'portfolio-guard-access.csv';
    download(name, answer.csv, 'text/csv;charset=utf-8');
    status(`Downloaded ${name}: fill it in, save it as CSV (UTF-8), and drop it in the box above.`);
  }
}
