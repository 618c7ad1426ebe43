import type { RunPhase } from '../types.ts';
import { formatDuration } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

/** The run's phases as a collapsible table: name, start from the run's start, duration (overlaps show as such). */
export function renderPhases(phases: readonly RunPhase[] | undefined): SafeHtml | '' {
  if (!phases || phases.length === 0) return '';
  return html`<details class="card env phases"><summary style="padding:8px 14px">Phases (${phases.length})</summary><div style="padding:0 14px 10px"><table class="kv">${phases.map(
    (p) =>
      html`<tr><th>${p.name}</th><td>at ${formatDuration(p.startMs)} · took ${formatDuration(p.durationMs)}</td></tr>`,
  )}</table></div></details>`;
}
