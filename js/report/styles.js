// The element's styles (adopted into its shadow root as a constructed stylesheet, which a page's
// Content-Security-Policy does not block the way it blocks a <style> element). Every colour,
// the font and the corner radius come from a custom property the host page may set (see the
// package's README, "Theming"); the defaults are the web page's.
export const CSS = `
:host {
  display: block;
  font: var(--pg-font, inherit);
  color: var(--pg-text, #1b2430);
  line-height: 1.45;
  --_bg: var(--pg-background, #ffffff);
  --_line: var(--pg-border, #dde2ea);
  --_muted: var(--pg-muted, #5b6675);
  --_accent: var(--pg-accent, #1f55c7);
  --_focus: var(--pg-focus, #f5b301);
  --_radius: var(--pg-radius, 8px);
  --_critical: var(--pg-critical, #7a1020);
  --_high: var(--pg-high, #c0262d);
  --_medium: var(--pg-medium, #b85c00);
  --_low: var(--pg-low, #2f62c9);
  --_info: var(--pg-info, #5b6675);
  --_ok: var(--pg-ok, #1c7c46);
  --_badge-text: var(--pg-badge-text, #ffffff);
  --_fix-bg: var(--pg-fix-background, #f1f7f2);
  --_warning-bg: var(--pg-warning-background, #fff7ec);
  --_error-bg: var(--pg-error-background, #fdf1f1);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
p { margin: .3rem 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.status { color: var(--_muted); }
.empty { color: var(--_muted); border: 1px dashed var(--_line); border-radius: var(--_radius); padding: 14px; }
.headline { font-size: 1.15rem; font-weight: 600; margin: .2rem 0 .6rem; }
.headline.good { color: var(--_ok); }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 .6rem; padding: 0; list-style: none; }
.count { display: flex; flex-direction: column; align-items: flex-start; min-width: 6.2rem; padding: .4rem .8rem; border-radius: var(--_radius); border: 1px solid var(--_line); background: var(--_bg); }
.count .n { font-size: 1.4rem; font-weight: 700; line-height: 1.1; }
.count .l { font-size: .8rem; color: var(--_muted); }
.count.sev-critical .n { color: var(--_critical); }
.count.sev-high .n { color: var(--_high); }
.count.sev-medium .n { color: var(--_medium); }
.count.sev-low .n { color: var(--_low); }
.count.sev-info .n { color: var(--_info); }
.count.zero .n { color: var(--_muted); }
.shown { font-size: .9rem; color: var(--_muted); }
.finding-list, .proposals { list-style: none; margin: .4rem 0; padding: 0; display: grid; gap: 6px; }
.finding { border: 1px solid var(--_line); border-left: 5px solid var(--_info); border-radius: var(--_radius); background: var(--_bg); }
.finding.sev-critical { border-left-color: var(--_critical); }
.finding.sev-high { border-left-color: var(--_high); }
.finding.sev-medium { border-left-color: var(--_medium); }
.finding.sev-low { border-left-color: var(--_low); }
.finding > summary { list-style: none; display: grid; grid-template-columns: 5.6rem 1fr; gap: 2px 10px; padding: .55rem .75rem; cursor: pointer; }
.finding > summary::-webkit-details-marker { display: none; }
.finding > summary::after { content: "Show the fix ▸"; grid-column: 2; font-size: .8rem; color: var(--_accent); }
.finding[open] > summary::after { content: "Hide ▾"; }
.finding .title { font-weight: 600; overflow-wrap: anywhere; }
.finding .who { grid-column: 2; font-size: .88rem; color: var(--_muted); overflow-wrap: anywhere; }
.badge { display: inline-block; align-self: start; text-align: center; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: var(--_badge-text); background: var(--_info); border-radius: 5px; padding: .15rem .4rem; grid-row: span 3; }
.badge.sev-critical { background: var(--_critical); }
.badge.sev-high { background: var(--_high); }
.badge.sev-medium { background: var(--_medium); }
.badge.sev-low { background: var(--_low); }
.badge.accepted { background: var(--_ok); }
.finding .body { padding: 0 .9rem .8rem 6.8rem; overflow-wrap: anywhere; }
.finding .body .label { margin: .6rem 0 .15rem; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--_muted); }
.finding .message, .finding .fix { position: relative; }
.finding .fix { background: var(--_fix-bg); border-radius: 6px; padding: .45rem .6rem; }
.finding .meta { font-size: .8rem; color: var(--_muted); margin-top: .5rem; }
abbr.term { text-decoration: underline dotted; text-underline-offset: 2px; cursor: help; }
abbr.term:focus::after {
  content: attr(data-tip); position: absolute; left: 0; right: 0; top: calc(100% + 2px); z-index: 5;
  background: #14213d; color: #fff; font-size: .8rem; font-weight: 400; line-height: 1.35; padding: 6px 8px; border-radius: 6px; white-space: normal; text-align: left;
}
.warning-box, .error-box { border: 1px solid var(--_line); border-radius: 6px; padding: 8px 12px; margin: .4rem 0 .8rem; overflow-wrap: anywhere; }
.warning-box { border-left: 5px solid var(--_medium); background: var(--_warning-bg); }
.error-box { border-left: 5px solid var(--_high); background: var(--_error-bg); }
.warning-box ul, .error-box ul { margin: .3rem 0; padding-left: 1.3rem; }
.box-title { font-weight: 600; }
.proposal { border: 1px solid var(--_line); border-left: 5px solid var(--_ok); border-radius: var(--_radius); background: var(--_bg); padding: .55rem .75rem; overflow-wrap: anywhere; }
.proposal.excess { border-left-color: var(--_high); }
.proposal .verdict { font-weight: 600; }
.proposal.excess .verdict { color: var(--_high); }
.proposal:not(.excess) .verdict { color: var(--_ok); }
.more { margin: .4rem 0; }
.finding .actions { display: flex; flex-wrap: wrap; gap: 6px; margin: .6rem 0 .2rem; }
button {
  font: inherit; font-size: .9rem; color: var(--_accent); background: var(--_bg); border: 1px solid var(--_accent);
  border-radius: 7px; padding: .35rem .8rem; cursor: pointer; min-height: 36px;
}
h2, h3, h4, h5, h6 { font-size: 1rem; margin: 1rem 0 .3rem; }
@media (max-width: 560px) {
  .finding > summary { grid-template-columns: 1fr; }
  .finding .who, .finding > summary::after { grid-column: 1; }
  .badge { grid-row: auto; justify-self: start; }
  .finding .body { padding-left: .9rem; }
}
@media print {
  .finding > summary::after, .more { display: none; }
}
`;
