import type { Hop, HttpTrigger, TraceSpecDocument } from '@tracegate/trace-assertions';
import type { HopConfig, ScenarioConfig, ScenarioRequest } from '../../config/types.ts';

/** A config scenario's default budget for its requests and chains (`timeoutMs`). */
const SCENARIO_TIMEOUT_MS = 60_000;

/**
 * Compiles a config scenario to the trace spec document runTraceSpec runs: the one place the config's spelling
 * (`request`/`then`/`path`, hops with `selector`/`name`, `/regex/` strings) meets the spec's.
 */
export function scenarioToSpec(scenario: ScenarioConfig): TraceSpecDocument {
  return {
    name: scenario.name,
    trigger: { http: toTrigger(scenario.request) },
    timeoutMs: scenario.timeoutMs ?? SCENARIO_TIMEOUT_MS,
    settleMs: 0,
    specs: [],
    chain: scenario.chain.map(toHop),
    followUps: (scenario.then ?? []).map((request) => ({
      http: toTrigger(request),
      ...(request.chain ? { chain: request.chain.map(toHop) } : {}),
    })),
  };
}

function toTrigger(request: ScenarioRequest): HttpTrigger {
  return {
    method: request.method,
    url: request.path,
    headers: { accept: 'application/json', ...request.headers },
    service: request.service,
    ...(request.body !== undefined ? { body: request.body } : {}),
    expectStatus: request.expectStatus ?? 'success',
    ...(request.until ? { until: request.until } : {}),
  };
}

/** A config hop as a chain hop. */
export function toHop(hop: HopConfig): Hop {
  const service = hop.service ?? '';
  switch (hop.kind) {
    case 'http-server':
      return {
        kind: 'http-server',
        service,
        ...(hop.route ? { route: hop.route } : {}),
        ...(hop.method ? { method: hop.method } : {}),
      };
    case 'kafka-publish':
    case 'kafka-consume':
      return { kind: hop.kind, service, topic: hop.topic ?? '' };
    case 'log':
      return { kind: 'log', service, ...(hop.message ? { message: matcher(hop.message) } : {}) };
    case 'span':
      return {
        kind: 'span',
        query: hop.selector ?? {
          ...(hop.service ? { service } : {}),
          ...(hop.name ? { name: matcher(hop.name) } : {}),
        },
      };
  }
}

/** "/regex/" strings become RegExps; anything else is compared literally. */
function matcher(value: string): string | RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(value);
  return regex?.[1] !== undefined ? new RegExp(regex[1], regex[2]) : value;
}
