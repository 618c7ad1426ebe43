import { setTimeout } from 'node:timers/promises';
import type { ScenarioRequest } from '../../config/types.ts';
import type { Evidence } from '../../report/types.ts';

/** What one scenario request did. */
export interface RequestOutcome {
  readonly request: ScenarioRequest;
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
  readonly problem?: string;
  readonly evidence: Evidence;
}

/** How the requests of one scenario are sent. */
export interface RequestContext {
  readonly baseUrl: (service: string) => string;
  readonly correlationHeader: string;
  readonly correlationId: string;
  /** W3C traceparent sent with every request, so the trace id is known before any span arrives. */
  readonly traceparent: string;
  readonly timeoutMs: number;
}

/** Sends a scenario's requests in order, all carrying the correlation id; `${response.<field>}` reads the previous body. */
export async function sendScenarioRequests(
  requests: readonly ScenarioRequest[],
  context: RequestContext,
): Promise<RequestOutcome[]> {
  const outcomes: RequestOutcome[] = [];
  for (const request of requests) {
    const previous = outcomes.at(-1)?.body;
    const path = request.path.replace(/\$\{response\.([\w.]+)\}/g, (_, field: string) =>
      String(pick(previous, field) ?? ''),
    );
    const outcome = request.until ? await sendUntil(request, path, context) : await sendOnce(request, path, context);
    outcomes.push(outcome);
    if (outcome.problem) break;
  }
  return outcomes;
}

async function sendUntil(request: ScenarioRequest, path: string, context: RequestContext): Promise<RequestOutcome> {
  const until = request.until;
  const deadline = performance.now() + (until?.timeoutMs ?? 15_000);
  for (;;) {
    const outcome = await sendOnce(request, path, context);
    const value = pick(outcome.body, until?.field ?? '');
    if (outcome.problem || value === until?.equals) return outcome;
    if (performance.now() > deadline) {
      const problem = `${request.method} ${path}: ${until?.field} stayed ${JSON.stringify(value)}, expected ${JSON.stringify(until?.equals)}`;
      return { ...outcome, problem };
    }
    await setTimeout(200);
  }
}

async function sendOnce(request: ScenarioRequest, path: string, context: RequestContext): Promise<RequestOutcome> {
  const url = new URL(path, context.baseUrl(request.service)).href;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    traceparent: context.traceparent,
    ...request.headers,
    [context.correlationHeader]: context.correlationId,
  };
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const response = await fetch(url, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(context.timeoutMs),
  });
  const text = await response.text();
  const expected = request.expectStatus;
  const ok = expected === undefined ? response.status < 400 : response.status === expected;
  return {
    request,
    url,
    status: response.status,
    body: parseJson(text),
    ...(ok
      ? {}
      : { problem: `${request.method} ${path} answered ${response.status}, expected ${expected ?? '< 400'}` }),
    evidence: {
      kind: 'http-request',
      method: request.method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      response: { status: response.status, body: text.slice(0, 4_000) },
    },
  };
}

function pick(value: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
