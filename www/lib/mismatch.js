// The question asked before a config file is applied that names partners or people of which
// none is in the export checked: probably another business's config (lib/configs.js finds it).
import { $, h, fill } from './dom.js';

/**
 * @typedef {object} Mismatch What of a config does not match the export (configMismatch()).
 * @property {boolean} none it names partners or people, and none of them is in the export
 * @property {number} named how many partners and people it names
 * @property {string[]} partners the partners it names that are not in the export
 * @property {string[]} members the people and system users it names that are not in the export
 */

/**
 * Says what does not match and asks before applying the config: *Apply anyway* calls `onApply`,
 * *Cancel* leaves the business's config as it is. Either focuses the config's download button.
 * @param {object} question
 * @param {string} question.fileName the config file's name
 * @param {string} question.who the business checked, in words
 * @param {Mismatch} question.mismatch
 * @param {() => void} question.onApply
 * @param {(text: string) => void} question.status says something on the page's status line
 */
export function askMismatch({ fileName, who, mismatch, onApply, status }) {
  const box = $('#config-mismatch');
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
      h('button', { type: 'button', class: 'secondary small', onclick: () => { done(); onApply(); } }, 'Apply anyway'),
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
  $('button.primary', box).focus();
}

/** Takes the question away (answered, or about a business no longer checked). */
export function hideMismatch() {
  const box = $('#config-mismatch');
  box.hidden = true;
  box.replaceChildren();
}
