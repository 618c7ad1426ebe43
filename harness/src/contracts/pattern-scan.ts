// Schema `pattern`s as ajv's regExp engine: an anchored run of ASCII characters and classes with counts (a header's
// `^[0-9a-f]{2}-[0-9a-f]{32}-…$`) becomes a character scan with the RegExp's verdicts; any other pattern is a RegExp.
import type { Options } from 'ajv';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;
type RegExpLike = ReturnType<RegExpEngine>;

/** One step of a scanned pattern: a set of ASCII characters, repeated min…max times. */
interface Step {
  readonly set: Uint8Array;
  readonly min: number;
  readonly max: number;
}

const LITERAL_ESCAPES = new Set('.-/\\^$*+?()[]{}|');
const SPECIAL = new Set('.^$*+?()[]{}|\\');

/** The set of a class body (`A-Za-z0-9._:-`) of printable ASCII characters and ranges, or undefined. */
function classSet(body: string): Uint8Array | undefined {
  if (body.length === 0 || body[0] === '^') return undefined;
  const set = new Uint8Array(128);
  for (let i = 0; i < body.length; i += 1) {
    const from = body.charCodeAt(i);
    if (from < 32 || from > 126 || from === 92 || from === 91) return undefined;
    const ranged = body[i + 1] === '-' && i + 2 < body.length;
    const to = ranged ? body.charCodeAt(i + 2) : from;
    if (to < from || to > 126 || to === 92 || to === 91) return undefined;
    set.fill(1, from, to + 1);
    if (ranged) i += 2;
  }
  return set;
}

/** `{n}`, `{n,m}`, `{n,}`, `+`, `*`, `?` at `at`: the counts and the index after it. */
function quantifier(pattern: string, at: number): { min: number; max: number; end: number } {
  const c = pattern[at];
  if (c === '+') return { min: 1, max: Number.POSITIVE_INFINITY, end: at + 1 };
  if (c === '*') return { min: 0, max: Number.POSITIVE_INFINITY, end: at + 1 };
  if (c === '?') return { min: 0, max: 1, end: at + 1 };
  const braces = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at)) : null;
  if (braces === null) return { min: 1, max: 1, end: at };
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3]);
  return { min, max, end: at + braces[0].length };
}

/** One character or class at `at` and its count; undefined when it is outside what the scan handles. */
function step(pattern: string, at: number): { step: Step; end: number } | undefined {
  let set: Uint8Array | undefined;
  let next: number;
  const c = pattern[at] as string;
  if (c === '[') {
    const close = pattern.indexOf(']', at + 1);
    if (close < 0) return undefined;
    set = classSet(pattern.slice(at + 1, close));
    next = close + 1;
  } else {
    const escaped = c === '\\';
    const literal = escaped ? pattern[at + 1] : c;
    if (literal === undefined || (escaped ? !LITERAL_ESCAPES.has(literal) : SPECIAL.has(literal))) return undefined;
    const code = literal.charCodeAt(0);
    if (code < 32 || code > 126) return undefined;
    set = new Uint8Array(128);
    set[code] = 1;
    next = at + (escaped ? 2 : 1);
  }
  if (set === undefined) return undefined;
  const { min, max, end } = quantifier(pattern, next);
  if (pattern[end] === '?' || pattern[end] === '+' || max < min) return undefined;
  return { step: { set, min, max }, end };
}

function disjoint(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 128; i += 1) if (a[i] === 1 && b[i] === 1) return false;
  return true;
}

/**
 * The steps of `^…$` when greedy counting decides it: each step of varying count is last, or followed by a required
 * step whose characters it cannot take. Otherwise undefined.
 */
export function scanSteps(pattern: string): Step[] | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return undefined;
  const steps: Step[] = [];
  for (let at = 1; at < pattern.length - 1; ) {
    const parsed = step(pattern, at);
    if (parsed === undefined) return undefined;
    steps.push(parsed.step);
    at = parsed.end;
  }
  for (let i = 0; i < steps.length - 1; i += 1) {
    const { set, min, max } = steps[i] as Step;
    const next = steps[i + 1] as Step;
    if (min !== max && (next.min === 0 || !disjoint(set, next.set))) return undefined;
  }
  return steps;
}

function scans(steps: readonly Step[], value: string): boolean {
  let at = 0;
  for (const { set, min, max } of steps) {
    const start = at;
    while (at - start < max && at < value.length) {
      const code = value.charCodeAt(at);
      if (code > 127 || set[code] !== 1) break;
      at += 1;
    }
    if (at - start < min) return false;
  }
  return at === value.length;
}

/** A scanned pattern; its string form (ajv's key for sharing one pattern between schemas) is the RegExp's. */
class PatternScan implements RegExpLike {
  readonly #steps: readonly Step[];
  readonly #source: string;

  constructor(steps: readonly Step[], source: string) {
    this.#steps = steps;
    this.#source = source;
  }

  test(value: string): boolean {
    return scans(this.#steps, value);
  }

  toString(): string {
    return this.#source;
  }
}

/** ajv's `code.regExp`: a scan for the patterns it decides, a RegExp (same flags) for every other. */
export const scanningRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    // Built first in any case: a pattern the RegExp rejects fails to compile as before.
    const regExp = new RegExp(pattern, flags);
    const steps = scanSteps(pattern);
    if (steps === undefined) return regExp;
    return new PatternScan(steps, `/${pattern}/${flags}`);
  },
  { code: 'new RegExp' },
);
