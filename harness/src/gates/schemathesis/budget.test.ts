import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheRoot } from '../../provision/cache.ts';
import {
  figureStore,
  figuresDir,
  firstRunSize,
  type RunFigure,
  readFigures,
  runFigure,
  writeFigures,
} from './budget.ts';

const figure = (seed: number, maxExamples: number, requests: number, fixed = 241): RunFigure => ({
  seed,
  maxExamples,
  requests,
  fixed,
});

describe('firstRunSize', () => {
  const base = { seed: 7, configured: 100, minRequests: 1000 };

  it.each([
    { case: 'no earlier run', history: [], expected: 100 },
    { case: 'only runs of another seed', history: [figure(8, 150, 1780)], expected: 100 },
    {
      case: 'the smallest size of this seed that met the budget',
      history: [figure(7, 300, 2500), figure(7, 185, 1150), figure(7, 100, 707)],
      expected: 185,
    },
    // 1100 wanted (10 % margin) − 241 fixed = 859 growing requests; 466 grew at 100 examples → 185.
    { case: 'the growing part scaled to the shortfall', history: [figure(7, 100, 707)], expected: 185 },
    // 1042 met 1000 without the margin: 801 grew at 182 examples, 859 are wanted → 196.
    { case: 'a size that met the budget without margin, scaled', history: [figure(7, 182, 1042)], expected: 196 },
    { case: 'at most tenfold', history: [figure(7, 100, 250)], expected: 1000 },
    { case: 'never below the configured size', history: [figure(7, 100, 5000), figure(7, 120, 900)], expected: 100 },
  ])('$case → $expected', ({ history, expected }) => {
    expect(firstRunSize({ ...base, history }).maxExamples).toBe(expected);
  });

  it('ignores runs smaller than the configured size (the config was raised since)', () => {
    expect(firstRunSize({ ...base, configured: 200, history: [figure(7, 100, 1500)] })).toEqual({
      maxExamples: 200,
      reason: 'configured',
    });
  });

  it('says which earlier run it sized from', () => {
    expect(firstRunSize({ ...base, history: [figure(7, 100, 707)] }).reason).toBe(
      'seed 7 sent 707 requests at max-examples 100 before',
    );
  });
});

describe('run figures kept in the harness cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-figures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it kept for the same inputs, the newest per seed and size', () => {
    const store = figureStore(dir, ['openapi: 3.1.0', '{"seed":7}']);
    writeFigures(store, [figure(7, 100, 700), figure(8, 150, 1780), figure(7, 100, 707)]);
    expect(readFigures(store)).toEqual([figure(8, 150, 1780), figure(7, 100, 707)]);
  });

  it('reads nothing for other inputs, a missing file or a damaged one', () => {
    const store = figureStore(dir, ['openapi: 3.1.0', '{"seed":7}']);
    writeFigures(store, [figure(7, 100, 707)]);
    expect(readFigures(figureStore(dir, ['openapi: 3.1.0', '{"seed":8}']))).toEqual([]);
    expect(readFigures(figureStore(join(dir, 'missing'), []))).toEqual([]);
    writeFileSync(store.file, '{"inputs":');
    expect(readFigures(store)).toEqual([]);
  });

  it('lives under the harness cache, which CI keeps between runs', () => {
    expect(figuresDir('/ci/cache')).toBe('/ci/cache/schemathesis/run-figures');
    expect(figuresDir()).toBe(join(cacheRoot(), 'schemathesis', 'run-figures'));
  });

  it('keeps one file per set of inputs: runs of another document neither read nor overwrite them', () => {
    const v1 = figureStore(dir, ['openapi: 3.1.0\ninfo: {version: 1}', 'toml']);
    const v2 = figureStore(dir, ['openapi: 3.1.0\ninfo: {version: 2}', 'toml']);
    expect(v1.file).not.toBe(v2.file);
    writeFigures(v1, [figure(7, 182, 1042)]);
    expect(readFigures(v2)).toEqual([]);
    writeFigures(v2, [figure(7, 300, 1500)]);
    expect(readFigures(v1)).toEqual([figure(7, 182, 1042)]);
    expect(readFigures(v2)).toEqual([figure(7, 300, 1500)]);
  });

  it('does not trust a file whose recorded inputs are not its own (copied or renamed)', () => {
    const mine = figureStore(dir, ['mine']);
    const other = figureStore(dir, ['other']);
    writeFigures(other, [figure(7, 900, 5000)]);
    copyFileSync(other.file, mine.file);
    expect(readFigures(mine)).toEqual([]);
  });

  it('keeps at most 20 figures', () => {
    const store = figureStore(dir, ['many']);
    writeFigures(
      store,
      Array.from({ length: 25 }, (_, i) => figure(1, 100 + i, 1000)),
    );
    const kept = readFigures(store);
    expect(kept).toHaveLength(20);
    expect(kept[0]?.maxExamples).toBe(105);
  });
});

describe('runFigure', () => {
  it('counts the examples and coverage requests as the part that does not grow', () => {
    const stats = {
      phases: [],
      checks: [],
      requests: 30,
      operations: {
        'GET /a': { requests: 20, byPhase: { examples: 1, coverage: 4, fuzzing: 15 } },
        'POST /b': { requests: 10, byPhase: { coverage: 3, stateful: 7 } },
      },
    };
    expect(runFigure({ seed: 3, maxExamples: 50, stats })).toEqual(figure(3, 50, 30, 8));
  });
});
