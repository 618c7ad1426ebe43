import type { ReportHop, ReportScenario } from '../types.ts';
import { statusLabel } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { spanAnchor } from './waterfall.ts';

/** Index of the hop where the correlation id was first lost: the report's own pick, else the first broken hop. */
export function firstBrokenIndex(scenario: ReportScenario): number {
  const named = scenario.firstBrokenHop;
  const byLabel = named === undefined ? -1 : scenario.chain.findIndex((h) => h.label === named);
  return byLabel >= 0 ? byLabel : scenario.chain.findIndex((h) => h.status === 'broken');
}

/** Anchor id of the first broken hop of a scenario. */
export function brokenHopAnchor(scenarioKey: string): string {
  return `broken-${scenarioKey}`;
}

const icons = { ok: '✓', broken: '✗', 'not-checked': '–' } as const;

function hopEvidence(hop: ReportHop, scenarioKey: string): SafeHtml {
  const spans = hop.spanIds?.length
    ? html`<p class="hop-spans">spans: ${hop.spanIds.map((id) => html`<a href="#${spanAnchor(scenarioKey, id)}"><code>${id}</code></a> `)}</p>`
    : '';
  const headers =
    hop.headers && Object.keys(hop.headers).length > 0
      ? html`<table class="kv">${Object.entries(hop.headers).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>`
      : '';
  const logs = hop.logLines?.length ? html`<pre class="log-pre">${hop.logLines.join('\n')}</pre>` : '';
  if (!spans && !headers && !logs) return html``;
  return html`<details class="hop-evidence"><summary>evidence</summary>${spans}${headers}${logs}</details>`;
}

function hopItem(hop: ReportHop, index: number, firstBroken: number, scenarioKey: string): SafeHtml {
  const isFirst = index === firstBroken;
  const after = firstBroken >= 0 && index > firstBroken;
  const classes = ['hop', `hop--${hop.status}`, isFirst ? 'hop--first-broken' : '', after ? 'hop--after-break' : ''];
  return html`<li class="${classes.filter(Boolean).join(' ')}" data-status="${hop.status}"${isFirst ? html` id="${brokenHopAnchor(scenarioKey)}"` : ''}>
<span class="hop-icon" aria-hidden="true">${icons[hop.status]}</span>
<div class="hop-body"><div class="hop-title"><span class="hop-label">${hop.label}</span> <span class="badge badge--${hop.status}">${statusLabel(hop.status)}</span>${isFirst ? html` <span class="first-broken-tag">correlation id lost here</span>` : ''}</div>
${hop.reason ? html`<div class="hop-reason">${hop.reason}</div>` : ''}${hopEvidence(hop, scenarioKey)}</div></li>`;
}

/** Renders the correlation chain hop by hop, the first broken hop highlighted. */
export function renderChain(scenario: ReportScenario, scenarioKey: string): SafeHtml {
  if (scenario.chain.length === 0) return html`<p class="muted">No correlation chain was checked.</p>`;
  const firstBroken = firstBrokenIndex(scenario);
  return html`<ol class="chain">${scenario.chain.map((hop, i) => hopItem(hop, i, firstBroken, scenarioKey))}</ol>`;
}
