import { issueTitle } from '../issues.ts';
import type { GateReport } from '../types.ts';
import { checkAnchor, gateAnchor, scenarioKey } from './anchors.ts';
import { brokenHopAnchor, firstBrokenIndex } from './chain.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { scenarioAnchor } from './scenario.ts';

function gateFailures(gate: GateReport, gateIndex: number): SafeHtml[] {
  const items: SafeHtml[] = [];
  (gate.details?.scenarios ?? []).forEach((scenario, i) => {
    if (scenario.status !== 'failed') return;
    const key = scenarioKey(gateIndex, i);
    const hop = scenario.chain[firstBrokenIndex(scenario)];
    items.push(
      hop
        ? html`<li class="finding finding--chain"><a href="#${brokenHopAnchor(key)}">${scenario.name}: correlation id lost at <b>${hop.label}</b></a>${hop.reason ? html` — ${hop.reason}` : ''}</li>`
        : html`<li class="finding"><a href="#${scenarioAnchor(key)}">${scenario.name}</a> failed</li>`,
    );
  });
  (gate.details?.checks ?? []).forEach((check, i) => {
    if (check.status !== 'failed') return;
    const [first, ...rest] = check.issues ?? [];
    const summary = first ? `${issueTitle(first)}${rest.length ? ` (and ${rest.length} more)` : ''}` : check.message;
    items.push(
      html`<li class="finding"><a href="#${checkAnchor(gateIndex, i)}">${check.name}</a>${summary ? html` — ${summary}` : ''}</li>`,
    );
  });
  if (items.length === 0) items.push(html`<li class="finding">${gate.details?.reason ?? 'failed'}</li>`);
  return items;
}

/** Lists every failure with a link to its evidence, so the first screen says what broke. */
export function renderFailuresOverview(gates: readonly GateReport[]): SafeHtml {
  const failed = gates.map((gate, i) => ({ gate, i })).filter(({ gate }) => gate.status === 'failed');
  if (failed.length === 0) return html``;
  return html`<section class="overview" aria-label="What failed"><h2>What failed</h2>${failed.map(
    ({ gate, i }) =>
      html`<div class="overview-gate"><a class="overview-gate-name" href="#${gateAnchor(i, gate.name)}">${gate.name}</a><ul>${gateFailures(gate, i)}</ul></div>`,
  )}</section>`;
}
