import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { HarnessError } from '../../errors.ts';
import type { Change } from './types.ts';

/** One accepted change: which rule and where (`*` matches any text in both), why, and until when (a date, inclusive). */
export interface Waiver {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
  readonly expires: string;
}

/**
 * Reads a waivers file: YAML or JSON, `{ waivers: [...] }` or a bare list of `{ rule, path, reason, expires }`.
 * @example
 * // waivers.yaml
 * // - { rule: response-property-enum-value-added, path: "GET /orders", reason: "clients ignore unknown", expires: 2027-01-31 }
 */
export function readWaivers(file: string): Waiver[] {
  if (!existsSync(file))
    throw new HarnessError('CONFIG_INVALID', `breaking-changes waivers file ${file} does not exist`);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'), { schema: 'core' });
  } catch (error) {
    throw new HarnessError('CONFIG_INVALID', `waivers file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const list = Array.isArray(raw) ? raw : (raw as { waivers?: unknown } | null)?.waivers;
  if (!Array.isArray(list))
    throw new HarnessError('CONFIG_INVALID', `waivers file ${file}: expected a list of waivers`);
  return list.map((entry, index) => toWaiver(entry, `${file} waiver ${index + 1}`));
}

function toWaiver(entry: unknown, where: string): Waiver {
  const fields = (entry ?? {}) as Record<string, unknown>;
  const missing = ['rule', 'path', 'reason', 'expires'].filter((k) => fields[k] === undefined || fields[k] === '');
  if (missing.length > 0) throw new HarnessError('CONFIG_INVALID', `${where}: missing ${missing.join(', ')}`);
  const expires = fields.expires instanceof Date ? fields.expires.toISOString().slice(0, 10) : String(fields.expires);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(expires))) {
    throw new HarnessError('CONFIG_INVALID', `${where}: expires "${expires}" is not a date (YYYY-MM-DD)`);
  }
  return { rule: String(fields.rule), path: String(fields.path), reason: String(fields.reason), expires };
}

/** Marks each change a waiver matches; a waiver past its expiry date is noted on the change but no longer waives it. */
export function applyWaivers(changes: readonly Change[], waivers: readonly Waiver[], now = new Date()): Change[] {
  const today = now.toISOString().slice(0, 10);
  return changes.map((change) => {
    const waiver = waivers.find((w) => glob(w.rule).test(change.rule) && glob(w.path).test(change.path));
    if (!waiver) return change;
    return { ...change, waiver: { reason: waiver.reason, expires: waiver.expires, expired: waiver.expires < today } };
  });
}

/** Whether a change still counts: not waived, or waived by an expired waiver. */
export function unwaived(change: Change): boolean {
  return !change.waiver || change.waiver.expired;
}

function glob(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
