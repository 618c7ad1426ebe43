import { findConfig, loadConfig } from '../config/load.ts';
import { GATES } from '../gates/registry.ts';
import { writeReports } from '../report/write.ts';
import { createPhaseRecorder } from '../run/phases.ts';
import { verify } from '../verify/run.ts';
import { explainFailures } from './explain-failures.ts';
import { parseVerifyOptions } from './options.ts';
import { createProgress, phaseSummary, summaryTable } from './progress.ts';

/** `tracegate verify`: exit 0 all gates passed, 2 a gate failed, 1 could not run. */
export async function runVerifyCommand(argv: readonly string[]): Promise<number> {
  const phases = createPhaseRecorder();
  const options = parseVerifyOptions(argv, process.env);
  const loaded = await phases.time('config load', () =>
    loadConfig(findConfig({ path: options.configPath, cwd: process.cwd() })),
  );
  const progress = createProgress({ plain: options.plain });
  const abort = new AbortController();
  const detach = stopOnSignals(abort, progress);
  progress.info(`tracegate verify: ${loaded.config.system} (${loaded.path})`);
  try {
    const { report, couldNotRun } = await verify({
      loaded,
      options,
      gates: GATES,
      progress,
      signal: abort.signal,
      phases,
    });
    const files = writeReports(report, options.reportsDir);
    progress.close();
    process.stdout.write(
      `\n${summaryTable(report.gates)}\n\n${phaseSummary(report.phases ?? [])}\n\nreports: ${files.json}, ${files.junit}, ${files.html}\n`,
    );
    if (!report.ok) process.stdout.write(explainFailures(report, loaded));
    const code = couldNotRun ? 1 : report.ok ? 0 : 2;
    // A safety net after Ctrl-C: a second Ctrl-C, or one during provisioning, kills the broker beneath open Kafka
    // clients, whose retry timers would keep the process alive.
    if (abort.signal.aborted) setTimeout(() => process.exit(code), 2_000).unref();
    return code;
  } finally {
    progress.close();
    detach();
  }
}

/**
 * On SIGINT or SIGTERM, says so and aborts the run; returns the function that detaches the listeners. `on`, not
 * `once`: while a listener is attached, the provisioning cleanup leaves the process alive, so the run still tears
 * down and writes its reports. During provisioning that cleanup kills the children at once; once the environment is
 * ready the run's teardown stops them (Kafka clients before the broker), and a second signal kills them at once.
 */
function stopOnSignals(abort: AbortController, progress: ReturnType<typeof createProgress>): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    progress.info(`${signal}: stopping after the current step and tearing down`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
