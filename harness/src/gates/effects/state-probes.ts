import { headerValue, type TappedMessage } from '@tracegate/trace-assertions';
import type { StateProbeConfig } from '../../config/types.ts';
import { toCurl } from '../../report/curl.ts';
import type { CheckResult } from '../../report/types.ts';
import type { RunEnvironment } from '../../run/types.ts';

/** What one state probe answered (or why it could not be asked). */
export interface StateReading {
  readonly probe: string;
  readonly url?: string;
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

const FIELD = /\{([^}]+)\}/g;
const PROBE_TIMEOUT_MS = 5_000;

/** Reads `key`, `headers.<name>` or `value.<dotted path>` of a message. */
function messageField(message: TappedMessage, path: string): unknown {
  const [head, ...rest] = path.split('.');
  if (head === 'key' && rest.length === 0) return message.key ?? undefined;
  if (head === 'headers') return headerValue(message, rest.join('.'));
  if (head !== 'value') return undefined;
  return rest.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
    message.json,
  );
}

/**
 * The probe's path with each `{field}` filled from the message, URL-encoded; throws naming the field when the message
 * has no scalar value there.
 * @example probePath('/orders/{value.orderId}', message) // '/orders/3f0c…'
 */
export function probePath(path: string, message: TappedMessage): string {
  return path.replace(FIELD, (_text, field: string) => {
    const value = messageField(message, field.trim());
    if (value === undefined || value === null || typeof value === 'object') {
      throw new Error(`the redelivered message has no value at ${field.trim()} for state probe ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}

async function readOne(env: RunEnvironment, probe: StateProbeConfig, message: TappedMessage): Promise<StateReading> {
  const name = `GET ${probe.path} on ${probe.service}`;
  const base = env.services.get(probe.service)?.url;
  if (base === undefined) return { probe: name, error: `no running service named ${probe.service}` };
  let url: string | undefined;
  try {
    url = new URL(probePath(probe.path, message), base).toString();
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return { probe: name, url, status: response.status, body: await response.text() };
  } catch (error) {
    return { probe: name, ...(url ? { url } : {}), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Asks every state probe once, in order. */
export async function readStates(
  env: RunEnvironment,
  probes: readonly StateProbeConfig[],
  message: TappedMessage,
): Promise<StateReading[]> {
  const readings: StateReading[] = [];
  for (const probe of probes) readings.push(await readOne(env, probe, message));
  return readings;
}

const shown = (r: StateReading): string => (r.error !== undefined ? `error: ${r.error}` : `${r.status} ${r.body}`);

/** Top-level JSON fields whose values differ, for a message a person can read at a glance. */
function changedFields(before: string | undefined, after: string | undefined): string[] {
  try {
    const [a, b] = [JSON.parse(before ?? ''), JSON.parse(after ?? '')] as Record<string, unknown>[];
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  } catch {
    return [];
  }
}

/** Passed when every probe answered, and answered the same before and after the redelivery. */
export function compareStates(
  name: string,
  before: readonly StateReading[],
  after: readonly StateReading[],
): CheckResult {
  const problems = before.flatMap((b, i) => {
    const a = after[i] ?? { probe: b.probe, error: 'not read after the redelivery' };
    if (b.error !== undefined || a.error !== undefined) {
      return [{ text: `${b.probe}: could not be read (${b.error ?? a.error})`, reading: a }];
    }
    if (b.status === a.status && b.body === a.body) return [];
    const fields = changedFields(b.body, a.body);
    const which = fields.length > 0 ? ` (changed: ${fields.join(', ')})` : '';
    return [{ text: `${b.probe}${which}: before ${shown(b)}; after ${shown(a)}`, reading: a }];
  });
  if (problems.length === 0) {
    return {
      name,
      status: 'passed',
      message: `${before.length} state probe(s) answered the same after the redelivery`,
    };
  }
  return {
    name,
    status: 'failed',
    message: `the redelivered duplicate changed declared state:\n${problems.map((p) => p.text).join('\n')}`,
    evidence: problems.flatMap(({ reading }) =>
      reading.url === undefined
        ? []
        : [
            {
              kind: 'http-request' as const,
              method: 'GET',
              url: reading.url,
              curl: toCurl({ method: 'GET', url: reading.url }),
              ...(reading.status === undefined
                ? {}
                : { response: { status: reading.status, body: reading.body ?? '' } }),
            },
          ],
    ),
  };
}
