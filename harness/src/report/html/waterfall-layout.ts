import type { ReportSpan } from '../types.ts';

/** A span placed on the waterfall: tree depth, bar geometry in percent, and its Kafka role. */
export interface WaterfallRow {
  readonly span: ReportSpan;
  readonly depth: number;
  readonly leftPct: number;
  readonly widthPct: number;
  /** Set on a consumer span reached from a producer span (by parent or by link). */
  readonly kafkaHop?: KafkaHop;
  /** True when the span starts a trace of its own (its parent is not in the report). */
  readonly root: boolean;
}

/** The producer → consumer hop across Kafka that a consumer row closes. */
export interface KafkaHop {
  readonly producer: ReportSpan;
  readonly via: 'parent' | 'link';
  readonly topic?: string;
  /** Where the producer started, in percent of the time axis (the hop's connector starts there). */
  readonly fromPct: number;
}

/** The whole waterfall: rows in tree order and the time axis. */
export interface WaterfallLayout {
  readonly rows: readonly WaterfallRow[];
  readonly startMs: number;
  readonly totalMs: number;
  readonly services: readonly string[];
}

/** Normalizes span kinds written as `CONSUMER`, `SPAN_KIND_CONSUMER` or `consumer`. */
export function spanKind(kind: string): string {
  return kind.toLowerCase().replace(/^span_kind_/, '');
}

function topicOf(span: ReportSpan): string | undefined {
  const topic = span.attributes['messaging.destination.name'] ?? span.attributes['messaging.destination'];
  return typeof topic === 'string' ? topic : undefined;
}

function findHop(span: ReportSpan, byId: ReadonlyMap<string, ReportSpan>): Omit<KafkaHop, 'fromPct'> | undefined {
  if (spanKind(span.kind) !== 'consumer') return undefined;
  const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  if (parent && spanKind(parent.kind) === 'producer')
    return { producer: parent, via: 'parent', ...topic(span, parent) };
  for (const link of span.links ?? []) {
    const linked = byId.get(link.spanId);
    if (linked && spanKind(linked.kind) === 'producer')
      return { producer: linked, via: 'link', ...topic(span, linked) };
  }
  return undefined;
}

function topic(consumer: ReportSpan, producer: ReportSpan): { topic?: string } {
  const name = topicOf(consumer) ?? topicOf(producer);
  return name === undefined ? {} : { topic: name };
}

function treeOrder(spans: readonly ReportSpan[], byId: ReadonlyMap<string, ReportSpan>): [ReportSpan, number][] {
  const children = new Map<string, ReportSpan[]>();
  const roots: ReportSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent !== undefined && byId.has(parent) && parent !== span.spanId) {
      children.set(parent, [...(children.get(parent) ?? []), span]);
    } else roots.push(span);
  }
  const byStart = (a: ReportSpan, b: ReportSpan) => a.startMs - b.startMs;
  const out: [ReportSpan, number][] = [];
  const seen = new Set<string>();
  const visit = (span: ReportSpan, depth: number) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    out.push([span, depth]);
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // Spans caught in a parent cycle are unreachable from any root; show them flat rather than drop them.
  for (const span of spans) if (!seen.has(span.spanId)) visit(span, 0);
  return out;
}

/** Lays spans out as a waterfall: depth-first by parent, children by start time, bars in percent of the run. */
export function layoutWaterfall(spans: readonly ReportSpan[]): WaterfallLayout {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const startMs = spans.length === 0 ? 0 : Math.min(...spans.map((s) => s.startMs));
  const endMs = spans.length === 0 ? 0 : Math.max(...spans.map((s) => s.startMs + Math.max(0, s.durationMs)));
  const totalMs = Math.max(endMs - startMs, 0.001);
  const pct = (ms: number) => Math.min(100, Math.max(0, ((ms - startMs) / totalMs) * 100));
  const rows = treeOrder(spans, byId).map(([span, depth]): WaterfallRow => {
    const leftPct = pct(span.startMs);
    const widthPct = Math.min(100 - leftPct, (Math.max(0, span.durationMs) / totalMs) * 100);
    const hop = findHop(span, byId);
    const root = span.parentSpanId === undefined || !byId.has(span.parentSpanId);
    const base = { span, depth, leftPct, widthPct, root };
    return hop ? { ...base, kafkaHop: { ...hop, fromPct: pct(hop.producer.startMs) } } : base;
  });
  const services = [...new Set(rows.map((r) => r.span.service))];
  return { rows, startMs, totalMs, services };
}
