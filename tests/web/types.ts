// Type-checked by scripts/build-wasm.sh (`tsc --noEmit`): the generated pkg/portfolio_guard.d.ts
// is valid, and the answers narrow on `type` as the README shows. Not run.
import init, * as pg from '../../pkg/portfolio_guard.js';
import type { CheckAnswer, Finding, OrgConfig, Severity } from '../../pkg/portfolio_guard.js';

export async function example(): Promise<Severity[]> {
  await init();
  const samples = pg.samples();
  if (samples.type === 'failure') return [];
  const sample = samples.samples.find((s) => s.name === 'agency-onboarding');
  if (!sample) return [];
  const config: OrgConfig = JSON.parse(sample.config);
  config.partners = { ...config.partners, '300720000000021': { role: 'reporting', verified: true } };
  const answer: CheckAnswer = pg.check({ snapshot: sample.snapshot, config, format: 'sarif', matrix: true });
  if (answer.type === 'failure') {
    const where: (number | undefined)[] = answer.errors.map((e) => e.line);
    return where.length > 0 ? [] : [];
  }
  const rendered: string | undefined = answer.rendered;
  const full = answer.matrix?.cells.filter((c) => c.level === 'full_control').length ?? 0;
  const findings: Finding[] = answer.report.findings;
  const excess = findings.flatMap((f) => (Array.isArray(f.details?.excess_tasks) ? [f] : []));
  void rendered; void full; void excess;
  const rules = pg.rules();
  const roles = pg.roles({ config });
  const tests = pg.runTests({ policies: [{ path: 'a_test.rego', text: 'package a_test\n\ntest_ok if { true }\n' }] });
  if (rules.type === 'success' && roles.type === 'success' && tests.type === 'success') {
    const ok: boolean = tests.tests.failed === 0 && Object.keys(roles.roles).length > 0;
    void ok;
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
      for (const call of step.calls) started.answer(call.id, 200, [['content-type', 'application/json']], '[]');
    } else if (step.kind === 'failed') {
      const message: string = step.error.errors[0].message;
      void message;
    }
    const done: number = started.progress().done;
    const bundle: string = started.bundle(new Date().toISOString());
    void done; void bundle;
    started.free();
  } else {
    const kind: string = started.kind;
    void kind;
  }
  const version: string = pg.version();
  void version;
  return findings.map((f) => f.severity);
}
