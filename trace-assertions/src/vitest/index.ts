import { expect } from 'vitest';
import type { CorrelationChainOptions } from '../chain/types.ts';
import type { CountExpectation, QueryInput } from '../types.ts';
import { traceMatchers } from './matchers.ts';

/** The trace matchers added to vitest's `expect`. */
export interface TraceMatchers<R = unknown> {
  /** At least one span matches the query (object, builder or selector). */
  toContainSpan(query: QueryInput): R;
  /** The number of spans matching the query (a number means exactly). */
  toHaveSpanCount(query: QueryInput, count: number | CountExpectation): R;
  /** Every hop of the correlation chain holds over these spans. */
  toHaveCorrelationChain(options: Omit<CorrelationChainOptions, 'spans'>): R;
}

declare module 'vitest' {
  // vitest 5 declares Matchers<R, T>; the merge must repeat its type parameters exactly.
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends TraceMatchers<R> {}
}

expect.extend(traceMatchers);

export type { SpanSource } from './matchers.ts';
export { traceMatchers };
