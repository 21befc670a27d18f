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
  const version: string = pg.version();
  void version;
  return findings.map((f) => f.severity);
}
