import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { type ExpressionContext, shouldRun, substitute } from './pipelines-expressions.ts';

interface ActionStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly 'working-directory'?: string;
}

/** The outcome of one step run locally. */
export interface StepResult {
  readonly name: string;
  readonly status: 'skipped' | 'not-run-locally' | 'success' | 'failure';
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
}

/** The outcome of the whole composite action. */
export interface ActionRun {
  readonly steps: readonly StepResult[];
  readonly summary: string;
  readonly outputs: Record<string, string>;
  readonly failed: boolean;
  readonly stdout: string;
}

/** Parses a GITHUB_OUTPUT / GITHUB_ENV file: `key=value` lines and `key<<DELIM` heredocs. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

interface RunState {
  readonly actionPath: string;
  readonly workspace: string;
  readonly temp: string;
  readonly inputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly steps: Record<string, { outputs: Record<string, string> }>;
  failed: boolean;
  summary: string;
}

function context(state: RunState): ExpressionContext {
  const github = { action_path: state.actionPath, workspace: state.workspace };
  return { inputs: state.inputs, steps: state.steps, env: state.env, github, failed: state.failed };
}

function runStep(step: ActionStep, index: number, state: RunState): StepResult {
  const ctx = context(state);
  const name = step.name ?? step.uses ?? `step ${index}`;
  if (!shouldRun(step.if, ctx)) return { name, status: 'skipped', stdout: '', stderr: '', outputs: {} };
  if (step.uses) return { name, status: 'not-run-locally', stdout: '', stderr: '', outputs: {} };
  const files = { output: `output-${index}`, summary: `summary-${index}`, env: `env-${index}` };
  for (const file of Object.values(files)) writeFileSync(join(state.temp, file), '');
  const script = join(state.temp, `step-${index}.sh`);
  writeFileSync(script, step.run ?? '');
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: resolve(state.workspace, substitute(step['working-directory'] ?? '.', ctx)),
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: state.workspace,
      GITHUB_ACTION_PATH: state.actionPath,
      GITHUB_OUTPUT: join(state.temp, files.output),
      GITHUB_STEP_SUMMARY: join(state.temp, files.summary),
      GITHUB_ENV: join(state.temp, files.env),
      RUNNER_TEMP: state.temp,
      ...state.env,
      ...stepEnv,
    },
  });
  const read = (file: string) => readFileSync(join(state.temp, file), 'utf8');
  const outputs = parseCommandFile(read(files.output));
  if (step.id) state.steps[step.id] = { outputs };
  Object.assign(state.env, parseCommandFile(read(files.env)));
  state.summary += read(files.summary);
  const status = result.status === 0 ? 'success' : 'failure';
  if (status === 'failure') state.failed = true;
  return { name, status, exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, outputs };
}

/**
 * Runs a composite action's `run:` steps in bash the way GitHub Actions does (bash -e -o pipefail, per-step
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV files, inputs with their defaults, `if:` conditions).
 * `uses:` steps are recorded but not run.
 */
export function runCompositeAction(options: {
  readonly actionFile: string;
  readonly workspace: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly jobEnv: Readonly<Record<string, string>>;
}): ActionRun {
  const action = parse(readFileSync(options.actionFile, 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
    outputs?: Record<string, { value: string }>;
    runs: { steps: ActionStep[] };
  };
  const state: RunState = {
    actionPath: dirname(resolve(options.actionFile)),
    workspace: options.workspace,
    temp: join(options.workspace, '.runner'),
    inputs: Object.fromEntries(
      Object.entries(action.inputs ?? {}).map(([k, v]) => [k, options.inputs[k] ?? String(v.default ?? '')]),
    ),
    env: { ...options.jobEnv },
    steps: {},
    failed: false,
    summary: '',
  };
  mkdirSync(state.temp, { recursive: true });
  const results = action.runs.steps.map((step, index) => runStep(step, index, state));
  const ctx = context(state);
  const outputs = Object.fromEntries(
    Object.entries(action.outputs ?? {}).map(([k, v]) => [k, substitute(v.value, ctx)]),
  );
  return {
    steps: results,
    summary: state.summary,
    outputs,
    failed: state.failed,
    stdout: results.map((r) => r.stdout).join(''),
  };
}
