import type { ReportScenario } from '../types.ts';
import { displayValue } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

type Line = Record<string, unknown>;

const pinoLevels: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function pick(line: Line, keys: readonly string[]): unknown {
  for (const key of keys) if (line[key] !== undefined) return line[key];
  return undefined;
}

function time(line: Line): string {
  const value = pick(line, ['time', 'timestamp', '@timestamp', 'ts']);
  if (typeof value === 'number') return new Date(value).toISOString().slice(11, 23);
  if (typeof value === 'string') return value.length > 20 && value.includes('T') ? value.slice(11, 23) : value;
  return '';
}

function level(line: Line): string {
  const value = pick(line, ['level', 'severity', 'levelname']);
  if (typeof value === 'number') return pinoLevels[value] ?? String(value);
  return value === undefined ? '' : displayValue(value).toLowerCase();
}

function text(line: Line, keys: readonly string[]): string {
  const value = pick(line, keys);
  return value === undefined ? '' : displayValue(value);
}

function lineRow(line: Line, correlationId: string | undefined): SafeHtml {
  const json = JSON.stringify(line);
  const missing = correlationId !== undefined && !json.includes(correlationId);
  const lvl = level(line);
  const corr = text(line, ['correlation_id', 'correlationId', 'correlation.id', 'x-correlation-id']);
  return html`<tr class="${missing ? 'log--missing' : ''}" data-level="${lvl}">
<td class="mono">${time(line)}</td><td><span class="lvl lvl--${lvl}">${lvl}</span></td><td>${text(line, ['service.name', 'service', 'name'])}</td>
<td class="msg">${text(line, ['msg', 'message', 'event'])}<details class="raw"><summary>json</summary><pre>${JSON.stringify(line, null, 2)}</pre></details></td>
<td class="mono">${text(line, ['trace_id', 'traceId', 'trace.id'])}</td><td class="mono">${corr || (missing ? html`<span class="missing-tag">missing</span>` : '')}</td></tr>`;
}

/** Renders the scenario's matching log lines; lines that lack the correlation id are flagged. */
export function renderLogLines(scenario: ReportScenario): SafeHtml {
  if (scenario.logLines.length === 0) return html`<p class="muted">No log lines matched this scenario.</p>`;
  const rows = scenario.logLines.map((line) => lineRow(line, scenario.correlationId));
  return html`<div class="table-wrap"><table class="logs"><thead><tr><th>time</th><th>level</th><th>service</th><th>message</th><th>trace id</th><th>correlation id</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
