import { checkOnlyEvidence } from '../issues.ts';
import type { CheckResult, GateReport, ReportIssue } from '../types.ts';
import { checkAnchor, gateAnchor, scenarioKey } from './anchors.ts';
import { renderEvidence } from './evidence.ts';
import { formatDuration, statusLabel } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { renderScenario } from './scenario.ts';

const known = new Set(['summary', 'reason', 'checks', 'scenarios']);

function checkItem(check: CheckResult, gateIndex: number, checkIndex: number): SafeHtml {
  const failed = check.status === 'failed';
  return html`<details class="check check--${check.status}" id="${checkAnchor(gateIndex, checkIndex)}"${failed ? ' open' : ''}>
<summary><span class="badge badge--${check.status}">${statusLabel(check.status)}</span> <span class="check-name">${check.name}</span>${check.durationMs === undefined ? '' : html` <span class="muted">${formatDuration(check.durationMs)}</span>`}</summary>
<div class="check-body">${check.issues?.length ? issueList(check) : html`${check.message ? html`<p class="check-message">${check.message}</p>` : ''}${(check.evidence ?? []).map(renderEvidence)}`}</div></details>`;
}

/** A failed check's issues (code, path, message, expected vs actual, evidence), then the check's own evidence. */
function issueList(check: CheckResult): SafeHtml {
  return html`<ol class="issues">${(check.issues ?? []).map(issueItem)}</ol>${checkOnlyEvidence(check).map(renderEvidence)}`;
}

function issueItem(issue: ReportIssue): SafeHtml {
  const rows = [
    ...(issue.expected !== undefined ? [html`<tr><th>expected</th><td>${issue.expected}</td></tr>`] : []),
    ...(issue.actual !== undefined ? [html`<tr><th>actual</th><td>${issue.actual}</td></tr>`] : []),
  ];
  return html`<li class="issue"><code class="issue-code">${issue.code}</code>${issue.path ? html` <span class="issue-path">${issue.path}</span>` : ''}
<p class="check-message">${issue.message}</p>${rows.length ? html`<table class="kv">${rows}</table>` : ''}${(issue.evidence ?? []).map(renderEvidence)}</li>`;
}

function checkList(checks: readonly CheckResult[], gateIndex: number): SafeHtml {
  const indexed = checks.map((check, i) => ({ check, i }));
  const notable = indexed.filter(({ check }) => check.status === 'failed');
  const rest = indexed.filter(({ check }) => check.status !== 'failed');
  const restBlock = rest.length
    ? html`<details class="passed-checks"><summary>${rest.length} ${notable.length ? 'other ' : ''}check${rest.length === 1 ? '' : 's'} (${rest.filter((r) => r.check.status === 'passed').length} passed, ${rest.filter((r) => r.check.status === 'skipped').length} skipped)</summary>${rest.map(({ check, i }) => checkItem(check, gateIndex, i))}</details>`
    : '';
  return html`${notable.map(({ check, i }) => checkItem(check, gateIndex, i))}${restBlock}`;
}

function extraDetails(details: GateReport['details']): SafeHtml {
  const extra = Object.entries(details ?? {}).filter(([k]) => !known.has(k));
  if (extra.length === 0) return html``;
  return html`<details class="raw-details"><summary>more details</summary><pre class="code">${JSON.stringify(Object.fromEntries(extra), null, 2)}</pre></details>`;
}

/** Renders one gate: its reason or summary, its checks (failures first, with evidence) and its scenarios. */
export function renderGateSection(gate: GateReport, gateIndex: number): SafeHtml {
  const details = gate.details;
  const scenarios = details?.scenarios ?? [];
  return html`<details class="card gate gate--${gate.status}" id="${gateAnchor(gateIndex, gate.name)}" data-gate="${gate.name}"${gate.status === 'failed' ? ' open' : ''}>
<summary><span class="badge badge--${gate.status}">${statusLabel(gate.status)}</span> <span class="gate-name">${gate.name}</span> <span class="muted">${gate.checks} checks · ${gate.failures} failed · ${formatDuration(gate.durationMs)}</span></summary>
<div class="gate-body">${details?.reason ? html`<p class="reason">${details.reason}</p>` : ''}${details?.summary ? html`<p class="summary">${details.summary}</p>` : ''}
${scenarios.length ? html`<h3>End-to-end scenarios</h3>${scenarios.map((s, i) => renderScenario(s, scenarioKey(gateIndex, i)))}` : ''}
${details?.checks?.length ? html`<h3>Checks</h3>${checkList(details.checks, gateIndex)}` : ''}${extraDetails(details)}</div></details>`;
}
