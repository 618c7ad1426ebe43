import { readFileSync } from 'node:fs';
import { HarnessError } from '../errors.ts';
import { COMMANDS, type Command } from './commands.ts';
import { renderHelp, toUsageError, UsageError, usageFooter, wantsHelp } from './usage.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The top-level help: every command with its one-line summary. */
function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'tracegate — contract and telemetry gates for services',
    '',
    'Usage: tracegate <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     this help; tracegate <command> --help shows a command with examples',
    '  -v, --version  the version of tracegate',
    '',
    'Exit codes: 0 passed, 2 a gate or check failed, 1 tracegate could not run (usage, config, prerequisites).',
    '',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-v' || name === '--version' || name === 'version') {
    process.stdout.write(`tracegate ${VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const about = name === 'help' && rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(about ? renderHelp(about) : topLevelHelp());
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name).join(', ');
    throw new UsageError(
      `tracegate: unknown command "${name}" (commands: ${names})`,
      'usage: tracegate <command> [options]\n(tracegate --help for the commands)',
    );
  }
  if (wantsHelp(rest)) {
    process.stdout.write(renderHelp(command));
    return 0;
  }
  return runCommand(command, rest);
}

async function runCommand(command: Command, argv: readonly string[]): Promise<number> {
  try {
    return await command.run(argv);
  } catch (error) {
    const usage = toUsageError(error, command);
    if (usage instanceof HarnessError && usage.code === 'USAGE' && !(usage instanceof UsageError)) {
      throw new UsageError(usage.message, usageFooter(command), { cause: usage });
    }
    throw usage;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Known failures get one line (and the usage when the command line was wrong); anything else is a bug.
  if (error instanceof UsageError) console.error(`${prefixed(error.message)}\n${error.usage}`);
  else if (error instanceof HarnessError) console.error(prefixed(error.message));
  else console.error(error);
  process.exitCode = 1;
}

function prefixed(message: string): string {
  return message.startsWith('tracegate') ? message : `tracegate: ${message}`;
}
