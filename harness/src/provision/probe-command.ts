import { HarnessError } from '../errors.ts';
import { seconds } from './log.ts';
import { type CommandResult, runCommand } from './run-command.ts';

/**
 * What asking a tool for its version answered: found, not installed, present but failing (a non-zero exit or output
 * without a version), or no answer in time. Only `missing` means the tool should be installed.
 */
export type Probe<T> = { readonly status: 'found'; readonly value: T } | ProbeProblem;

/** A probe that did not find its tool: not installed, or installed but failing or silent. */
export type ProbeProblem =
  | { readonly status: 'missing'; readonly command: string; readonly detail: string }
  | ProbeFailure;

/** A probe of a tool that is installed but failed or did not answer in time. */
export interface ProbeFailure {
  readonly status: 'failed' | 'timed-out';
  readonly command: string;
  readonly detail: string;
}

/**
 * How long a version probe may take: a first bound, then the bound of its one retry. A JVM's `-version` takes under a
 * second even on a loaded 2-core machine; the retry covers a machine stalled for a while, and costs nothing when the
 * tool answers.
 */
export const PROBE_TIMEOUTS_MS: readonly [number, number] = [15_000, 60_000];

/** The probe bounds: `TRACEGATE_PROBE_TIMEOUT_MS` sets the retry's (and caps the first), else {@link PROBE_TIMEOUTS_MS}. */
export function probeTimeouts(env: NodeJS.ProcessEnv = process.env): readonly [number, number] {
  const raw = env.TRACEGATE_PROBE_TIMEOUT_MS?.trim();
  if (!raw) return PROBE_TIMEOUTS_MS;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `TRACEGATE_PROBE_TIMEOUT_MS must be a whole number of milliseconds above 0, got "${raw}"`,
    );
  }
  return [Math.min(PROBE_TIMEOUTS_MS[0], ms), ms];
}

/** A command to ask, and how to read its answer. */
export interface ProbeSpec<T> {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** The tool's description from a finished run, `undefined` when the output says nothing usable. */
  readonly parse: (result: CommandResult) => T | undefined;
  /** How messages show the command (default: the command and its arguments). */
  readonly shown?: string;
  /** Bounds of the first try and of the retry (default {@link probeTimeouts} of `env`). */
  readonly timeoutsMs?: readonly [number, number];
}

/**
 * Runs a version probe; one that timed out, failed or printed nothing usable is asked once more with the longer
 * bound (a busy machine is slow, and was seen answering nothing), so that a tool that is there is not reported gone.
 * @example
 * const go = await probeCommand({ command: 'go', args: ['env', 'GOVERSION'], parse: (r) => r.stdout.trim() || undefined });
 */
export async function probeCommand<T>(spec: ProbeSpec<T>): Promise<Probe<T>> {
  const timeoutsMs = spec.timeoutsMs ?? probeTimeouts(spec.env);
  let last: Probe<T> | undefined;
  for (const timeoutMs of timeoutsMs) {
    last = await askOnce(spec, timeoutMs);
    if (last.status === 'found' || last.status === 'missing') return last;
  }
  if (last?.status !== 'timed-out') return last as Probe<T>;
  const bounds = timeoutsMs.map(seconds).join(', then ');
  return { ...last, detail: `${shown(spec)} did not answer within ${bounds}` };
}

async function askOnce<T>(spec: ProbeSpec<T>, timeoutMs: number): Promise<Probe<T>> {
  const { command } = spec;
  const result = await runCommand(command, [...spec.args], { timeoutMs, ...(spec.env ? { env: spec.env } : {}) });
  if (!result) return { status: 'missing', command, detail: `${command} not found` };
  if (result.timedOut)
    return { status: 'timed-out', command, detail: `${shown(spec)} did not answer within ${seconds(timeoutMs)}` };
  const value = spec.parse(result);
  if (value !== undefined) return { status: 'found', value };
  const said = firstLine(`${result.stderr}\n${result.stdout}`);
  const what = result.code === 0 ? 'printed no version' : `exited with ${result.code ?? 'a signal'}`;
  return { status: 'failed', command, detail: `${shown(spec)} ${what}${said}` };
}

function shown(spec: ProbeSpec<unknown>): string {
  return `\`${spec.shown ?? [spec.command, ...spec.args].join(' ')}\``;
}

function firstLine(output: string): string {
  const line = output.split('\n').find((l) => l.trim() !== '');
  return line ? `: ${line.trim().slice(0, 200)}` : '';
}

/** The value of a probe, `undefined` unless its tool was found. */
export function probeValue<T>(probe: Probe<T>): T | undefined {
  return probe.status === 'found' ? probe.value : undefined;
}

/** Why a tool that is installed cannot be used, as one sentence with what to do; `undefined` when found or missing. */
export function probeTrouble(probe: Probe<unknown>): string | undefined {
  if (probe.status === 'timed-out')
    return `${probe.detail} (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS`;
  if (probe.status !== 'failed') return undefined;
  const which = probe.command.includes('/') ? probe.command : `the ${probe.command} on PATH`;
  return `${probe.detail}; repair or replace ${which}`;
}
