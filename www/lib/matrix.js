// The access matrix: partners and people (rows) × assets (columns), each cell coloured by what
// the grant allows, with excess over the role outlined. SVG, with sticky-like headers (three
// SVGs whose scrolling is kept in step), hover details, and arrow-key reading of every cell.
import { $, h, s, fill } from './dom.js';
import { ASSET_TYPE_ORDER, LEVELS, assetType, level as levelLabel } from './labels.js';

const EXCESS_RULES = new Set(['grant-exceeds-role', 'partner-full-control']);
const TYPE_SHORT = {
  ad_account: 'Ad', page: 'Page', instagram_account: 'IG', pixel: 'Pixel', dataset: 'Data',
  catalog: 'Catalog', app: 'App', whatsapp_business_account: 'WA', other: 'Other',
};
const GROUPS = { partner: 'Partners', person: 'People', system_user: 'System users', unknown: 'Not in the portfolio' };

// The most rows and columns drawn (a larger portfolio shows its most problematic part).
const MAX_ROWS = 150;
const MAX_COLS = 300;

const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const who = (p) => p.name ?? (p.known ? p.id : `unknown ${p.kind} ${p.id}`);
const assetName = (a) => a.name ?? a.id;

export function renderLegend() {
  fill($('#legend'),
    LEVELS.map((l) => h('li', {}, h('span', { class: `swatch ${l}`, 'aria-hidden': 'true' }), levelLabel(l))),
    h('li', {}, h('span', { class: 'swatch excess', 'aria-hidden': 'true' }), 'More than the role allows'),
    h('li', {}, h('span', { class: 'swatch accepted', 'aria-hidden': 'true' }), 'Accepted risk'));
}

export class MatrixView {
  constructor() {
    this.view = $('#matrix-view');
    this.tip = $('#matrix-tip');
    this.detail = $('#matrix-detail');
    this.cursor = null;
    $('#grant-list-block').addEventListener('toggle', () => this.renderGrantList());
  }

  render(matrix, report) {
    this.matrix = matrix;
    $('#matrix-empty').hidden = true;
    $('#grant-list-block').hidden = false;
    this.view.hidden = false;
    this.overlay = overlayOf(report);
    this.layout();
    this.draw();
    if ($('#grant-list-block').open) this.renderGrantList();
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
    const flagged = (c) => (this.overlay.get(keyOf(m, c))?.titles.size ? 1000 : 1);
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
    const labelChars = narrow ? 14 : 26;
    const longest = Math.max(4, ...order.map((i) => Math.min(labelChars, assetName(m.assets[i]).length + 4)));
    this.dims = {
      cs, rh, rows, order, height: y,
      width: n * cs,
      pad: 120,
      colHead: Math.min(170, Math.round(24 + longest * 6.2 * 0.87)),
      rowHead: narrow ? 124 : 210,
      rowChars: narrow ? 15 : 28,
      labelChars,
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

    // Column headings, rotated.
    const colSvg = s('svg', { width: totalW, height: d.colHead, 'aria-hidden': 'true' },
      d.order.map((ai, col) => {
        const a = m.assets[ai];
        const x = col * d.cs + d.cs / 2 + 4;
        const y = d.colHead - 6;
        return s('text', { x, y, transform: `rotate(-60 ${x} ${y})` },
          s('tspan', { class: 'kind' }, `${TYPE_SHORT[a.type] ?? ''} `),
          clip(assetName(a), d.labelChars));
      }),
      typeSeparators(d, m, d.colHead));

    // Row headings.
    const rowSvg = s('svg', { width: d.rowHead, height: d.height, 'aria-hidden': 'true' },
      d.rows.map((r) => (r.group
        ? s('text', { x: 8, y: r.y + r.h - 6, class: 'kind' }, GROUPS[r.group].toUpperCase())
        : s('text', { x: 8, y: r.y + r.h / 2 + 4, class: m.principals[r.principal].known ? '' : 'unknown' },
          clip(who(m.principals[r.principal]), d.rowChars)))));

    // The cells.
    const body = s('svg', {
      width: totalW, height: d.height, class: 'cells',
    },
    s('defs', {},
      s('pattern', { id: 'pg-pending', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#ffffff' }),
        s('rect', { width: 3, height: 6, fill: '#9aa3af' }))),
    d.rows.filter((r) => r.principal !== undefined).map((r) => s('rect', {
      x: 0, y: r.y + 1, width: d.width, height: r.h - 2, class: 'grid-bg',
    })),
    s('path', {
      class: 'grid-line',
      d: d.order.map((_, col) => `M ${col * d.cs} 0 V ${d.height}`).join(' '),
    }),
    typeSeparators(d, m, d.height),
    m.cells.map((c) => {
      const r = this.rowOf.get(c.principal);
      const col = this.colOf.get(c.asset);
      if (!r || col === undefined) return null;
      const o = this.overlay.get(keyOf(m, c));
      const cls = [c.level, o?.excess.size ? (o.acceptedOnly ? 'accepted' : 'excess') : ''].join(' ').trim();
      return s('rect', { x: col * d.cs + 2, y: r.y + 2, width: d.cs - 4, height: r.h - 4, rx: 2, class: cls });
    }),
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
    const lines = [{ text: `${who(p)} → ${assetName(a)}`, cls: 'strong' }];
    if (!c) {
      lines.push({ text: `${assetType(a.type)} · No access` });
      return lines;
    }
    if (c.level === 'pending') {
      lines.push({ text: `${assetType(a.type)} · Pending request, not confirmed yet (would give: ${levelLabel(c.tasks_level)})` });
    } else {
      lines.push({ text: `${assetType(a.type)} · ${levelLabel(c.level)}` });
    }
    lines.push({ text: `Tasks: ${c.tasks.length ? c.tasks.join(', ') : 'none'}` });
    const o = this.overlay.get(keyOf(m, c));
    if (o?.excess.size) {
      const tasks = [...o.excess].join(', ');
      lines.push(o.acceptedOnly
        ? { text: `More than the role allows (${tasks}), accepted as a risk in your config` }
        : { text: `More than the role allows: ${tasks}`, cls: 'excess-note' });
    }
    const others = o ? [...o.titles].filter((t) => t) : [];
    if (others.length) lines.push({ text: `Findings here: ${others.join('; ')}` });
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
    const block = $('#grant-list-block');
    if (!block.open || !this.matrix) return;
    const m = this.matrix;
    const limit = 3000;
    const rows = m.cells.slice(0, limit).map((c) => {
      const p = m.principals[c.principal];
      const a = m.assets[c.asset];
      const o = this.overlay.get(keyOf(m, c));
      const access = c.level === 'pending' ? `Pending request (${levelLabel(c.tasks_level)})` : levelLabel(c.level);
      return h('tr', {},
        h('td', {}, who(p)),
        h('td', {}, `${assetName(a)} (${assetType(a.type)})`),
        h('td', {}, access, o?.excess.size ? h('div', { class: 'small' }, `more than the role allows: ${[...o.excess].join(', ')}${o.acceptedOnly ? ' (accepted)' : ''}`) : null),
        h('td', {}, c.tasks.join(', ')));
    });
    fill($('#grant-table tbody'), rows,
      m.cells.length > limit ? h('tr', {}, h('td', { colspan: '4' }, `… and ${m.cells.length - limit} more grants.`)) : null);
  }
}

function typeSeparators(d, m, height) {
  const lines = [];
  for (let col = 1; col < d.order.length; col += 1) {
    if (m.assets[d.order[col]].type !== m.assets[d.order[col - 1]].type) {
      const x = col * d.cs;
      lines.push(s('line', { x1: x, x2: x, y1: 0, y2: height, class: 'group-line' }));
    }
  }
  return lines;
}

function keyOf(m, c) {
  const p = m.principals[c.principal];
  return `${p.kind}:${p.id}|${m.assets[c.asset].id}`;
}

/** Per (subject, asset): the excess tasks from the excess findings, and every finding title. */
function overlayOf(report) {
  const map = new Map();
  const add = (f, accepted) => {
    if (!f.asset || !f.subject) return;
    const key = `${f.subject.kind}:${f.subject.id}|${f.asset.id}`;
    let o = map.get(key);
    if (!o) {
      o = { excess: new Set(), titles: new Set(), acceptedOnly: true };
      map.set(key, o);
    }
    o.titles.add(accepted ? `${f.title} (accepted)` : f.title);
    if (EXCESS_RULES.has(f.rule)) {
      const tasks = f.details?.excess_tasks ?? f.details?.tasks ?? [];
      for (const t of Array.isArray(tasks) ? tasks : []) o.excess.add(String(t));
      if (!accepted) o.acceptedOnly = false;
    }
  };
  for (const f of report.findings) add(f, false);
  for (const x of report.suppressed) add(x.finding, true);
  return map;
}
