import type {
  ChainIssueEvidence,
  EffectEvidence,
  Failed,
  HttpExchange,
  Issue,
  LogLine,
  Passed,
  RecordedExchange,
  TappedMessage,
} from '@tracegate/trace-assertions';
import type { CheckResult, Evidence, ReportIssue } from '../report/types.ts';

/** How a library outcome becomes a check. */
export interface FromOutcomeOptions {
  /** The failed check's message (default: the first issues' messages, one a line). */
  readonly message?: string;
  /** The passed check's message (default none). */
  readonly passed?: string;
  readonly durationMs?: number;
  /** Evidence of the whole check (e.g. the requests a scenario sent), kept beside the issues' own. */
  readonly evidence?: readonly Evidence[];
  /** Issues kept in the report (default 5); the message counts the rest. */
  readonly shown?: number;
}

/**
 * Maps a trace-assertions outcome (`{ ok: true } | { ok: false, issues }`) to the check the reports render.
 * @example checks.push(fromOutcome('POST /orders → order.created', checkEffects(options)));
 */
export function fromOutcome<I extends Issue>(
  name: string,
  outcome: Passed | Failed<I>,
  options: FromOutcomeOptions = {},
): CheckResult {
  const timing = options.durationMs === undefined ? {} : { durationMs: options.durationMs };
  const checkEvidence = options.evidence ?? [];
  if (outcome.ok) {
    return {
      name,
      status: 'passed',
      ...timing,
      ...(options.passed !== undefined ? { message: options.passed } : {}),
      ...(checkEvidence.length > 0 ? { evidence: checkEvidence } : {}),
    };
  }
  const shown = outcome.issues.slice(0, options.shown ?? 5);
  const issues = shown.map(toReportIssue);
  const more = outcome.issues.length > shown.length ? [`… and ${outcome.issues.length - shown.length} more`] : [];
  const evidence = distinct([...checkEvidence, ...issues.flatMap((issue) => issue.evidence ?? [])]);
  return {
    name,
    status: 'failed',
    ...timing,
    message: options.message ?? [...shown.map((issue) => issue.message), ...more].join('\n'),
    ...(evidence.length > 0 ? { evidence } : {}),
    issues,
  };
}

/** Evidence listed once, though several issues (or the check and an issue) name it. */
function distinct(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The issue as the reports keep it: its evidence in the reports' shapes. */
function toReportIssue(issue: Issue): ReportIssue {
  const evidence = issueEvidence(issue);
  return {
    code: issue.code,
    message: issue.message,
    ...(issue.path !== undefined ? { path: issue.path } : {}),
    ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
    ...(issue.actual !== undefined ? { actual: issue.actual } : {}),
    ...(evidence.length > 0 ? { evidence } : {}),
  };
}

/** What the library's issues carry as evidence, shaped per area (effects, requests, logs, chain hops, teeth). */
type KnownEvidence = Partial<
  EffectEvidence & ChainIssueEvidence & { readonly exchange: HttpExchange; readonly lines: readonly LogLine[] }
>;

/** The request, messages (first 3), headers, log lines (first 5) and span ids an issue's evidence carries. */
function issueEvidence(issue: Issue): Evidence[] {
  const known = (issue.evidence ?? {}) as KnownEvidence;
  const out: Evidence[] = [];
  if (known.request) out.push(requestEvidence(known.request, known.curl));
  if (known.exchange) out.push({ kind: 'http-request', ...known.exchange });
  out.push(...(known.messages ?? []).slice(0, 3).map(messageEvidence));
  const headers = Object.entries(known.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  if (headers.length > 0) out.push({ kind: 'text', text: `headers: ${headers.join('; ')}` });
  const lines = [...(known.lines ?? []), ...(known.logLines ?? [])].slice(0, 5).map((line) => line.raw);
  if (lines.length > 0) out.push({ kind: 'text', text: lines.join('\n') });
  if (known.spanIds?.length) out.push({ kind: 'text', text: `spans: ${known.spanIds.join(', ')}` });
  return out;
}

function requestEvidence(request: RecordedExchange, curl: string | undefined): Evidence {
  return {
    kind: 'http-request',
    method: request.method,
    url: request.url,
    headers: { ...request.requestHeaders },
    ...(request.requestBody !== undefined ? { body: request.requestBody } : {}),
    ...(curl ? { curl } : {}),
    response: { status: request.status, ...(request.responseBody !== undefined ? { body: request.responseBody } : {}) },
  };
}

/** A tapped Kafka message as report evidence. */
function messageEvidence(message: TappedMessage): Evidence {
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([k, v]) => [k, typeof v === 'string' ? v : v.join(', ')]),
  );
  return {
    kind: 'kafka-message',
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    ...(message.key !== null ? { key: message.key } : {}),
    headers,
    value: message.value ?? '',
    errors: [],
  };
}
