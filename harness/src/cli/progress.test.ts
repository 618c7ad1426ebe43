import { describe, expect, it } from 'vitest';
import { createProgress, phaseSummary } from './progress.ts';

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

describe('spinner progress', () => {
  it('keeps showing a step that still runs when another one finishes', () => {
    const written: string[] = [];
    const out = { write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
    const progress = createProgress({ plain: false, out });
    progress.start('gate schemathesis');
    progress.start('gate correlation-e2e');
    expect(written.at(-1)).toMatch(/gate schemathesis \(0s\) · gate correlation-e2e \(0s\)$/);
    progress.finish('gate correlation-e2e', 'passed');
    progress.close();
    expect(written.slice(-3, -1)).toEqual([
      'gate correlation-e2e: passed\n',
      expect.stringMatching(/ gate schemathesis \(0s\)$/),
    ]);
  });
});
