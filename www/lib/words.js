// A finding's text as nodes, as the web page and the package's <portfolio-guard-report> show it
// (the package build copies this file): `backticked` parts as <code>, each task name the finding explains (`terms`) as an <abbr>
// telling its Meta code and what it allows, dates in the reader's locale. Text only: nothing
// from a report is ever parsed as HTML.
import { h } from './dom.js';
import { formatDate } from './labels.js';

/** A date (`YYYY-MM-DD` or a timestamp) in the reader's locale, machine-readable too. */
export function dateText(text) {
  return h('time', { datetime: String(text ?? '') }, formatDate(text));
}

const escape = (t) => t.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DATE = /\b(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/;

/**
 * `text` as nodes. The first mention of each term (not yet in `seen`) is focusable and tells
 * its code and what it allows on focus too (the page's tooltip); later ones on hover only.
 * @param {unknown} text
 * @param {{code: string, name?: string, allows?: string}[]} [terms]
 * @param {Set<string>} [seen]
 * @returns {(Node | string)[]}
 */
export function words(text, terms = [], seen = new Set()) {
  const named = (terms ?? []).filter((t) => t?.name);
  const names = [...new Set(named.map((t) => t.name))].sort((a, b) => b.length - a.length);
  const byName = new Map(named.map((t) => [t.name.toLowerCase(), t]));
  const pattern = new RegExp([
    ...(names.length ? [`(?<![\\p{L}\\p{N}])(?<term>${names.map(escape).join('|')})(?![\\p{L}\\p{N}])`] : []),
    `(?<date>${DATE.source})`,
  ].join('|'), 'giu');
  /** @type {(Node | string)[]} */
  const out = [];
  String(text ?? '').split('`').forEach((part, i) => {
    if (part === '') return;
    if (i % 2 === 1) {
      out.push(h('code', {}, part));
      return;
    }
    let at = 0;
    for (const m of part.matchAll(pattern)) {
      if (m.index > at) out.push(part.slice(at, m.index));
      if (m.groups?.term) {
        const t = byName.get(m.groups.term.toLowerCase());
        const tip = `${t.code}${t.allows ? `: ${t.allows}` : ''}`;
        const first = !seen.has(t.code);
        seen.add(t.code);
        out.push(h('abbr', { class: 'term', tabindex: first ? '0' : null, title: tip, dataset: { tip } }, m.groups.term));
      } else {
        out.push(dateText(m[0]));
      }
      at = m.index + m[0].length;
    }
    if (at < part.length) out.push(part.slice(at));
  });
  return out;
}
