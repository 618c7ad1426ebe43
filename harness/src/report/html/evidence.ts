import { toCurl } from '../curl.ts';
import type { Evidence } from '../types.ts';
import { prettyJson } from './format.ts';
import { html, type SafeHtml } from './safe-html.ts';

type Of<K extends Evidence['kind']> = Extract<Evidence, { kind: K }>;

function kv(entries: Record<string, string> | undefined): SafeHtml {
  const rows = Object.entries(entries ?? {});
  if (rows.length === 0) return html``;
  return html`<table class="kv">${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>`;
}

function copyable(text: string, label: string): SafeHtml {
  return html`<div class="copyable"><div class="copy-head"><span>${label}</span></div><pre class="code">${text}</pre></div>`;
}

function httpRequest(e: Of<'http-request'>): SafeHtml {
  const status = e.response?.status;
  const statusClass = status === undefined ? '' : status >= 500 ? 'http-5xx' : status >= 400 ? 'http-4xx' : 'http-ok';
  const response = e.response
    ? html`<div class="http-response"><span class="http-status ${statusClass}">HTTP ${e.response.status}</span>${e.response.body ? html`<pre class="code">${prettyJson(e.response.body)}</pre>` : ''}</div>`
    : '';
  return html`<div class="evidence evidence--http"><div class="ev-title">Reproducing request</div>
<div class="http-line"><span class="method">${e.method.toUpperCase()}</span> <code>${e.url}</code></div>
${kv(e.headers)}${e.body ? html`<pre class="code">${prettyJson(e.body)}</pre>` : ''}
${copyable(e.curl ?? toCurl(e), 'reproduce with curl')}${response}</div>`;
}

function pactMismatch(e: Of<'pact-mismatch'>): SafeHtml {
  return html`<div class="evidence evidence--pact"><div class="ev-title">Pact interaction: <b>${e.interaction}</b></div>
<ul class="mismatches">${e.mismatches.map((m) => html`<li><pre>${m}</pre></li>`)}</ul></div>`;
}

function kafkaMessage(e: Of<'kafka-message'>): SafeHtml {
  const where = [
    `topic ${e.topic}`,
    e.partition === undefined ? '' : `partition ${e.partition}`,
    e.offset === undefined ? '' : `offset ${e.offset}`,
    e.key === undefined ? '' : `key ${e.key}`,
  ].filter(Boolean);
  return html`<div class="evidence evidence--kafka"><div class="ev-title">Invalid Kafka message · ${where.join(' · ')}</div>
<ul class="errors">${e.errors.map((err) => html`<li>${err}</li>`)}</ul>
${kv(e.headers)}<pre class="code">${prettyJson(e.value)}</pre></div>`;
}

function schemaDiff(e: Of<'schema-diff'>): SafeHtml {
  const rank = { error: 3, warning: 2, info: 1 } as const;
  const changes = [...e.changes].sort((a, b) => rank[b.severity] - rank[a.severity]);
  const badge = { error: 'failed', warning: 'not-checked', info: 'skipped' } as const;
  const rows = changes.map(
    (c) =>
      html`<tr class="${c.severity === 'error' ? 'breaking' : ''}"><td><span class="badge badge--${badge[c.severity]}">${c.severity}</span></td><td><code>${c.path}</code><br><span class="mono">${c.location ?? ''}</span></td><td class="mono">${c.rule}</td><td>${c.message}${c.waiver ? html`<br><em>${c.waiver.expired ? `waiver expired ${c.waiver.expires}` : `waived until ${c.waiver.expires}`}: ${c.waiver.reason}</em>` : ''}</td></tr>`,
  );
  const errors = changes.filter((c) => c.severity === 'error').length;
  return html`<div class="evidence evidence--diff"><div class="ev-title">${e.document}: ${errors} breaking of ${changes.length} changes</div>
<div class="table-wrap"><table class="diff"><thead><tr><th></th><th>path</th><th>rule</th><th>change</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}

/** Renders one piece of evidence according to its kind. */
export function renderEvidence(evidence: Evidence): SafeHtml {
  switch (evidence.kind) {
    case 'http-request':
      return httpRequest(evidence);
    case 'pact-mismatch':
      return pactMismatch(evidence);
    case 'kafka-message':
      return kafkaMessage(evidence);
    case 'schema-diff':
      return schemaDiff(evidence);
    case 'text':
      return html`<div class="evidence"><pre class="code">${evidence.text}</pre></div>`;
    default:
      return html`<div class="evidence"><pre class="code">${JSON.stringify(evidence, null, 2)}</pre></div>`;
  }
}
