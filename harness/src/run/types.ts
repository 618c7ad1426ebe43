import type {
  KafkaTap,
  LogFieldAliases,
  LogStore,
  RecordedExchange,
  SpanStore,
  TappedMessage,
  TraceBackend,
} from '@tracegate/trace-assertions';
import type { Variables } from '../config/interpolate.ts';
import type { ProcessHandle } from '../provision/types.ts';

/** Options of `tracegate verify`, after flags and environment variables are merged (flags win). */
export interface VerifyOptions {
  readonly configPath?: string;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly baseUrls: Readonly<Record<string, string>>;
  readonly baseUrl?: string;
  readonly kafkaBrokers?: string;
  readonly traceBackend?: { readonly kind: 'jaeger' | 'tempo'; readonly url: string };
  readonly reportsDir: string;
  readonly plain: boolean;
}

/** Progress a person can follow: a live line on a terminal, timestamped lines in CI. */
export interface Progress {
  info(line: string): void;
  start(step: string): void;
  finish(step: string, outcome: string): void;
  close(): void;
}

/** A service of the system under test, started by tracegate or already running. */
export interface RunningService {
  readonly name: string;
  readonly url: string;
  readonly logs?: LogStore;
  /** Where its log lines keep trace id, service and the like, when not under the default names. */
  readonly logFields?: LogFieldAliases;
  readonly process?: ProcessHandle;
}

/** Everything a gate can reach: Kafka, traces, services, and the placeholder values used to start them. */
export interface RunEnvironment {
  readonly runId: string;
  readonly variables: Variables;
  readonly kafka?: { readonly brokers: string; readonly strategy: string; readonly version?: string | undefined };
  /** Where the gates read spans: the in-process receiver's store, or a Jaeger/Tempo backend. */
  readonly traces:
    | { readonly kind: 'receiver'; readonly store: SpanStore }
    | { readonly kind: 'backend'; readonly backend: TraceBackend };
  readonly services: ReadonlyMap<string, RunningService>;
  /** The run-wide record of HTTP exchanges and Kafka messages, when the config declares effects. */
  readonly recording?: RunRecording;
  /** One line per provisioned component, for the report. */
  readonly facts: Record<string, string>;
}

/** Everything the system did during a run: HTTP exchanges through the recording proxies, and Kafka messages. */
export interface RunRecording {
  /** Epoch ms when recording started (before the first gate that needs a running service). */
  readonly startedAt: number;
  readonly tap: KafkaTap;
  exchanges(): readonly RecordedExchange[];
  messages(): readonly TappedMessage[];
  /** Puts a recording proxy in front of a service; the returned URL is the one every gate uses. */
  front(service: string, url: string): Promise<string>;
  stop(): Promise<void>;
}
