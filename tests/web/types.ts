// Type-checked by scripts/build-wasm.sh (`tsc --noEmit`): the .d.ts generated from the Rust types
// (pkg/portfolio_guard.d.ts) is valid, the calls take the call types, and the answers narrow on
// `type` as the README shows. Not run. The `@ts-expect-error` lines must stay errors: a call or
// an answer used wrongly does not type-check.
import init, * as pg from '../../pkg/portfolio_guard.js';
import type {
  Answer, CheckAnswer, CheckCall, CompareAnswer, CompareCall, Diagnostic, Failure, Finding, OrgConfig,
  ProposedGrant, Report, Severity, WhatIfAnswer, WhatIfCall,
} from '../../pkg/portfolio_guard.js';

export async function example(): Promise<Severity[]> {
  await init();
  const samples = pg.samples();
  if (samples.type === 'failure') return [];
  const sample = samples.samples.find((s) => s.name === 'agency-onboarding');
  if (!sample) return [];
  const config: OrgConfig = JSON.parse(sample.config);
  config.partners = { ...config.partners, '300720000000021': { role: 'reporting', verified: true } };
  const call: CheckCall = { snapshot: sample.snapshot, config, format: 'sarif', matrix: true };
  const answer: CheckAnswer = pg.check(call);
  if (answer.type === 'failure') {
    const where: (string | undefined)[] = answer.errors.map((e: Diagnostic) => e.path);
    return where.length > 0 ? [] : [];
  }
  const rendered: string | undefined = answer.rendered;
  const full = answer.matrix?.cells.filter((c) => c.level === 'full_control').length ?? 0;
  const findings: Finding[] = answer.report.findings;
  const excess = findings.flatMap((f) => (Array.isArray(f.details?.excess_tasks) ? [f] : []));
  void rendered; void full; void excess;
  // @ts-expect-error: `format` is one of the report formats.
  void pg.check({ snapshot: sample.snapshot, format: 'pdf' });
  // @ts-expect-error: a call names its fields; there is no `snapshots`.
  void pg.check({ snapshots: sample.snapshot });
  // Objects too: a snapshot as the importer gives it, a config object.
  const imported = pg.importBundle({ bundle: '{}' });
  if (imported.type === 'success') void pg.check({ snapshot: imported.snapshot, config: { trusted_domains: ['example.com'] } });
  const rules = pg.rules();
  const roles = pg.roles({ config });
  const tests = pg.runTests({ policies: [{ path: 'a_test.rego', text: 'package a_test\n\ntest_ok if { true }\n' }] });
  if (rules.type === 'success' && roles.type === 'success' && tests.type === 'success') {
    const ok: boolean = tests.tests.failed === 0 && Object.keys(roles.roles).length > 0 && rules.rules[0].builtin;
    void ok;
  }
  const glossary = pg.glossary();
  if (glossary.type === 'success') {
    const level: 'full_control' | 'can_act' | 'view_only' | undefined = glossary.glossary.tasks.ad_account?.MANAGE?.level;
    void level;
  }
  const template = pg.template({ snapshot: sample.snapshot });
  const blank = pg.template();
  if (template.type === 'success' && blank.type === 'success') {
    const csv: string = template.csv;
    void pg.check({ snapshot: csv }); void blank.csv;
  }
  // A collection from the Graph API: the plan says what to send; the caller answers.
  const started = pg.startCollection({ business_id: '100000000000001', graph_url: 'https://graph.facebook.com' });
  if (started instanceof pg.Collection) {
    const step: pg.CollectStep = started.next();
    if (step.kind === 'send') {
      for (const c of step.calls) started.answer(c.id, 200, [['content-type', 'application/json']], '[]');
    } else if (step.kind === 'failed') {
      const message: string = step.error.errors[0].message;
      void message;
    }
    const done: number = started.progress().done;
    const bundle: string = started.bundle(new Date().toISOString());
    void done; void bundle;
    started.free();
  } else {
    const failure: Failure = started;
    void failure.kind;
  }
  const version: string = pg.version();
  void version;
  return findings.map((f) => f.severity);
}

/** A portal's question: would this request be least privilege? */
export function portal(snapshot: string, config: OrgConfig): string[] {
  const proposed: ProposedGrant[] = [{
    grantee: { kind: 'partner', id: '300720000000021', name: 'Media buyers' },
    asset: { id: 'act_120330000000101', type: 'ad_account' },
    tasks: ['MANAGE', 'ADVERTISE', 'ANALYZE'],
  }];
  const call: WhatIfCall = { snapshot, config, proposed, plain: true };
  const answer: Answer<WhatIfAnswer> = pg.whatIf(call);
  if (answer.type === 'failure') return answer.errors.map((e) => `${e.path ?? ''}: ${e.message}`);
  const drop: string[] = answer.what_if.proposals.flatMap((p) => p.drop);
  const introduced: Finding[] = answer.what_if.introduced.map((i) => i.finding);
  void introduced;
  return drop;
}

/** Two reviews compared. */
export function changes(before: string, after: string): number {
  const call: CompareCall = { before, after, format: 'markdown' };
  const answer: Answer<CompareAnswer> = pg.compare(call);
  if (answer.type === 'failure') return -1;
  const report: Report | undefined = undefined;
  void report;
  return answer.comparison.findings.new.length + answer.comparison.access.added.length;
}

/** A check in shards, as the page's workers make it. */
export function shards(snapshot: string, config: OrgConfig): CheckAnswer {
  const opened = pg.openSession(snapshot);
  if (opened.type === 'failure') return opened;
  const parts: string[] = [];
  for (let k = 0; k < 2; k += 1) {
    const shard = pg.checkShard({ config, k, n: 2 });
    if (shard.type === 'failure') return shard;
    parts.push(shard.part);
  }
  return pg.finishCheck({ config, matrix: true }, parts);
}
