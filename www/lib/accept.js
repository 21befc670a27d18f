// "Accept this risk": an inline form under a finding (reason, owner, expiry; all required, the
// expiry in the future) that records an exception in the org config. The engine then moves the
// finding to the accepted risks until the expiry date, and reports it again after.
import { h } from './dom.js';
import { focusSetting, textField, today } from './intent.js';

/** The rule and subject an exception needs; the exception findings themselves cannot be accepted. */
export function canAccept(finding) {
  return !!finding?.rule && !!finding?.subject?.id && finding.category !== 'exceptions';
}

/** The exception that accepts a finding: `{rule, subject, asset?, reason, owner, expires}`. */
export function exceptionFor(finding, { reason, owner, expires }) {
  const e = { rule: finding.rule, subject: String(finding.subject.id) };
  if (finding.asset?.id) e.asset = String(finding.asset.id);
  return { ...e, reason, owner, expires };
}

let lastOwner = '';
let counter = 0;

// The findings are drawn again after every check (typing in the config re-checks): an open form
// follows its finding into the new list, with what was typed and the focus it had.
const open = new Map(); // form → {signature, lastFocused}
let observer = null;

/** What tells a finding apart in the list, as drawn: its rule, who and what, and its message. */
function signature(anchor) {
  const item = anchor?.closest?.('details.finding');
  if (!item) return null;
  return {
    rule: item.dataset.rule,
    who: item.querySelector('.who')?.textContent ?? '',
    message: item.querySelector('.message')?.textContent ?? '',
  };
}

function rehome() {
  for (const [form, entry] of open) {
    if (form.isConnected) continue;
    const { rule, who, message } = entry.signature;
    const same = [.../** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('#finding-list details.finding'))]
      .filter((d) => d.dataset.rule === rule && (d.querySelector('.who')?.textContent ?? '') === who);
    const item = same.find((d) => (d.querySelector('.message')?.textContent ?? '') === message) ?? (same.length === 1 ? same[0] : null);
    const button = item?.querySelector('button.accept');
    if (!button) {
      open.delete(form); // fixed, accepted or filtered out meanwhile
      continue;
    }
    item.open = true;
    entry.anchor = button;
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', form.id);
    (button.closest('.actions') ?? button).after(form);
    const active = document.activeElement;
    if ((!active || active === document.body) && entry.lastFocused?.isConnected) entry.lastFocused.focus({ preventScroll: true });
  }
}

function watch() {
  const list = document.querySelector('#finding-list');
  if (observer || !list) return;
  observer = new MutationObserver(() => { if (open.size) rehome(); });
  observer.observe(list, { childList: true });
}

/**
 * Opens the form after `anchor` (the finding's "Accept this risk" button, or its row of
 * buttons). `onSave(exception)` records it (app.js: into the config, saved, re-checked). A second
 * click on the same finding's button focuses the open form.
 */
/**
 * @param {any} finding
 * @param {{anchor?: HTMLElement, onSave?: (exception: any) => void, onCancel?: () => void}} [options]
 */
export function acceptRisk(finding, { anchor, onSave, onCancel } = {}) {
  const host = anchor?.closest?.('.actions') ?? anchor ?? null;
  const already = host?.parentElement?.querySelector(':scope > .accept-form');
  if (already) {
    /** @type {HTMLElement | null} */ (already.querySelector('input, textarea, button'))?.focus();
    return already;
  }
  counter += 1;
  const id = `accept-${counter}`;
  const what = [finding.title ?? finding.rule, finding.subject?.name ?? finding.subject?.id].filter(Boolean).join(': ');
  if (!canAccept(finding)) {
    // An exception finding (expired, unused) is fixed on the exception itself.
    const path = /^exceptions\[\d+\]$/.test(String(finding?.subject?.id ?? '')) ? finding.subject.id : null;
    const note = h('div', { class: 'accept-form note', tabindex: '-1', role: 'note' },
      h('p', {}, 'This finding is about an accepted risk itself: another one cannot set it apart. Give it a new date, or remove it, under “Who should be doing what” → Accepted risks.'),
      path ? h('button', { type: 'button', class: 'secondary small', onclick: () => focusSetting(path) }, 'Go to this accepted risk') : null);
    place(host, note);
    note.focus();
    return note;
  }
  const reason = textField({ id: `${id}-reason`, labelled: true, required: true, placeholder: 'e.g. Agency restructures the account during onboarding' });
  const owner = textField({ id: `${id}-owner`, labelled: true, required: true, value: lastOwner, placeholder: 'email or name', autocomplete: 'email' });
  const expires = textField({
    id: `${id}-expires`,
    labelled: true,
    required: true,
    date: true,
    describedBy: `${id}-expires-hint`,
    check: (v) => (v.slice(0, 10) <= today() ? `Pick a date after today (${today()}).` : null),
  });
  const close = () => {
    const back = open.get(form)?.anchor ?? anchor;
    open.delete(form);
    form.remove();
    back?.setAttribute?.('aria-expanded', 'false');
    back?.focus?.();
  };
  const form = h('form', { class: 'accept-form', id, novalidate: true, 'aria-labelledby': `${id}-h` },
    h('h4', { id: `${id}-h` }, 'Accept this risk'),
    h('p', { class: 'small muted' }, `${what}. It moves to the accepted risks until the date you give, then comes back as a finding. Recorded in your config (exceptions).`),
    h('div', { class: 'accept-fields' },
      h('div', { class: 'field wide' }, h('label', { for: reason.input.id }, 'Why it is accepted'), reason.input, reason.error),
      h('div', { class: 'field' }, h('label', { for: owner.input.id }, 'Who accepts it'), owner.input, owner.error),
      h('div', { class: 'field' }, h('label', { for: expires.input.id }, 'Until'), expires.input,
        h('span', { class: 'hint', id: `${id}-expires-hint` }, `YYYY-MM-DD, after today; e.g. ${today(90)} (in 90 days).`),
        expires.error)),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary small' }, 'Accept the risk'),
      h('button', { type: 'button', class: 'secondary small', onclick: () => { close(); onCancel?.(); } }, 'Cancel')));
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      onCancel?.();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values = [reason.validate(), owner.validate(), expires.validate()];
    const first = [reason, owner, expires].find((f, i) => values[i] === undefined);
    if (first) {
      first.input.focus();
      return;
    }
    const [r, o, x] = values;
    lastOwner = o;
    open.delete(form);
    form.remove();
    onSave?.(exceptionFor(finding, { reason: r, owner: o, expires: x }));
  });
  place(host, form);
  anchor?.setAttribute?.('aria-expanded', 'true');
  anchor?.setAttribute?.('aria-controls', id);
  const sig = signature(anchor);
  if (sig) {
    const entry = { signature: sig, anchor, lastFocused: null };
    form.addEventListener('focusin', (e) => { entry.lastFocused = e.target; });
    open.set(form, entry);
    watch();
  }
  reason.input.focus();
  return form;
}

function place(host, el) {
  if (host?.isConnected) host.after(el);
  else document.querySelector('#finding-list')?.before(el);
}
