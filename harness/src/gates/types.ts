import type { LoadedConfig } from '../config/types.ts';
import type { CheckResult, GateReport } from '../report/types.ts';
import type { RunEnvironment } from '../run/types.ts';

/** What a gate gets to work with. */
export interface GateContext {
  readonly loaded: LoadedConfig;
  readonly env: RunEnvironment;
  readonly reportsDir: string;
  /** Where a gate keeps what outlives the run, e.g. Schemathesis run figures (default: the harness cache). */
  readonly cacheDir?: string;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

/** What a gate returns: its checks and any details the reports render. */
export interface GateOutcome {
  readonly checks: readonly CheckResult[];
  readonly details?: GateReport['details'];
}

/** One verification gate. `applies` says whether the config gives it something to check. */
export interface Gate {
  readonly name: string;
  readonly description: string;
  /** Environment pieces the gate needs started before it runs (`recording`: the run-wide HTTP and Kafka record). */
  readonly needs: readonly ('kafka' | 'services' | 'traces' | 'recording')[];
  /** Never runs beside another gate, whatever the config says (it judges what the gates before it caused). */
  readonly exclusive?: boolean;
  applies(loaded: LoadedConfig): { readonly ok: true } | { readonly ok: false; readonly reason: string };
  run(context: GateContext): Promise<GateOutcome>;
}
