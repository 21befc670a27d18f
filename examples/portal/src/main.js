// The access-request page of an agency's onboarding portal: the agency asks a client for tasks
// on an ad account, and before the client approves anything the page checks — in the browser,
// with portfolio-guard's `whatIf` — whether the request is least privilege for the role the
// two agreed on, and shows the answer with <portfolio-guard-report>.
import init, { glossary, samples, whatIf } from 'portfolio-guard';
import 'portfolio-guard/report';

// A real portal has the client's export (or none: a what-if also works on the request alone)
// and what the contract says: each partner's role and the assets it covers. This example takes
// the package's bundled sample: Northwind Outdoor, whose media agency Brightline Media (role
// `media_buyer`) asks for the launch ad account, which its statement of work now covers.
const AGENCY = { kind: 'partner', id: '300720000000021', name: 'Brightline Media' };
const ASSET = { id: 'act_120330000000103', type: 'ad_account', name: 'Northwind - Winter Launch' };
const ASKED = ['MANAGE', 'ADVERTISE', 'ANALYZE'];

await init();
const sample = samples().samples.find((s) => s.name === 'agency-onboarding');
const config = JSON.parse(sample.config);
config.partners[AGENCY.id].scope.push(ASSET.id);
const tasks = glossary().glossary.tasks[ASSET.type];
const verdict = document.querySelector('#verdict');
const form = document.querySelector('#request');
const least = document.querySelector('#least');

document.querySelector('#request-who').textContent = `${AGENCY.name} (your media agency) asks for access to the ad account ${ASSET.name}.`;
document.querySelector('#request-asset').textContent = ASSET.name;
document.querySelector('#tasks').replaceChildren(...Object.entries(tasks).map(([code, task]) => {
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'task', value: code, checked: ASKED.includes(code) });
  const label = document.createElement('label');
  const name = Object.assign(document.createElement('span'), { className: 'name', textContent: task.name });
  const allows = Object.assign(document.createElement('span'), { className: 'allows', textContent: task.allows ?? '' });
  label.append(box, name, allows);
  return label;
}));

/** The tasks ticked in the form. */
const asked = () => [...form.querySelectorAll('input[name="task"]:checked')].map((b) => b.value);

function checkRequest() {
  const answer = whatIf({
    snapshot: sample.snapshot,
    config,
    proposed: [{ grantee: AGENCY, asset: ASSET, tasks: asked() }],
    plain: true,
  });
  verdict.whatIf = answer;
  // One click to ask only for what the role needs: the tasks the answer says to leave out.
  const drop = answer.type === 'success' ? answer.what_if.proposals.flatMap((p) => p.drop) : [];
  least.hidden = drop.length === 0;
  least.dataset.drop = drop.join(' ');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  checkRequest();
});
least.addEventListener('click', () => {
  const drop = new Set(least.dataset.drop.split(' '));
  for (const box of form.querySelectorAll('input[name="task"]')) if (drop.has(box.value)) box.checked = false;
  checkRequest();
  verdict.focus?.();
});
checkRequest();
document.body.dataset.ready = 'true';
