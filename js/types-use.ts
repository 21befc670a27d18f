// A typed use of the package as a portal would write it (checked by tsc in
// scripts/build-wasm.sh, never run): the entry's init and functions, and the element.
import init, { check, samples, whatIf } from '../pkg/index.js';
import '../pkg/report/index.js';
import type { PortfolioGuardReport, RenderedDetail } from '../pkg/report/index.js';

export async function portal(host: HTMLElement): Promise<number> {
  await init();
  const all = samples();
  if (all.type === 'failure') return -1;
  const sample = all.samples.find((s) => s.name === 'agency-onboarding');
  if (!sample) return -1;
  const answer = check({ snapshot: sample.snapshot, config: sample.config, plain: true });
  const el: PortfolioGuardReport = document.createElement('portfolio-guard-report');
  el.setAttribute('heading-level', '2');
  el.report = answer;
  host.append(el);
  el.addEventListener('portfolio-guard-rendered', (e) => {
    const detail: RenderedDetail = e.detail;
    void detail.findings;
  });
  await el.updateComplete;
  el.snapshot = sample.snapshot;
  el.config = sample.config;
  el.proposed = [{ grantee: { kind: 'partner', id: '300720000000021' }, asset: { id: 'act_120330000000103', type: 'ad_account' }, tasks: ['ADVERTISE'] }];
  const proposed = whatIf({ snapshot: sample.snapshot, config: sample.config, proposed: el.proposed ?? [], plain: true });
  el.whatIf = proposed;
  if (proposed.type === 'success') {
    const drop: string[] = proposed.what_if.proposals.flatMap((p) => p.drop);
    void drop;
  }
  return answer.type === 'success' ? answer.report.findings.length : 0;
}
