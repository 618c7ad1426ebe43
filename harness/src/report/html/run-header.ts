import type { VerifyReport } from '../types.ts';
import { formatDuration } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

function counts(report: VerifyReport): SafeHtml {
  const of = (status: string) => report.gates.filter((g) => g.status === status).length;
  const items = [
    ['passed', of('passed')],
    ['failed', of('failed')],
    ['skipped', of('skipped')],
  ] as const;
  return html`<div class="counts">${items.map(([label, n]) => html`<div class="count count--${label}"><b>${n}</b>${label}</div>`)}</div>`;
}

/** Renders the run banner: verdict, system, when, how long, gate counts and the environment. */
export function renderRunHeader(report: VerifyReport): SafeHtml {
  const verdict = report.ok ? 'passed' : 'failed';
  const env = Object.entries(report.environment);
  return html`<header class="run card run--${verdict}" data-ok="${String(report.ok)}">
<div class="verdict" id="verdict">${verdict}</div>
<div><h1>${report.system}</h1><div class="run-meta"><span>started ${report.startedAt}</span><span>took ${formatDuration(report.durationMs)}</span><span>${report.tool.name} ${report.tool.version}</span></div></div>
${counts(report)}</header>
${env.length ? html`<details class="card env"><summary style="padding:8px 14px">Environment (${env.length})</summary><div style="padding:0 14px 10px"><table class="kv">${env.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table></div></details>` : ''}`;
}
