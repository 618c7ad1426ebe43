import { describe, expect, it } from 'vitest';
import { type CheckOutcome, type Issue, issuesOf, outcome } from './outcome.ts';

describe('outcome', () => {
  it('passes without issues and keeps the extra data on both sides', () => {
    const passed: CheckOutcome<{ lines: number }> = outcome([], { lines: 2 });
    expect(passed).toEqual({ ok: true, lines: 2 });
    expect(issuesOf(passed)).toEqual([]);
  });

  it('fails with every issue given', () => {
    const issue: Issue = { code: 'HOP_BROKEN', message: 'hop 1 broken', path: 'hops[0]', expected: 'a', actual: 'b' };
    const failed = outcome([issue], { lines: 0 });
    expect(failed).toEqual({ ok: false, issues: [issue], lines: 0 });
    expect(issuesOf(failed)).toEqual([issue]);
  });

  it('does not let extra data override the verdict', () => {
    expect(outcome([], { ok: false } as object)).toEqual({ ok: true });
  });
});
