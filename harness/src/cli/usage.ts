import { type ParseArgsConfig, parseArgs } from 'node:util';
import { HarnessError } from '../errors.ts';

/** What `tracegate <command> --help` prints: one usage line, the options, and examples that work as written. */
export interface CommandHelp {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options?: readonly (readonly [flag: string, meaning: string])[];
  readonly examples: readonly (readonly [command: string, meaning: string])[];
  readonly notes?: string;
}

/** A command line tracegate cannot act on: one line saying what is wrong, and the usage of the command. */
export class UsageError extends HarnessError {
  override readonly name: string = 'UsageError';
  readonly usage: string;

  constructor(message: string, usage: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
    this.usage = usage;
  }
}

/** Renders the full help of one command. */
export function renderHelp(help: CommandHelp): string {
  const width = Math.max(0, ...(help.options ?? []).map(([flag]) => flag.length));
  const lines = [`tracegate ${help.name} — ${help.summary}`, '', `Usage: ${help.usage}`];
  if (help.options?.length) {
    lines.push('', 'Options:', ...help.options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`));
  }
  lines.push('', 'Examples:', ...help.examples.flatMap(([command, meaning]) => [`  # ${meaning}`, `  ${command}`]));
  if (help.notes) lines.push('', help.notes);
  return `${lines.join('\n')}\n`;
}

/** The two lines a usage error ends with. */
export function usageFooter(help: CommandHelp): string {
  return `usage: ${help.usage}\n(tracegate ${help.name} --help for options and examples)`;
}

/** True when the arguments ask for help (before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** `parseArgs` whose errors become one-line UsageErrors carrying the command's usage. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  help: CommandHelp,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw toUsageError(error, help);
  }
}

/** Turns Node's ERR_PARSE_ARGS_* TypeErrors into a short message; anything else is returned unchanged. */
export function toUsageError(error: unknown, help: CommandHelp): unknown {
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof TypeError) || typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return error;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const message =
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `unknown option ${quoted}`
      : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? `unexpected argument "${quoted}"`
        : (error.message.split('\n')[0] ?? error.message);
  return new UsageError(`tracegate ${help.name}: ${message}`, usageFooter(help), { cause: error });
}

/**
 * Rejoins list values split by a space after a comma: `--gates a, b` arrives as `--gates`, `a,`, `b`.
 * Only values of the named flags that end with a comma absorb the following arguments.
 */
export function joinSplitLists(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const next = argv[i + 1];
    if (!flags.includes(flag) || (eq === -1 && (next === undefined || next.startsWith('-')))) {
      out.push(arg);
      continue;
    }
    let value = eq === -1 ? (argv[++i] ?? '') : arg.slice(eq + 1);
    while (value.endsWith(',') && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('-')) value += argv[++i];
    out.push(`${flag}=${value}`);
  }
  return out;
}
