// Types of the <portfolio-guard-report> element (importing 'portfolio-guard/report' defines it).
import type { check, glossary, whatIf } from '../portfolio_guard.js';

type CheckCall = Exclude<Parameters<typeof check>[0], string>;
type CheckAnswer = ReturnType<typeof check>;
type Failure = Extract<CheckAnswer, { type: 'failure' }>;
type Checked = Extract<CheckAnswer, { type: 'success' }>;
type Report = Checked['report'];
type Matrix = NonNullable<Checked['matrix']>;
type WhatIfCall = Exclude<Parameters<typeof whatIf>[0], string>;
type WhatIfAnswer = ReturnType<typeof whatIf>;
type WhatIf = Extract<WhatIfAnswer, { type: 'success' }>['what_if'];
type GlossaryAnswer = ReturnType<typeof glossary>;

/** The tag name: `portfolio-guard-report`. */
export declare const TAG: 'portfolio-guard-report';

/** What `portfolio-guard-rendered` tells: what was rendered and how many findings it lists. */
export interface RenderedDetail {
  kind: 'report' | 'what-if' | 'failure';
  findings: number;
}

/**
 * A report's summary and findings, or the findings a proposed access request would add, in
 * plain words, in a shadow root. Give it `report` (a check's report or answer), `whatIf` (a
 * what-if answer), or `snapshot` + `config` (and `proposed`) to check in its own Worker.
 * Attributes: `heading-level` (1–6, default 3: the level of its headings), `timeout` (ms a
 * check in its worker may run, default 60000). It sets `state` to `empty`, `checking`,
 * `ready` or `failed`.
 */
export declare class PortfolioGuardReport extends HTMLElement {
  /** A check's report, or the whole check answer (its `matrix` then names people too). */
  report: Report | CheckAnswer | null;
  matrix: Matrix | null;
  /** A what-if answer, or its `what_if`. */
  whatIf: WhatIfAnswer | WhatIf | null;
  /** `glossary()`'s answer or its `glossary`: task names for a what-if's proposals. */
  glossary: GlossaryAnswer | Extract<GlossaryAnswer, { type: 'success' }>['glossary'] | null;
  /** An export (snapshot, Graph bundle or filled template) as an object or JSON text. */
  snapshot: CheckCall['snapshot'] | undefined;
  config: CheckCall['config'] | undefined;
  policies: CheckCall['policies'] | undefined;
  now: string | undefined;
  /** Proposed grants: with these the worker runs a what-if instead of a check. */
  proposed: WhatIfCall['proposed'] | undefined;
  /** The last answer the element's worker gave (null before it ran one). */
  readonly answer: CheckAnswer | WhatIfAnswer | null;
  /** Resolves once what was set last is rendered. */
  readonly updateComplete: Promise<void>;
}

declare global {
  interface HTMLElementTagNameMap {
    'portfolio-guard-report': PortfolioGuardReport;
  }
  interface HTMLElementEventMap {
    'portfolio-guard-rendered': CustomEvent<RenderedDetail>;
    'portfolio-guard-failed': CustomEvent<Failure>;
  }
}
