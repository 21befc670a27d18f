// DOM helpers. Every piece of text from the user's data goes in through text nodes
// (textContent), never through HTML parsing: names like `<img src=x onerror=…>` stay text.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `h('p', {class: 'x', onclick: f}, 'text', child)`: an element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') {
      el[key] = value;
    } else if (key === 'style') {
      throw new Error('no inline styles: the CSP forbids them; use a class');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children: nodes, strings (as text), arrays, ignoring null/false. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text with `backticked` parts as <code>, the way the rules write names and ids. */
export function richText(text) {
  const parts = String(text ?? '').split('`');
  return parts.map((p, i) => (i % 2 === 1 ? h('code', {}, p) : p)).filter((p) => p !== '');
}

/**
 * The first element matching `sel` (in `root`, the document unless given). Typed as the element
 * the caller expects (`HTMLElement` unless told): the page's selectors name elements it has.
 * @template {Element} [T=HTMLElement]
 * @param {string} sel
 * @param {ParentNode} [root]
 * @returns {T}
 */
export const $ = (sel, root = document) => /** @type {T} */ (root.querySelector(sel));

/** Saves `text` as a file through a temporary object URL (nothing leaves the browser). */
export function download(filename, text, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
