import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { joinSplitLists, renderHelp, toUsageError, UsageError } from './usage.ts';

const help = {
  name: 'demo',
  summary: 's',
  usage: 'tracegate demo [--gates a,b]',
  examples: [['tracegate demo', 'x']] as const,
};

describe('joinSplitLists', () => {
  it.each([
    [['--gates', 'a,', 'b'], ['--gates=a,b']],
    [
      ['--gates=a,', 'b,', 'c', '--plain'],
      ['--gates=a,b,c', '--plain'],
    ],
    [
      ['--gates', 'a,b', 'extra'],
      ['--gates=a,b', 'extra'],
    ],
    [
      ['--gates', '--plain'],
      ['--gates', '--plain'],
    ],
    [
      ['--config', 'a,', 'b'],
      ['--config', 'a,', 'b'],
    ],
    [
      ['--gates', 'a,', '--skip', 'b'],
      ['--gates=a,', '--skip=b'],
    ],
  ])('%j → %j', (argv, joined) => {
    expect(joinSplitLists(argv, ['--gates', '--skip'])).toEqual(joined);
  });
});

describe('toUsageError', () => {
  const fail = (args: string[]): unknown => {
    try {
      parseArgs({ args, options: { gates: { type: 'string' } } });
    } catch (error) {
      return toUsageError(error, help);
    }
    throw new Error('expected parseArgs to fail');
  };

  it.each([
    [['--nope'], 'tracegate demo: unknown option --nope'],
    [['stray'], 'tracegate demo: unexpected argument "stray"'],
    [['--gates'], "tracegate demo: Option '--gates <value>' argument missing"],
  ])('turns %j into one line with the usage', (args, message) => {
    const error = fail(args);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
    expect((error as UsageError).usage).toMatchInlineSnapshot(`
      "usage: tracegate demo [--gates a,b]
      (tracegate demo --help for options and examples)"
    `);
  });

  it('leaves other errors alone', () => {
    const error = new RangeError('x');
    expect(toUsageError(error, help)).toBe(error);
  });
});

it('renders examples under the usage', () => {
  expect(renderHelp(help)).toMatchInlineSnapshot(`
    "tracegate demo — s

    Usage: tracegate demo [--gates a,b]

    Examples:
      # x
      tracegate demo
    "
  `);
});
