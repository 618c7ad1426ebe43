import { describe, expect, it } from 'vitest';
import { phaseSummary } from './progress.ts';

describe('phaseSummary', () => {
  it('prints one aligned line per phase: name, start and duration in seconds', () => {
    expect(
      phaseSummary([
        { name: 'config load', startMs: 0, durationMs: 41 },
        { name: 'provision kafka', startMs: 45, durationMs: 6_120 },
        { name: 'gate contract-documents', startMs: 47, durationMs: 815 },
      ]),
    ).toMatchInlineSnapshot(`
      "phase                     start    took
      config load                0.0s    0.0s
      provision kafka            0.0s    6.1s
      gate contract-documents    0.0s    0.8s"
    `);
  });
});
