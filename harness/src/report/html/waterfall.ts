import type { ReportSpan } from '../types.ts';
import { displayValue, formatDuration, shortId } from './format.ts';
import { html, type SafeHtml, slug } from './safe-html.ts';
import { serviceColors } from './service-colors.ts';
import type { WaterfallLayout, WaterfallRow } from './waterfall-layout.ts';
import { layoutWaterfall, spanKind } from './waterfall-layout.ts';

/** Anchor id of a span row inside one scenario. */
export function spanAnchor(scenarioKey: string, spanId: string): string {
  return `span-${scenarioKey}-${slug(spanId)}`;
}

function axis(totalMs: number): SafeHtml {
  const ticks = [0, 25, 50, 75, 100].map(
    (p) => html`<span class="tick" style="left:${p}%">${formatDuration((totalMs * p) / 100)}</span>`,
  );
  return html`<div class="wf-head" aria-hidden="true"><div class="wf-name">span</div><div class="wf-axis">${ticks}</div></div>`;
}

function hopBadge(row: WaterfallRow, scenarioKey: string): SafeHtml {
  const hop = row.kafkaHop;
  if (!hop) return html``;
  const via = hop.via === 'link' ? 'span link' : 'parent';
  const title = `Kafka hop from ${hop.producer.service} “${hop.producer.name}” (via ${via})`;
  return html`<a class="kafka-badge" href="#${spanAnchor(scenarioKey, hop.producer.spanId)}" title="${title}">⇢ Kafka${hop.topic ? html` <b>${hop.topic}</b>` : ''} · from ${hop.producer.service}${hop.via === 'link' ? ' · ↪ span link' : ''}</a>`;
}

function linkList(span: ReportSpan, scenarioKey: string, byId: ReadonlyMap<string, ReportSpan>): SafeHtml {
  if (!span.links?.length) return html``;
  const items = span.links.map((link) => {
    const target = byId.get(link.spanId);
    const label = target ? `${target.service} · ${target.name}` : `span ${link.spanId} (not in this report)`;
    return html`<li>↪ links to <a href="#${spanAnchor(scenarioKey, link.spanId)}">${label}</a> <span class="muted">trace ${link.traceId}</span></li>`;
  });
  return html`<ul class="span-links">${items}</ul>`;
}

function attributes(span: ReportSpan): SafeHtml {
  const entries = Object.entries(span.attributes);
  if (entries.length === 0) return html`<p class="muted">no attributes</p>`;
  const rows = entries.map(([k, v]) => html`<tr><th>${k}</th><td>${displayValue(v)}</td></tr>`);
  return html`<table class="kv">${rows}</table>`;
}

function pct(value: number): string {
  return `${value.toFixed(3)}%`;
}

// The track keeps a right margin, so a label after the bar never leaves the row, even for the last span.
function durationLabel(r: WaterfallRow): SafeHtml {
  return html`<span class="dur" style="left:${pct(r.leftPct + r.widthPct)}">${formatDuration(r.span.durationMs)}</span>`;
}

function row(r: WaterfallRow, ctx: RowContext): SafeHtml {
  const { span } = r;
  const color = ctx.colors.get(span.service) ?? '#666';
  const kind = spanKind(span.kind);
  const classes = ['wf-row', r.kafkaHop ? 'kafka-consumer' : '', kind === 'producer' ? 'kafka-producer' : ''];
  if (span.status === 'error') classes.push('span-error');
  const broken = ctx.brokenSpanIds.has(span.spanId);
  if (broken) classes.push('wf-row--broken');
  const connector = r.kafkaHop
    ? html`<span class="hop-line" title="${formatDuration(r.span.startMs - r.kafkaHop.producer.startMs)} from send to process" style="left:${pct(r.kafkaHop.fromPct)};width:${pct(Math.max(0, r.leftPct - r.kafkaHop.fromPct))}"></span>`
    : '';
  return html`<details class="${classes.filter(Boolean).join(' ')}" id="${spanAnchor(ctx.key, span.spanId)}" data-span-id="${span.spanId}" data-service="${span.service}" data-depth="${r.depth}" style="--svc:${color}">
<summary><span class="wf-name" style="padding-left:${r.depth * 16 + 4}px"><span class="wf-line"><span class="svc-dot"></span><span class="svc">${span.service}</span> <span class="span-name" title="${span.name}">${span.name}</span> <span class="kind">${kind}</span>${span.status === 'error' ? html` <span class="err-mark" title="span status error">error</span>` : ''}${r.root && ctx.multiTrace ? html` <span class="trace-chip" title="${span.traceId}">trace ${shortId(span.traceId)}</span>` : ''}${broken ? html` <span class="broken-mark">✗ correlation lost</span>` : ''}</span>${hopBadge(r, ctx.key)}</span>
<span class="wf-track">${connector}<span class="bar" style="left:${pct(r.leftPct)};width:${pct(r.widthPct)}"></span>${durationLabel(r)}</span></summary>
<div class="span-detail"><p class="muted">span ${span.spanId}${span.parentSpanId ? ` · parent ${span.parentSpanId}` : ''} · trace ${span.traceId} · starts +${formatDuration(span.startMs - ctx.layout.startMs)}</p>${linkList(span, ctx.key, ctx.byId)}${attributes(span)}</div>
</details>`;
}

interface RowContext {
  readonly key: string;
  readonly layout: WaterfallLayout;
  readonly colors: ReadonlyMap<string, string>;
  readonly byId: ReadonlyMap<string, ReportSpan>;
  readonly multiTrace: boolean;
  readonly brokenSpanIds: ReadonlySet<string>;
}

/** Renders the trace waterfall of one scenario: bars by start/duration, indented by parent, Kafka hops marked. */
export function renderWaterfall(
  spans: readonly ReportSpan[],
  options: { readonly scenarioKey: string; readonly brokenSpanIds?: readonly string[] },
): SafeHtml {
  const scenarioKey = options.scenarioKey;
  if (spans.length === 0) return html`<p class="muted">No spans were collected for this scenario.</p>`;
  const layout = layoutWaterfall(spans);
  const colors = serviceColors(layout.services);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const multiTrace = new Set(spans.map((s) => s.traceId)).size > 1;
  const brokenSpanIds = new Set(options.brokenSpanIds ?? []);
  const ctx: RowContext = { key: scenarioKey, layout, colors, byId, multiTrace, brokenSpanIds };
  const legend = layout.services.map(
    (s) =>
      html`<span class="legend-item" style="--svc:${colors.get(s) ?? '#666'}"><span class="svc-dot"></span>${s}</span>`,
  );
  return html`<div class="waterfall" data-total-ms="${layout.totalMs}">
<div class="legend">${legend}<span class="legend-item legend-kafka">⇢ Kafka hop (producer → consumer)</span><span class="legend-item legend-link">↪ span link</span></div>
${axis(layout.totalMs)}${layout.rows.map((r) => row(r, ctx))}</div>`;
}
