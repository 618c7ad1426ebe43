import type { ReportScenario } from '../types.ts';
import { brokenHopAnchor, firstBrokenIndex, renderChain } from './chain.ts';
import { statusLabel } from './format.ts';
import { renderLogLines } from './log-lines.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { renderWaterfall } from './waterfall.ts';

/** Anchor id of a scenario section. */
export function scenarioAnchor(scenarioKey: string): string {
  return `scenario-${scenarioKey}`;
}

/** The one-line verdict on a scenario's chain: where the correlation id was lost, or that it survived. */
export function brokenHopCallout(scenario: ReportScenario, scenarioKey: string): SafeHtml {
  const index = firstBrokenIndex(scenario);
  const hop = index >= 0 ? scenario.chain[index] : undefined;
  if (!hop) {
    if (scenario.chain.length === 0) return html``;
    return html`<div class="callout callout--ok">✓ Correlation id carried across all ${scenario.chain.length} hops.</div>`;
  }
  return html`<div class="callout callout--broken" role="alert"><div class="callout-title">✗ Correlation id lost at hop ${index + 1} of ${scenario.chain.length}: <a href="#${brokenHopAnchor(scenarioKey)}">${hop.label}</a></div>${hop.reason ? html`<div class="callout-reason">${hop.reason}</div>` : ''}</div>`;
}

/** Renders one end-to-end scenario: verdict, trace waterfall, correlation chain and log lines. */
export function renderScenario(scenario: ReportScenario, scenarioKey: string): SafeHtml {
  const failed = scenario.status === 'failed';
  const meta = [
    scenario.correlationId ? html`correlation id <code>${scenario.correlationId}</code>` : '',
    html`${scenario.traceIds.length} trace${scenario.traceIds.length === 1 ? '' : 's'} ${scenario.traceIds.map((t) => html`<code>${t}</code> `)}`,
    html`${scenario.spans.length} spans`,
  ];
  return html`<details class="scenario scenario--${scenario.status}" id="${scenarioAnchor(scenarioKey)}"${failed ? ' open' : ''}>
<summary><span class="badge badge--${scenario.status}">${statusLabel(scenario.status)}</span> <span class="scenario-name">${scenario.name}</span></summary>
<div class="scenario-body"><p class="meta">${meta.map((m) => html`<span>${m}</span>`)}</p>${brokenHopCallout(scenario, scenarioKey)}
<h4>Correlation chain</h4>${renderChain(scenario, scenarioKey)}
<h4>Trace waterfall</h4>${renderWaterfall(scenario.spans, { scenarioKey, brokenSpanIds: scenario.chain[firstBrokenIndex(scenario)]?.spanIds ?? [] })}
<details class="logs-block"${failed ? ' open' : ''}><summary><h4>Log lines (${scenario.logLines.length})</h4></summary>${renderLogLines(scenario)}</details></div>
</details>`;
}
