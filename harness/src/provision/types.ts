import type { Readable } from 'node:stream';

/** How a Kafka broker was provided. */
export type KafkaStrategy = 'external' | 'testcontainers' | 'jvm';

/** Options of `startKafka`; every field has a default. */
export interface StartKafkaOptions {
  /** An existing cluster (`host:port[,host:port]`); same as setting `KAFKA_BROKERS`. */
  brokers?: string | string[];
  /** Forces a strategy; defaults to `TRACEGATE_KAFKA_STRATEGY`, else the first available one. */
  strategy?: KafkaStrategy;
  /** Kafka version for the jvm and testcontainers strategies (default `4.1.1`, or `TRACEGATE_KAFKA_VERSION`). */
  version?: string;
  /** Upper bound for the broker to answer a metadata request (default 60 s, 180 s for testcontainers). */
  readyTimeoutMs?: number;
  /** Environment to read `KAFKA_BROKERS`, `TRACEGATE_*` and `DOCKER_HOST` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Receives the one-line progress messages (default: stderr). */
  log?: (line: string) => void;
}

/** A running (or borrowed) Kafka cluster. */
export interface KafkaHandle {
  readonly brokers: string[];
  /** `brokers` comma-joined, as `KAFKA_BROKERS` expects it. */
  readonly bootstrap: string;
  readonly strategy: KafkaStrategy;
  /** Broker version when the harness started it; `undefined` for an external cluster. */
  readonly version: string | undefined;
  /** Milliseconds until the broker first answered. */
  readonly readyInMs: number;
  /** Stops the broker and removes its data; a no-op for an external cluster. Idempotent. */
  stop(): Promise<void>;
  /** jvm only: temp directory with server.properties, broker.log and the data; removed by `stop()`. */
  readonly workDir?: string;
  /** jvm only: pid of the broker JVM, `undefined` while it is stopped. */
  brokerPid?(): number | undefined;
  /** jvm only: stops the broker process, keeping its ports and data. */
  stopBroker?(): Promise<void>;
  /** jvm only: kills the broker JVM with SIGKILL (no clean shutdown), keeping its ports and data. */
  killBroker?(): Promise<void>;
  /** jvm only: starts the broker again on the same ports and data directory and waits until it answers. */
  startBroker?(): Promise<void>;
  /** jvm only: `stopBroker()` then `startBroker()`. */
  restart?(): Promise<void>;
}

/** A topic to create: a name, or a name with partitions and configuration. */
export type TopicSpec =
  | string
  | {
      topic: string;
      numPartitions?: number;
      replicationFactor?: number;
      configEntries?: { name: string; value: string }[];
    };

/** How databases were provided. */
export type PostgresStrategy = 'external' | 'pglite';

/** Options of `startPostgres`. */
export interface StartPostgresOptions {
  /** Logical database names (`[a-z_][a-z0-9_]*`), one per bounded context. */
  databases: string[];
  /** Server to create the databases on (default `DATABASE_URL`); without one, PGlite directories are handed out. */
  databaseUrl?: string | undefined;
  /** Environment to read `DATABASE_URL` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** Databases for one run, each dropped (or deleted) by `stop()`. */
export interface PostgresHandle {
  readonly strategy: PostgresStrategy;
  /** Connection URL per logical name: `postgres://…/<name>_<random>` or `pglite:///<tmp>/<name>`. */
  readonly urls: Record<string, string>;
  stop(): Promise<void>;
}

/** A PostgreSQL server the harness started itself (initdb + pg_ctl in a temp directory, trust auth). */
export interface PostgresServerHandle {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** How Schemathesis is run. */
export type SchemathesisStrategy = 'bin' | 'docker' | 'venv';

/** The command line that runs Schemathesis's `st`; append its arguments. */
export interface SchemathesisCommand {
  readonly strategy: SchemathesisStrategy;
  readonly command: string[];
  readonly version: string;
}

/** Where `startProcess` learns the port of the process it started. */
export type PortSource =
  /** A log line; the first capture group is the port (default pattern: `"port":12345`). */
  | { logPattern: RegExp | string }
  /** A free port chosen by the harness and passed in this environment variable. */
  | { env: string }
  /** A port the process is configured to use. */
  | { port: number };

/** Options of `startProcess`. */
export interface StartProcessOptions {
  /** Shown in errors and logs. */
  name: string;
  /** An argv array (no shell), or one string run by `sh -c`. */
  command: string[] | string;
  cwd?: string;
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  portFrom?: PortSource;
  /** Polled until it answers 2xx; `{port}` is replaced by the discovered port. */
  readyUrl?: string;
  /** Shorthand for `readyUrl: 'http://127.0.0.1:{port}<readyPath>'` (needs `portFrom`). */
  readyPath?: string;
  /** Upper bound for the port to appear and `readyUrl` to answer (default 30 s). */
  timeoutMs?: number;
}

/** A process whose port is known (started with `portFrom`). */
export interface StartedProcess extends ProcessHandle {
  readonly port: number;
  readonly url: string;
}

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process in its own process group, killed with the harness if nobody stops it. */
export interface ProcessHandle {
  readonly name: string;
  readonly pid: number;
  readonly port: number | undefined;
  /** `http://127.0.0.1:<port>` when a port is known. */
  readonly url: string | undefined;
  /** Everything the process writes to stdout, from its first byte. */
  readonly stdout: Readable;
  /** Everything the process writes to stderr, from its first byte. */
  readonly stderr: Readable;
  /** Every line printed so far (stdout and stderr, in arrival order). */
  lines(): string[];
  /** Resolves when the process exits. */
  readonly exited: Promise<ProcessExit>;
  /** Sends `signal` (default SIGTERM) to the process group; SIGKILL after `timeoutMs` (default 10 s). */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<ProcessExit>;
}

/** One line of `tracegate doctor`. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** False for checks whose failure only rules out one strategy (e.g. Docker). */
  required: boolean;
  detail: string;
  /** What to do when `ok` is false. */
  fix?: string;
}
