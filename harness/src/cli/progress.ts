import type { GateReport, RunPhase } from '../report/types.ts';
import type { Progress } from '../run/types.ts';

/** Creates the progress printer; `plain` gives one timestamped line per event (no TTY control codes). */
export function createProgress(options: { plain: boolean; out?: NodeJS.WriteStream }): Progress {
  const out = options.out ?? process.stderr;
  return options.plain ? plainProgress(out) : spinnerProgress(out);
}

/** One timestamped line per event, for CI logs and pipes. */
function plainProgress(out: NodeJS.WriteStream): Progress {
  const line = (text: string): void => void out.write(`[${new Date().toISOString()}] ${text}\n`);
  return {
    info: line,
    start: (step) => line(`${step} …`),
    finish: (step, outcome) => line(`${step}: ${outcome}`),
    close() {},
  };
}

/** A spinner line with the running steps' seconds, redrawn every 100 ms; finished steps stay as lines above it. */
function spinnerProgress(out: NodeJS.WriteStream): Progress {
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  // Steps may overlap (gates beside provisioning, concurrent gates): each shows until it finishes.
  const running = new Map<string, number>();
  let frame = 0;
  const draw = (): void => {
    if (running.size === 0) return;
    const now = performance.now();
    const steps = [...running].map(([step, since]) => `${step} (${((now - since) / 1000).toFixed(0)}s)`);
    out.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${steps.join(' · ')}`);
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  const clear = (): void => void out.write('\r\x1b[2K');
  return {
    info(text) {
      clear();
      out.write(`${text}\n`);
      draw();
    },
    start(step) {
      running.set(step, performance.now());
      draw();
    },
    finish(step, outcome) {
      clear();
      running.delete(step);
      out.write(`${step}: ${outcome}\n`);
      draw();
    },
    close() {
      clearInterval(timer);
      clear();
    },
  };
}

/** The closing table: one row per gate. */
export function summaryTable(gates: readonly GateReport[]): string {
  const rows = gates.map((g) => [
    g.name,
    g.status,
    String(g.checks),
    String(g.failures),
    `${(g.durationMs / 1000).toFixed(1)}s`,
  ]);
  const header = ['gate', 'status', 'checks', 'failures', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const format = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(format)].join('\n');
}

/** The phases of a run on one line each: when it started and how long it took, in seconds from the run's start. */
export function phaseSummary(phases: readonly RunPhase[]): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
  const width = Math.max(5, ...phases.map((p) => p.name.length));
  const rows = phases.map(
    (p) => `${p.name.padEnd(width)}  ${s(p.startMs).padStart(6)}  ${s(p.durationMs).padStart(6)}`,
  );
  return [`${'phase'.padEnd(width)}  ${'start'.padStart(6)}  ${'took'.padStart(6)}`, ...rows].join('\n');
}
