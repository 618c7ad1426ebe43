import type { GateReport } from '../types.ts';
import { gateAnchor } from './anchors.ts';
import { formatDuration, statusLabel } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

function note(gate: GateReport): string {
  return gate.details?.reason ?? gate.details?.summary ?? '';
}

/** Renders the gate summary table: one row per gate with status, counts and duration. */
export function renderGateTable(gates: readonly GateReport[]): SafeHtml {
  const rows = gates.map(
    (
      gate,
      i,
    ) => html`<tr class="gate-row gate-row--${gate.status}" data-gate="${gate.name}" data-status="${gate.status}">
<td><a href="#${gateAnchor(i, gate.name)}">${gate.name}</a></td><td><span class="badge badge--${gate.status}">${statusLabel(gate.status)}</span></td>
<td class="num">${gate.checks}</td><td class="num">${gate.failures > 0 ? html`<b class="fail-count">${gate.failures}</b>` : gate.failures}</td>
<td class="num">${formatDuration(gate.durationMs)}</td><td class="note">${note(gate)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="gates"><thead><tr><th>gate</th><th>status</th><th class="num">checks</th><th class="num">failures</th><th class="num">duration</th><th>summary</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
