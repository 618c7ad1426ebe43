import type { Issue, IssueCode } from '@tracegate/trace-assertions';

/** Outcome of one gate or check. */
export type Status = 'passed' | 'failed' | 'skipped';

/** Evidence attached to a failing or notable check, rendered by the reports. */
export type Evidence =
  | {
      readonly kind: 'http-request';
      readonly method: string;
      readonly url: string;
      readonly headers?: Record<string, string>;
      readonly body?: string;
      readonly curl?: string;
      readonly response?: { readonly status: number; readonly body?: string };
    }
  | { readonly kind: 'pact-mismatch'; readonly interaction: string; readonly mismatches: readonly string[] }
  | {
      readonly kind: 'kafka-message';
      readonly topic: string;
      readonly partition?: number;
      readonly offset?: string;
      readonly key?: string;
      readonly headers: Record<string, string>;
      readonly value: string;
      readonly errors: readonly string[];
    }
  | {
      readonly kind: 'schema-diff';
      readonly document: string;
      readonly changes: readonly {
        readonly path: string;
        readonly rule: string;
        readonly message: string;
        readonly severity: 'error' | 'warning' | 'info';
        /** `file:line` in the current document. */
        readonly location?: string;
        readonly waiver?: { readonly reason: string; readonly expires: string; readonly expired: boolean };
      }[];
    }
  | { readonly kind: 'text'; readonly text: string };

/** One span as the HTML waterfall draws it. */
export interface ReportSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  readonly kind: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly status: 'unset' | 'ok' | 'error';
  readonly attributes: Record<string, unknown>;
  readonly links?: readonly { readonly traceId: string; readonly spanId: string }[];
}

/** One hop of a correlation chain as checked, with its evidence. */
export interface ReportHop {
  readonly label: string;
  readonly status: 'ok' | 'broken' | 'not-checked';
  readonly reason?: string;
  readonly spanIds?: readonly string[];
  readonly headers?: Record<string, string>;
  readonly logLines?: readonly string[];
}

/** An end-to-end scenario: its trace, its chain and its log lines. */
export interface ReportScenario {
  readonly name: string;
  readonly status: Status;
  readonly correlationId?: string;
  readonly traceIds: readonly string[];
  readonly spans: readonly ReportSpan[];
  readonly chain: readonly ReportHop[];
  readonly firstBrokenHop?: string;
  readonly logLines: readonly Record<string, unknown>[];
}

/** One problem a failed check found (trace-assertions' Issue), its evidence in the reports' own shapes. */
export type ReportIssue = Issue<IssueCode, readonly Evidence[]>;

/** One check inside a gate. */
export interface CheckResult {
  readonly name: string;
  readonly status: Status;
  readonly durationMs?: number;
  readonly message?: string;
  /** Everything the check was judged on (a failed check's issues repeat the part each of them is about). */
  readonly evidence?: readonly Evidence[];
  /** What a failed check found, when its gate reads a trace-assertions result: code, path, expected vs actual. */
  readonly issues?: readonly ReportIssue[];
}

/** The outcome of one gate as written to verify.json. */
export interface GateReport {
  readonly name: string;
  readonly status: Status;
  readonly checks: number;
  readonly failures: number;
  readonly durationMs: number;
  readonly details?: {
    readonly summary?: string;
    readonly reason?: string;
    readonly checks?: readonly CheckResult[];
    readonly scenarios?: readonly ReportScenario[];
    readonly [key: string]: unknown;
  };
}

/** One phase of a run (config load, provisioning of a component, a gate, teardown), in ms from the run's start. */
export interface RunPhase {
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
}

/** The whole verification run: reports/verify.json. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly tool: { readonly name: 'tracegate'; readonly version: string };
  readonly system: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: Record<string, string>;
  readonly gates: readonly GateReport[];
  /** How long each phase took; phases that overlap (gates that need no service, during provisioning) show it. */
  readonly phases?: readonly RunPhase[];
}
