import type { ScenarioRequest } from '../../config/types.ts';
import type { Evidence } from '../../report/types.ts';

/** What one scenario request did. */
export interface RequestOutcome {
  readonly request: ScenarioRequest;
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  readonly problem?: string;
  readonly evidence: Evidence;
}

/** Sends a scenario's requests in order, all carrying `correlationId`; `${response.<field>}` refers to the previous body. */
export async function sendScenarioRequests(input: {
  requests: readonly ScenarioRequest[];
  baseUrl: (service: string) => string;
  correlationHeader: string;
  correlationId: string;
  timeoutMs: number;
}): Promise<RequestOutcome[]> {
  const outcomes: RequestOutcome[] = [];
  for (const request of input.requests) {
    const previous = outcomes.at(-1)?.body;
    const path = request.path.replace(/\$\{response\.([\w.]+)\}/g, (_, field: string) => String(pick(previous, field) ?? ''));
    const url = new URL(path, input.baseUrl(request.service)).href;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
      [input.correlationHeader]: input.correlationId,
    };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const response = await fetch(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const text = await response.text();
    const parsed = parseJson(text);
    const expected = request.expectStatus;
    const ok = expected === undefined ? response.status < 400 : response.status === expected;
    outcomes.push({
      request,
      url,
      status: response.status,
      body: parsed,
      headers: Object.fromEntries(response.headers),
      ...(ok ? {} : { problem: `${request.method} ${path} answered ${response.status}, expected ${expected ?? '< 400'}` }),
      evidence: {
        kind: 'http-request',
        method: request.method,
        url,
        headers,
        ...(body === undefined ? {} : { body }),
        response: { status: response.status, body: text.slice(0, 4_000) },
      },
    });
    if (!ok) break;
  }
  return outcomes;
}

function pick(value: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
