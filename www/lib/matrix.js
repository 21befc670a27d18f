// The access matrix: partners and people (rows) × assets (columns), each cell coloured by what
// the grant allows, with what the engine says of it (more than the role allows, less than it
// needs, another problem, an accepted risk), who owns each asset, and the portfolio admins'
// implied full control. SVG, with sticky-like headers (three SVGs whose scrolling is kept in
// step), labels fitted to their space (full name on hover, and read out with the cell on
// focus), hover details, and arrow-key reading of every cell.
import { $, h, s, fill } from './dom.js';
import { ASSET_TYPE_ORDER, LEVELS, assetType, level as levelLabel } from './labels.js';

const TYPE_SHORT = {
  ad_account: 'Ad', page: 'Page', instagram_account: 'IG', pixel: 'Pixel', dataset: 'Data',
  catalog: 'Catalog', app: 'App', whatsapp_business_account: 'WA', other: 'Other',
};
const GROUPS = { partner: 'Partners', person: 'People', system_user: 'System users', unknown: 'Not in the portfolio' };
// Column-heading marks for an asset the portfolio does not own.
const OWNER_FLAG = { partner: '◆', other: '▲', unknown: '▲' };
const VERDICT_CLASS = { exceeds: 'excess', below: 'below', problem: 'problem', accepted: 'accepted' };

// The most rows and columns drawn (a larger portfolio shows its most problematic part).
const MAX_ROWS = 150;
const MAX_COLS = 300;
// Label sizes (px), and the font of the SVG text (app.css `.matrix text`).
const FONT = 12;
const KIND_FONT = 10;

const who = (p) => p.name ?? (p.known ? p.id : `unknown ${p.kind} ${p.id}`);
const assetName = (a) => a.name ?? a.id;
const normalTask = (type, code) => (type === 'page' ? String(code).replace(/^PROFILE_PLUS_/, '') : String(code));

export function renderLegend() {
  const item = (cls, text) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  fill($('#legend'),
    LEVELS.map((l) => item(l, levelLabel(l))),
    item('owner', 'Owns this asset'),
    item('implied', 'Full control (portfolio admin)'),
    item('excess', 'More than the role allows'),
    item('below', 'Less than the role needs'),
    item('problem', 'Another finding here'),
    item('accepted', 'Accepted risk'),
    h('li', {}, h('span', { class: 'flag partner', 'aria-hidden': 'true' }, OWNER_FLAG.partner), 'Asset owned by a partner'),
    h('li', {}, h('span', { class: 'flag other', 'aria-hidden': 'true' }, OWNER_FLAG.other), 'Asset owned outside the portfolio'));
}

export class MatrixView {
  constructor() {
    this.view = $('#matrix-view');
    this.tip = $('#matrix-tip');
    this.detail = $('#matrix-detail');
    this.cursor = null;
    this.glossary = null;
    $('#grant-list-block').addEventListener('toggle', () => this.renderGrantList());
  }

  /** The task glossary (`{asset_type: {CODE: {name, allows}}}`), to name tasks in the details. */
  setGlossary(tasks) {
    this.glossary = tasks ?? null;
  }

  render(matrix, report) {
    this.matrix = matrix;
    this.report = report;
    $('#matrix-empty').hidden = true;
    $('#grant-list-block').hidden = false;
    this.view.hidden = false;
    this.layout();
    this.draw();
    if (/** @type {HTMLDetailsElement} */ ($('#grant-list-block')).open) this.renderGrantList();
  }

  /** No picture for the export in the box (it cannot be read, or there is none). */
  clear(message) {
    this.matrix = null;
    this.view.hidden = true;
    this.view.replaceChildren();
    $('#grant-list-block').hidden = true;
    $('#matrix-note').hidden = true;
    this.detail.textContent = '';
    const empty = $('#matrix-empty');
    empty.textContent = message ?? 'The picture appears once an export is loaded.';
    empty.hidden = false;
  }

  /** Task names for a cell's tasks (the codes where the glossary has none). */
  taskNames(type, tasks) {
    const names = this.glossary?.[type] ?? {};
    return tasks.map((t) => names[normalTask(type, t)]?.name ?? t);
  }

  /**
   * For a portfolio too large to draw whole: the principals and assets with the most findings
   * (then the most grants), at most MAX_ROWS × MAX_COLS; `null`s when everything fits.
   */
  subset() {
    const m = this.matrix;
    const note = $('#matrix-note');
    if (m.principals.length <= MAX_ROWS && m.assets.length <= MAX_COLS) {
      note.hidden = true;
      return { keepP: null, keepA: null };
    }
    const pScore = new Array(m.principals.length).fill(0);
    const aScore = new Array(m.assets.length).fill(0);
    const flagged = (c) => (c.findings.length || c.accepted.length ? 1000 : 1);
    for (const c of m.cells) pScore[c.principal] += flagged(c) + (m.principals[c.principal].known ? 0 : 1000);
    const top = (scores, n) => new Set(scores.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, n).map(([, i]) => i));
    const keepP = top(pScore, MAX_ROWS);
    for (const c of m.cells) if (keepP.has(c.principal)) aScore[c.asset] += flagged(c);
    const keepA = top(aScore, MAX_COLS);
    note.textContent = `This portfolio is too large to draw whole (${m.principals.length} partners and people × ${m.assets.length} assets): `
      + `shown are the ${keepP.size} with the most findings and the ${keepA.size} assets they touch most. The list below shows the grants one by one.`;
    note.hidden = false;
    return { keepP, keepA };
  }

  layout() {
    const m = this.matrix;
    // Rows: partners, people, system users, then grantees the snapshot does not list; a
    // heading row before each group.
    const groupOf = (p) => (!p.known ? 'unknown' : p.kind === 'partner' ? 'partner' : (p.member_kind ?? 'person'));
    /** @type {{group?: string, principal?: number, y?: number, h?: number}[]} a group's heading, or a principal's row (laid out below) */
    const rows = [];
    const { keepP, keepA } = this.subset();
    for (const g of Object.keys(GROUPS)) {
      const members = m.principals.map((p, i) => [p, i]).filter(([p, i]) => groupOf(p) === g && (!keepP || keepP.has(i)));
      if (members.length === 0) continue;
      rows.push({ group: g });
      for (const [, i] of members) rows.push({ principal: i });
    }
    // Columns: assets by type, then name.
    const order = m.assets.map((a, i) => i).filter((i) => !keepA || keepA.has(i)).sort((x, y) => {
      const a = m.assets[x];
      const b = m.assets[y];
      return (ASSET_TYPE_ORDER.indexOf(a.type) - ASSET_TYPE_ORDER.indexOf(b.type))
        || assetName(a).localeCompare(assetName(b));
    });
    const n = order.length;
    const cs = n <= 30 ? 26 : n <= 80 ? 18 : 13;
    const rh = Math.max(cs, 18);
    const gh = 22;
    let y = 0;
    for (const r of rows) {
      r.y = y;
      r.h = r.group ? gh : rh;
      y += r.h;
    }
    const narrow = window.matchMedia('(max-width: 640px)').matches;
    const measure = measurer(this.view);
    // Column labels: the type, an ownership mark, and the name fitted to `maxCol` px (smaller
    // type for narrow columns, so neighbours do not touch). A name too long loses first the
    // start it shares with others ("Northwind - Winter Launch" → "…Winter Launch"), then its
    // middle: assets named alike stay apart.
    const maxCol = narrow ? 124 : n <= 30 ? 200 : 160;
    const font = cs <= 13 ? 10 : cs <= 18 ? 11 : FONT;
    const shared = sharedPrefixes(order.map((ai) => assetName(m.assets[ai])));
    const cols = order.map((ai, col) => {
      const a = m.assets[ai];
      const kind = `${TYPE_SHORT[a.type] ?? ''} `;
      const flag = OWNER_FLAG[a.owner.kind] ? `${OWNER_FLAG[a.owner.kind]} ` : '';
      const room = maxCol - measure(kind, KIND_FONT) - measure(flag, font);
      const name = assetName(a);
      let label;
      if (measure(name, font) <= room) label = name;
      else if (shared[col] > 0) label = `…${fit(name.slice(shared[col]), room - measure('…', font), 'middle', measure, '', font)}`;
      else label = fit(name, room, 'middle', measure, '', font);
      return { kind, flag, label, width: measure(kind, KIND_FONT) + measure(flag, font) + measure(label, font) };
    });
    const longest = Math.max(24, ...cols.map((c) => c.width));
    // Rotated by 60°: a label of length L rises L·sin 60° and leans L·cos 60° to the right.
    const colHead = Math.ceil(longest * Math.sin(Math.PI / 3) + font * Math.cos(Math.PI / 3) + 14);
    const pad = Math.ceil(longest * Math.cos(Math.PI / 3) + font + 16);
    const rowHead = narrow ? 124 : 210;
    const rowLabels = new Map(rows.map((r) => [r.principal ?? `group:${r.group}`, r.group
      ? fit(GROUPS[r.group].toUpperCase(), rowHead - 12, 'end', measure, '', KIND_FONT)
      : fit(who(m.principals[r.principal]), rowHead - 16, narrow ? 'middle' : 'end', measure, m.principals[r.principal].known ? '' : 'italic ')]));
    this.dims = {
      cs, rh, rows, order, cols, rowLabels, height: y, width: n * cs, pad, colHead, rowHead, font,
    };
    this.colOf = new Map(order.map((assetIndex, col) => [assetIndex, col]));
    this.rowOf = new Map(rows.filter((r) => r.principal !== undefined).map((r) => [r.principal, r]));
    this.cellAt = new Map(m.cells.map((c) => [`${c.principal}:${c.asset}`, c]));
  }

  draw() {
    const m = this.matrix;
    const d = this.dims;
    const totalW = d.width + d.pad;
    this.view.style.setProperty('--row-head', `${d.rowHead}px`);
    this.view.style.setProperty('--col-head', `${d.colHead}px`);

    // Column headings, rotated; the full name on hover.
    this.colTexts = d.order.map((ai, col) => {
      const a = m.assets[ai];
      const c = d.cols[col];
      const x = col * d.cs + d.cs / 2 + 4;
      const y = d.colHead - 6;
      const owner = a.owner.kind === 'partner' ? `, owned by partner ${a.owner.name ?? a.owner.id}`
        : a.owner.kind === 'other' || a.owner.kind === 'unknown' ? ', owned outside the portfolio' : '';
      return s('text', { x, y, transform: `rotate(-60 ${x} ${y})`, dataset: { asset: a.id } },
        s('title', {}, `${assetType(a.type)} ${assetName(a)}${owner}`),
        s('tspan', { class: 'kind' }, c.kind),
        c.flag ? s('tspan', { class: `flag ${a.owner.kind === 'partner' ? 'partner' : 'other'}` }, c.flag) : null,
        c.label);
    });
    // Between asset types, a short tick under the labels (a full line would cross them).
    const colSvg = s('svg', { width: totalW, height: d.colHead, 'aria-hidden': 'true', class: `font-${d.font}` },
      this.colTexts, typeSeparators(d, m, d.colHead, d.colHead - 8));

    // Row headings; the full name on hover.
    this.rowTexts = new Map();
    const rowSvg = s('svg', { width: d.rowHead, height: d.height, 'aria-hidden': 'true' },
      d.rows.map((r) => {
        if (r.group) {
          return s('text', { x: 8, y: r.y + r.h - 6, class: 'kind' },
            s('title', {}, GROUPS[r.group]), d.rowLabels.get(`group:${r.group}`));
        }
        const p = m.principals[r.principal];
        const text = s('text', { x: 8, y: r.y + r.h / 2 + 4, class: p.known ? '' : 'unknown' },
          s('title', {}, `${who(p)}${p.portfolio_admin ? ' (portfolio admin: full control of every asset)' : ''}`),
          d.rowLabels.get(r.principal));
        this.rowTexts.set(r.principal, text);
        return text;
      }));

    // The cells.
    const body = s('svg', {
      width: totalW, height: d.height, class: 'cells',
    },
    s('defs', {},
      s('pattern', { id: 'pg-pending', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#ffffff' }),
        s('rect', { width: 3, height: 6, fill: '#9aa3af' })),
      // A portfolio admin's implied full control: red cross-hatching.
      s('pattern', { id: 'pg-implied', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
        s('rect', { width: 6, height: 6, fill: '#fbe3e4' }),
        s('path', { d: 'M 0 6 L 6 0 M 0 0 L 6 6', stroke: '#d9777b', 'stroke-width': 1 }))),
    d.rows.filter((r) => r.principal !== undefined).map((r) => s('rect', {
      x: 0, y: r.y + 1, width: d.width, height: r.h - 2, class: m.principals[r.principal].portfolio_admin ? 'grid-bg implied' : 'grid-bg',
    })),
    s('path', {
      class: 'grid-line',
      d: d.order.map((_, col) => `M ${col * d.cs} 0 V ${d.height}`).join(' '),
    }),
    typeSeparators(d, m, d.height),
    m.cells.map((c) => this.cell(c)),
    this.rowBand = s('rect', { class: 'band', x: 0, y: 0, width: d.width, height: 0 }),
    this.colBand = s('rect', { class: 'band', x: 0, y: 0, width: d.cs, height: 0 }),
    this.cursorRect = s('rect', { class: 'cursor', x: 0, y: 0, width: 0, height: 0 }));

    const colHead = h('div', { class: 'col-head' }, colSvg);
    const rowHead = h('div', { class: 'row-head' }, rowSvg);
    const people = d.rows.filter((r) => r.principal !== undefined).length;
    const scroller = h('div', {
      class: 'body',
      tabindex: '0',
      role: 'group',
      'aria-roledescription': 'access matrix',
      'aria-label': `Access matrix: ${people} partners and people by ${d.order.length} assets. Use the arrow keys to read each cell.`,
      'aria-describedby': 'matrix-detail',
    }, body);
    scroller.addEventListener('scroll', () => {
      colHead.scrollLeft = scroller.scrollLeft;
      rowHead.scrollTop = scroller.scrollTop;
      this.hideTip();
    });
    body.addEventListener('mousemove', (e) => this.hover(e, body));
    body.addEventListener('mouseleave', () => this.hideTip());
    scroller.addEventListener('keydown', (e) => this.key(e, scroller));
    scroller.addEventListener('focus', () => {
      if (!this.cursor) this.moveCursor(this.firstCell(), scroller);
    });
    this.scroller = scroller;
    this.cursor = null;
    fill(this.view,
      h('div', { class: 'corner' }, `${people} × ${d.order.length}`),
      colHead, rowHead, scroller);
    this.fitDrawn(colSvg, body);
  }

  /**
   * The labels were sized with a canvas; the drawn text has the last word: a taller band for
   * column names longer than measured, row names shortened until they fit.
   */
  fitDrawn(colSvg, body) {
    const d = this.dims;
    if (!this.view.isConnected || this.view.offsetParent === null) return;
    const longest = Math.max(0, ...this.colTexts.map((t) => t.getComputedTextLength()));
    const need = Math.ceil(longest * Math.sin(Math.PI / 3) + d.font * Math.cos(Math.PI / 3) + 14);
    if (need > d.colHead) {
      d.colHead = need;
      d.pad = Math.max(d.pad, Math.ceil(longest * Math.cos(Math.PI / 3) + d.font + 16));
      this.view.style.setProperty('--col-head', `${d.colHead}px`);
      colSvg.setAttribute('height', d.colHead);
      for (const svg of [colSvg, body]) svg.setAttribute('width', d.width + d.pad);
      this.colTexts.forEach((t) => {
        const x = Number(t.getAttribute('x'));
        const y = d.colHead - 6;
        t.setAttribute('y', y);
        t.setAttribute('transform', `rotate(-60 ${x} ${y})`);
      });
      for (const line of colSvg.querySelectorAll('line')) {
        line.setAttribute('y1', d.colHead - 8);
        line.setAttribute('y2', d.colHead);
      }
    }
    for (const t of this.rowTexts.values()) {
      const label = t.lastChild;
      if (!label || label.nodeType !== Node.TEXT_NODE) continue;
      const chars = [...label.textContent.replace(/…$/, '')];
      while (chars.length > 1 && t.getComputedTextLength() > d.rowHead - 12) {
        chars.pop();
        label.textContent = `${chars.join('').trimEnd()}…`;
      }
    }
  }

  /** One cell's shapes: the grant (or the ownership), its verdict, the owner's corner mark. */
  cell(c) {
    const m = this.matrix;
    const d = this.dims;
    const r = this.rowOf.get(c.principal);
    const col = this.colOf.get(c.asset);
    if (!r || col === undefined) return null;
    const x = col * d.cs + 2;
    const y = r.y + 2;
    const w = d.cs - 4;
    const ht = r.h - 4;
    const level = c.granted ? c.level : 'owner';
    const cls = [level, VERDICT_CLASS[c.verdict] ?? ''].join(' ').trim();
    const p = m.principals[c.principal];
    const rect = s('rect', {
      x, y, width: w, height: ht, rx: 2, class: cls,
      dataset: { principal: `${p.kind}:${p.id}`, asset: m.assets[c.asset].id, ...(c.owner ? { owner: 'true' } : {}) },
    });
    const mark = c.owner && c.granted
      ? s('path', { class: 'owner-mark', d: `M ${x} ${y} h ${Math.round(w * 0.55)} L ${x} ${y + Math.round(ht * 0.55)} Z` })
      : null;
    const dot = c.verdict === 'problem'
      ? s('circle', { class: 'problem-dot', cx: x + w / 2, cy: y + ht / 2, r: Math.max(2, Math.min(w, ht) / 5) })
      : null;
    return [rect, mark, dot];
  }

  /** (row entry, column) under the pointer, or null. */
  at(x, y) {
    const d = this.dims;
    const col = Math.floor(x / d.cs);
    if (col < 0 || col >= d.order.length) return null;
    const r = d.rows.find((row) => y >= row.y && y < row.y + row.h);
    if (!r || r.principal === undefined) return null;
    return { r, col };
  }

  hover(e, svg) {
    const box = svg.getBoundingClientRect();
    const hit = this.at(e.clientX - box.left, e.clientY - box.top);
    if (!hit) return this.hideTip();
    this.showBands(hit);
    const lines = this.describe(hit.r.principal, this.dims.order[hit.col]);
    fill(this.tip, lines.map((l) => h('p', { class: l.cls ?? '' }, l.text)));
    this.tip.hidden = false;
    const tw = this.tip.offsetWidth;
    const th = this.tip.offsetHeight;
    let left = e.clientX + 14;
    let top = e.clientY + 14;
    if (left + tw > window.innerWidth - 8) left = Math.max(8, e.clientX - tw - 14);
    if (top + th > window.innerHeight - 8) top = Math.max(8, e.clientY - th - 14);
    this.tip.style.left = `${left}px`;
    this.tip.style.top = `${top}px`;
  }

  hideTip() {
    this.tip.hidden = true;
    if (this.rowBand) this.rowBand.setAttribute('height', 0);
    if (this.colBand) this.colBand.setAttribute('height', 0);
  }

  showBands({ r, col }) {
    const d = this.dims;
    this.rowBand.setAttribute('y', r.y);
    this.rowBand.setAttribute('height', r.h);
    this.colBand.setAttribute('x', col * d.cs);
    this.colBand.setAttribute('height', d.height);
  }

  /** Lines describing one (principal, asset) pair, for the tooltip and the keyboard reading. */
  describe(pi, ai) {
    const m = this.matrix;
    const p = m.principals[pi];
    const a = m.assets[ai];
    const c = this.cellAt.get(`${pi}:${ai}`);
    /** @type {{text: string, cls?: string}[]} */
    const lines = [{ text: `${who(p)} → ${assetType(a.type)} ${assetName(a)}`, cls: 'strong' }];
    const owner = a.owner.kind === 'partner' ? `Owned by partner ${a.owner.name ?? a.owner.id}, not by ${m.business?.name ?? 'this business'}`
      : a.owner.kind === 'other' ? `Owned by another business${a.owner.id ? ` (${a.owner.name ?? a.owner.id})` : ''}, outside the portfolio`
        : a.owner.kind === 'unknown' ? 'Its owner is unknown' : null;
    if (!c || !c.granted) {
      if (c?.owner) lines.push({ text: `Owns this asset${p.portfolio_admin ? '; full control (portfolio admin)' : ''}`, cls: 'owner-note' });
      else if (p.portfolio_admin) lines.push({ text: 'Full control (portfolio admin): a portfolio admin controls every asset of the portfolio' });
      else lines.push({ text: 'No access' });
      if (owner && !c?.owner) lines.push({ text: owner });
    } else {
      if (c.level === 'pending') {
        lines.push({ text: `Pending request, not confirmed yet (would give: ${levelLabel(c.tasks_level)})` });
      } else {
        lines.push({ text: levelLabel(c.level) });
      }
      if (c.owner) lines.push({ text: 'Owns this asset', cls: 'owner-note' });
      else if (owner) lines.push({ text: owner });
      lines.push({ text: `Tasks: ${c.tasks.length ? this.taskNames(a.type, c.tasks).join(', ') : 'none'}` });
    }
    if (c) {
      const open = c.findings.map((i) => this.report.findings[i]).filter(Boolean);
      const accepted = c.accepted.map((i) => this.report.suppressed[i]?.finding).filter(Boolean);
      const excess = [...new Set(open.flatMap((f) => excessTasks(f)))];
      if (c.verdict === 'exceeds') {
        lines.push({ text: `More than the role allows${excess.length ? `: ${this.taskNames(a.type, excess).join(', ')}` : ''}`, cls: 'excess-note' });
      } else if (c.verdict === 'below') {
        lines.push({ text: 'Less than the role needs', cls: 'excess-note' });
      } else if (c.verdict === 'accepted') {
        lines.push({ text: 'Accepted as a risk in your config' });
      }
      const titles = [...open.map((f) => f.title), ...accepted.map((f) => `${f.title} (accepted)`)];
      if (titles.length) lines.push({ text: `Findings here: ${[...new Set(titles)].join('; ')}` });
    }
    if (!p.known) lines.push({ text: `This ${p.kind} is not in the portfolio: access left behind`, cls: 'excess-note' });
    return lines;
  }

  firstCell() {
    const d = this.dims;
    const r = d.rows.find((row) => row.principal !== undefined);
    return r ? { r, col: 0 } : null;
  }

  moveCursor(pos, scroller) {
    if (!pos) return;
    const d = this.dims;
    this.cursor = pos;
    const { r, col } = pos;
    this.cursorRect.setAttribute('x', col * d.cs + 1);
    this.cursorRect.setAttribute('y', r.y + 1);
    this.cursorRect.setAttribute('width', d.cs - 2);
    this.cursorRect.setAttribute('height', r.h - 2);
    this.showBands(pos);
    // The row and column headings of the cursor stand out.
    for (const t of this.view.querySelectorAll('text.current')) t.classList.remove('current');
    this.rowTexts.get(r.principal)?.classList.add('current');
    this.colTexts[col]?.classList.add('current');
    this.detail.textContent = this.describe(r.principal, d.order[col]).map((l) => l.text).join('. ');
    // Keep the cursor in view.
    const x = col * d.cs;
    if (x < scroller.scrollLeft) scroller.scrollLeft = x;
    else if (x + d.cs > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = x + d.cs - scroller.clientWidth;
    if (r.y < scroller.scrollTop) scroller.scrollTop = r.y;
    else if (r.y + r.h > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = r.y + r.h - scroller.clientHeight;
  }

  key(e, scroller) {
    const d = this.dims;
    if (!this.cursor) this.cursor = this.firstCell();
    if (!this.cursor) return;
    const principalRows = d.rows.filter((r) => r.principal !== undefined);
    let ri = principalRows.indexOf(this.cursor.r);
    let { col } = this.cursor;
    switch (e.key) {
      case 'ArrowRight': col = Math.min(d.order.length - 1, col + 1); break;
      case 'ArrowLeft': col = Math.max(0, col - 1); break;
      case 'ArrowDown': ri = Math.min(principalRows.length - 1, ri + 1); break;
      case 'ArrowUp': ri = Math.max(0, ri - 1); break;
      case 'Home': col = 0; break;
      case 'End': col = d.order.length - 1; break;
      case 'PageDown': ri = Math.min(principalRows.length - 1, ri + 10); break;
      case 'PageUp': ri = Math.max(0, ri - 10); break;
      default: return;
    }
    e.preventDefault();
    this.moveCursor({ r: principalRows[ri], col }, scroller);
  }

  renderGrantList() {
    /** @type {HTMLDetailsElement} */
    const block = $('#grant-list-block');
    if (!block.open || !this.matrix) return;
    const m = this.matrix;
    const limit = 3000;
    const rows = m.cells.slice(0, limit).map((c) => {
      const p = m.principals[c.principal];
      const a = m.assets[c.asset];
      const open = c.findings.map((i) => this.report.findings[i]).filter(Boolean);
      const excess = [...new Set(open.flatMap((f) => excessTasks(f)))];
      const access = !c.granted ? 'Owns this asset'
        : c.level === 'pending' ? `Pending request (${levelLabel(c.tasks_level)})` : levelLabel(c.level);
      const note = c.verdict === 'exceeds' ? `more than the role allows${excess.length ? `: ${this.taskNames(a.type, excess).join(', ')}` : ''}`
        : c.verdict === 'below' ? 'less than the role needs'
          : c.verdict === 'accepted' ? 'accepted as a risk'
            : c.verdict === 'problem' ? `finding: ${open.map((f) => f.title).join('; ')}` : null;
      return h('tr', {},
        h('td', {}, who(p)),
        h('td', {}, `${assetName(a)} (${assetType(a.type)})`),
        h('td', {}, access, c.owner && c.granted ? h('div', { class: 'small' }, 'owns this asset') : null,
          note ? h('div', { class: 'small' }, note) : null),
        h('td', {}, this.taskNames(a.type, c.tasks).join(', ')));
    });
    fill($('#grant-table tbody'), rows,
      m.cells.length > limit ? h('tr', {}, h('td', { colspan: '4' }, `… and ${m.cells.length - limit} more grants.`)) : null);
  }
}

function typeSeparators(d, m, height, from = 0) {
  const lines = [];
  for (let col = 1; col < d.order.length; col += 1) {
    if (m.assets[d.order[col]].type !== m.assets[d.order[col - 1]].type) {
      const x = col * d.cs;
      lines.push(s('line', { x1: x, x2: x, y1: from, y2: height, class: 'group-line' }));
    }
  }
  return lines;
}

/**
 * For each name, how many of its first characters it shares with another name, up to a word
 * boundary ("Northwind - Prospecting" and "Northwind - Retargeting" share "Northwind - ").
 */
function sharedPrefixes(names) {
  const sorted = names.map((n, i) => [String(n), i]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const lcp = (a, b) => {
    let k = 0;
    while (k < a.length && k < b.length && a[k] === b[k]) k += 1;
    return k;
  };
  const out = new Array(names.length).fill(0);
  sorted.forEach(([name, i], at) => {
    const k = Math.max(at > 0 ? lcp(name, sorted[at - 1][0]) : 0, at + 1 < sorted.length ? lcp(name, sorted[at + 1][0]) : 0);
    if (k >= name.length) return; // the same name: nothing to drop
    // Back to the end of a word: keep whole words of the part shown.
    let cut = k;
    while (cut > 0 && !/[\s\-–—_:/|(.,]/.test(name[cut - 1])) cut -= 1;
    out[i] = cut >= 3 ? cut : 0;
  });
  return out;
}

/** The tasks a finding says are beyond the role (its details, when it gives them). */
function excessTasks(f) {
  const t = f?.details?.excess_tasks ?? f?.details?.tasks ?? [];
  return Array.isArray(t) ? t.map(String) : [];
}

/** Text widths in px for the matrix's font, measured on a canvas (no layout). */
function measurer(el) {
  const ctx = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(el).fontFamily || 'sans-serif';
  const cache = new Map();
  return (text, size = FONT, style = '') => {
    const key = `${style}${size}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${style}${size}px ${family}`;
      w = ctx.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}

/**
 * `text` cut to `max` px with an ellipsis: at the end, or (`middle`) keeping its start and
 * more of its end, so names that start alike stay apart.
 */
export function fit(text, max, mode, measure, style = '', size = FONT) {
  const t = String(text);
  if (measure(t, size, style) <= max) return t;
  const chars = [...t];
  const cut = (k) => {
    if (mode !== 'middle') return `${chars.slice(0, k).join('').trimEnd()}…`;
    const head = Math.max(1, Math.round(k * 0.3));
    return `${chars.slice(0, head).join('').trimEnd()}…${chars.slice(chars.length - (k - head)).join('').trimStart()}`;
  };
  let lo = 1;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(cut(mid), size, style) <= max) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}
