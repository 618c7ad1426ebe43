import type { Status } from '../types.ts';

/** Human duration: 840 ms, 2.4 s, 3 min 12 s. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** Label shown on a status badge. */
export function statusLabel(status: Status | 'ok' | 'broken' | 'not-checked'): string {
  const labels = { passed: 'passed', failed: 'failed', skipped: 'skipped', ok: 'ok', broken: 'broken' } as const;
  return status === 'not-checked' ? 'not checked' : labels[status];
}

/** Short form of a trace or span id for display. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** Stringifies any value for display: strings as-is, the rest as JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pretty-prints JSON text when it parses, otherwise returns it unchanged. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
