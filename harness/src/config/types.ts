import type { MessageRule, RequestEffect } from '@tracegate/trace-assertions';
/** Environment variables given to a started service; values may use ${...} placeholders. */
export type EnvMap = Readonly<Record<string, string>>;

/** How tracegate starts a service as a child process. */
export interface StartSpec {
  readonly command: readonly string[];
  readonly cwd?: string;
  readonly env?: EnvMap;
  readonly portFromLog?: string;
  readonly port?: number;
  readonly startupTimeoutMs?: number;
}

/** A Python service's pinned requirements, installed into a cached virtualenv first on its PATH. */
export interface PythonConfig {
  readonly requirements: string;
  readonly interpreter?: string;
}

/** JSON log field names of a service that differ from the defaults (pino, OpenTelemetry and ECS names). */
export interface LogFieldsConfig {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly service?: string;
  readonly message?: string;
  readonly level?: string;
  readonly time?: string;
}

/** One service of the system under test. */
export interface ServiceConfig {
  readonly name: string;
  readonly baseUrl?: string;
  readonly start?: StartSpec;
  readonly health?: string;
  readonly logs?: 'stdout' | 'none';
  readonly logFile?: string;
  readonly python?: PythonConfig;
  readonly logFields?: LogFieldsConfig;
}

/** A contract document and its last released version. */
export interface ContractConfig {
  readonly path: string;
  readonly released?: string;
}

/** One HTTP request of a scenario. */
export interface ScenarioRequest {
  readonly service: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly headers?: EnvMap;
  readonly body?: unknown;
  readonly expectStatus?: number;
  readonly until?: { readonly field: string; readonly equals: string | number | boolean; readonly timeoutMs?: number };
}

/** One declared hop of a correlation chain. */
export interface HopConfig {
  readonly kind: 'http-server' | 'kafka-publish' | 'kafka-consume' | 'log' | 'span';
  readonly service?: string;
  readonly topic?: string;
  readonly name?: string;
  readonly message?: string;
  readonly selector?: string;
  readonly route?: string;
  readonly method?: string;
}

/** A follow-up request of a scenario, optionally with the chain that must follow it. */
export interface FollowUpRequest extends ScenarioRequest {
  readonly chain?: readonly HopConfig[];
}

/** An end-to-end scenario: requests, then the chain that must follow them. */
export interface ScenarioConfig {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly then?: readonly FollowUpRequest[];
  readonly chain: readonly HopConfig[];
  readonly timeoutMs?: number;
}

/** Switch for one gate. */
export interface GateConfig {
  readonly enabled?: boolean;
  /** Runs beside the concurrent gates right before it (default false). */
  readonly concurrent?: boolean;
}

/** Schemathesis gate settings. */
export interface SchemathesisGateConfig extends GateConfig {
  readonly maxExamples?: number;
  readonly minRequests?: number;
  readonly seed?: number;
  readonly service?: string;
  /** Schemathesis checks to leave out (`--exclude-checks`), e.g. `unsupported_method`. */
  readonly excludeChecks?: readonly string[];
  readonly maxRuns?: number;
  /** Test phases (`--phases`; default every phase: examples, coverage, fuzzing, stateful). */
  readonly phases?: readonly ('examples' | 'coverage' | 'fuzzing' | 'stateful')[];
  /** Checks (`--checks`; default `all`). */
  readonly checks?: readonly string[];
  /** Values sent in negative cases of every integer/number parameter (default Infinity, -Infinity, NaN, 1e309, -1e309). */
  readonly edgeValues?: readonly string[];
  /** Probability of drawing an edge value for such a parameter (default 0.3). */
  readonly edgeValueProbability?: number;
}

/** breaking-changes gate settings. */
export interface BreakingChangesGateConfig extends GateConfig {
  /** YAML/JSON file of accepted changes: `[{ rule, path, reason, expires }]`; expired waivers stop waiving. */
  readonly waivers?: string;
  /** The lowest severity that fails the gate (default `error`). */
  readonly failOn?: 'error' | 'warning';
  /** Severity per rule id, over the engine's own (oasdiff's levels; the AsyncAPI rules' error/info). */
  readonly severities?: Readonly<Record<string, 'error' | 'warning' | 'info'>>;
}

/** correlation-e2e gate settings. */
export interface CorrelationE2eGateConfig extends GateConfig {
  /** How many scenarios run at once, each with its own correlation id (default 4; 1: one after another). */
  readonly concurrency?: number;
}

/** asyncapi-traffic gate settings. */
export interface AsyncApiTrafficGateConfig extends GateConfig {
  /** Regular expressions of topics never reported as undeclared (default: Kafka-internal `__…` topics). */
  readonly ignoreTopics?: readonly string[];
}

/** The gates section. */
export interface GatesConfig {
  readonly 'contract-documents'?: GateConfig;
  readonly 'breaking-changes'?: BreakingChangesGateConfig;
  readonly 'pact-consumers'?: GateConfig;
  readonly 'pact-provider'?: GateConfig;
  readonly schemathesis?: SchemathesisGateConfig;
  readonly 'correlation-e2e'?: CorrelationE2eGateConfig;
  readonly 'asyncapi-traffic'?: AsyncApiTrafficGateConfig;
  readonly effects?: GateConfig;
}

/** An HTTP GET whose answer must not change when a duplicate is re-delivered. */
export interface StateProbeConfig {
  /** The service (from services) to ask. */
  readonly service: string;
  /** Path of the GET; each `{field}` is read from the redelivered message (`key`, `headers.<name>`, `value.<path>`). */
  readonly path: string;
}

/** A topic a service consumes: the harness re-delivers one of its messages and publishes a poison one. */
export interface ConsumedTopicConfig {
  readonly topic: string;
  /** The service (from services) that consumes it. */
  readonly service: string;
  /** Where the event id lives (`headers.<name>` or `value.<path>`); a fresh one makes the valid follow-up message new. */
  readonly eventId: string;
  /** A log message the service writes when it skips a duplicate (default: a second consumer span is the proof). */
  readonly duplicateLog?: string;
  /** Reads of the service's state that must answer the same before and after the duplicate. */
  readonly stateProbes?: readonly StateProbeConfig[];
  /** Where poison messages must go, and the header that must give the reason (default x-dlq-reason). */
  readonly deadLetter: { readonly topic: string; readonly reasonHeader?: string };
  /** The raw value of the poison message; it must violate the topic's schema (default: a JSON object without any required field). */
  readonly poison?: string;
  /** How long each proof may take (default 10 000 ms). */
  readonly timeoutMs?: number;
}

/** Effect contracts checked over all the traffic of a run (see `checkEffects` of trace-assertions). */
export interface EffectsConfig {
  /** What every accepted request must cause. */
  readonly requests?: readonly RequestEffect[];
  /** What every message on a topic must satisfy. */
  readonly messages?: readonly MessageRule[];
  /** Topics whose consumers must be idempotent and dead-letter poison messages. */
  readonly consumed?: readonly ConsumedTopicConfig[];
}

/** A validated tracegate configuration (tracegate.config.yaml or .ts). */
export interface TracegateConfig {
  readonly system: string;
  readonly services: readonly ServiceConfig[];
  readonly databases?: readonly string[];
  readonly kafka?: {
    readonly brokers?: string;
    readonly topics?: readonly string[];
    readonly partitions?: number;
    /** Span attributes naming a Kafka span's topic, before the semantic-convention defaults. */
    readonly topicAttributes?: readonly string[];
  };
  readonly traces?: {
    readonly backend?: 'receiver' | 'jaeger' | 'tempo';
    readonly url?: string;
    /** The longest a service takes to export a finished span to the span source (see the schema). */
    readonly exportDelayMs?: number;
  };
  readonly correlation?: {
    readonly header?: string;
    readonly logField?: string;
    readonly spanAttributes?: readonly string[];
  };
  readonly contracts?: {
    readonly openapi?: ContractConfig;
    readonly asyncapi?: ContractConfig;
    readonly remoteRefs?: Readonly<Record<string, string>>;
  };
  readonly pacts?: {
    readonly dir?: string;
    readonly provider?: string;
    readonly providerService?: string;
    readonly consumerTests?: readonly string[];
    readonly stateHandlers?: string;
    readonly messageProviders?: string;
    readonly brokerUrl?: string;
  };
  readonly scenarios?: readonly ScenarioConfig[];
  readonly effects?: EffectsConfig;
  readonly gates?: GatesConfig;
}

/** A loaded configuration with the directory its relative paths resolve from. */
export interface LoadedConfig {
  readonly config: TracegateConfig;
  readonly path: string;
  readonly dir: string;
}
