// The businesses whose configs are remembered on this device (the *Remembered* list under the
// config editor), each with a *Forget* button. It shows what it is given; forgetting is the
// page's business (app.js).
import { $, h, fill } from './dom.js';
import { formatDate } from './labels.js';

export class RememberedList {
  /**
   * @param {object} options
   * @param {(id: string, name: string) => void} options.onForget *Forget* was clicked for business `id`
   */
  constructor({ onForget }) {
    this.onForget = onForget;
    /** @type {HTMLDetailsElement} */
    const details = $('#remembered');
    $('#remembered-link').addEventListener('click', () => { details.open = true; });
  }

  /**
   * Lists the remembered businesses, by name.
   * @param {Record<string, import('./configs.js').StoredConfig>} all the stored configs, by business id
   * @param {string | null | undefined} currentId the business whose config the editor holds
   */
  render(all, currentId) {
    const ids = Object.keys(all).sort((a, b) => String(all[a].name ?? a).localeCompare(String(all[b].name ?? b)));
    $('#remembered').hidden = ids.length === 0;
    $('#remembered-link').hidden = ids.length === 0;
    $('#remembered-count').textContent = ` (${ids.length})`;
    fill($('#remembered-list'), ids.map((id) => {
      const e = all[id];
      const name = e.name ?? `Business ${id}`;
      return h('li', {},
        h('span', { class: 'remembered-name' }, name),
        h('span', { class: 'muted small' }, ` · business ${id}${e.saved_at ? ` · saved ${formatDate(e.saved_at)}` : ''}${currentId === id ? ' · shown above' : ''}`),
        ' ',
        h('button', {
          type: 'button',
          class: 'secondary small',
          'aria-label': `Forget the config of ${name}`,
          onclick: () => this.onForget(id, name),
        }, 'Forget'));
    }));
  }

  /**
   * After a business was forgotten: focus on the list (or the config's download button when it
   * is empty), and say so next to it (the status line is soon about the check this may start).
   * @param {string} name
   */
  forgotten(name) {
    ($('#remembered-list button') ?? $('#export-config')).focus();
    $('#remembered-status').textContent = `Forgotten: the config of ${name} is no longer stored on this device.`;
  }
}
