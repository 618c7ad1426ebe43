import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { track } from '../cleanup.ts';
import { freePorts } from '../ports.ts';
import { runCommand, tail } from '../run-command.ts';
import { type Supervised, spawnSupervised } from '../supervise.ts';
import { brokerSettings, newClusterId, toProperties } from './properties.ts';
import { waitForKafka } from './readiness.ts';

/** Options of `startJvmBroker`. */
export interface JvmBrokerOptions {
  version: string;
  classpath: string;
  java: string;
  readyTimeoutMs: number;
  /** slf4j level of the broker's own log (default `warn`); the log is `<workDir>/broker.log`. */
  logLevel?: string;
}

/** A KRaft broker+controller running on the local JVM. */
export interface JvmBroker {
  readonly brokers: string[];
  readonly workDir: string;
  /** Pid of the running broker JVM, `undefined` while stopped. */
  pid(): number | undefined;
  stopBroker(): Promise<void>;
  /** SIGKILLs the broker JVM (no clean shutdown), keeping its ports and data for `startBroker`. */
  killBroker(): Promise<void>;
  startBroker(): Promise<void>;
  /** Stops the broker for good and deletes its data; no clean shutdown, as nothing of it is kept. */
  stop(): Promise<void>;
}

const BIND_ATTEMPTS = 3;
const STOP_TIMEOUT_MS = 30_000;

function jvmArgs(options: JvmBrokerOptions): string[] {
  return [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dorg.slf4j.simpleLogger.defaultLogLevel=${options.logLevel ?? 'warn'}`,
    '-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info',
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
    '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS',
    '-Dlog4j2.level=WARN',
    '-cp',
    options.classpath,
  ];
}

function logTail(file: string): string {
  return existsSync(file) ? tail(readFileSync(file, 'utf8'), 25) : '  | (no broker log)';
}

/** Formats a fresh KRaft log directory in a temp dir, starts the broker on free ports and waits until it answers. */
export async function startJvmBroker(options: JvmBrokerOptions): Promise<JvmBroker> {
  const workDir = mkdtempSync(join(tmpdir(), 'tracegate-kafka-'));
  const removeDir = () => rmSync(workDir, { recursive: true, force: true });
  const untrackDir = track({ label: `kafka ${options.version} data ${workDir}`, afterSync: removeDir });
  let broker: BrokerProcess;
  try {
    broker = await startOnFreePorts(options, workDir);
  } catch (error) {
    removeDir();
    untrackDir();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    brokers: broker.brokers,
    workDir,
    pid: broker.pid,
    stopBroker: () => broker.stop(),
    killBroker: () => broker.stop('SIGKILL'),
    startBroker: async () => {
      if (stopped) throw new HarnessError('PROVISION_FAILED', 'this Kafka broker was stopped for good');
      await broker.start();
    },
    stop: () => {
      // A clean shutdown (SIGTERM) took 1–2 s of every teardown to write data that is deleted right after.
      stopped ??= broker.stop('SIGKILL').finally(async () => {
        await rm(workDir, { recursive: true, force: true });
        untrackDir();
      });
      return stopped;
    },
  };
}

/** Configures and starts the broker, on new ports each time another program took one before the broker bound it. */
async function startOnFreePorts(options: JvmBrokerOptions, workDir: string): Promise<BrokerProcess> {
  for (let attempt = 1; ; attempt++) {
    const candidate = brokerProcess(options, workDir, await configure(options, workDir));
    try {
      await candidate.start();
      return candidate;
    } catch (error) {
      const bindRace = /Address already in use/.test((error as Error).message);
      if (!bindRace || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

/** Picks two free ports, writes server.properties and formats an empty log directory; returns the client address. */
async function configure(options: JvmBrokerOptions, workDir: string): Promise<string[]> {
  const [brokerPort, controllerPort] = await freePorts(2);
  const listen = `127.0.0.1:${brokerPort}`;
  const controller = `127.0.0.1:${controllerPort}`;
  const logDir = join(workDir, 'data');
  rmSync(logDir, { recursive: true, force: true });
  const propertiesFile = join(workDir, 'server.properties');
  writeFileSync(propertiesFile, toProperties(brokerSettings({ advertised: listen, listen, controller, logDir })));
  await format(options, propertiesFile);
  return [listen];
}

interface BrokerProcess {
  readonly brokers: string[];
  pid(): number | undefined;
  /** Starts the JVM unless it runs, and waits until it answers; kills it again if it does not. */
  start(): Promise<void>;
  /** Stops the JVM with `signal` (default SIGTERM, escalating to SIGKILL) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function brokerProcess(options: JvmBrokerOptions, workDir: string, brokers: string[]): BrokerProcess {
  const logFile = join(workDir, 'broker.log');
  const args = [...jvmArgs(options), 'kafka.Kafka', join(workDir, 'server.properties')];
  let running: Supervised | undefined;
  const spawnBroker = async () => {
    const fd = openSync(logFile, 'a');
    try {
      const label = `kafka ${options.version} broker`;
      return await spawnSupervised(options.java, args, { label, stdio: ['ignore', fd, fd], orphanDir: workDir });
    } finally {
      closeSync(fd);
    }
  };
  return {
    brokers,
    pid: () => running?.pid,
    start: async () => {
      if (running && !running.hasExited()) return;
      const broker = await spawnBroker();
      running = broker;
      try {
        await waitForKafka(brokers, {
          timeoutMs: options.readyTimeoutMs,
          exited: broker.exited,
          groupCoordinator: true,
        });
      } catch (error) {
        await broker.stop({ signal: 'SIGKILL' });
        running = undefined;
        const message = `${(error as Error).message}; broker log ${logFile}:\n${logTail(logFile)}`;
        throw new HarnessError('PROVISION_FAILED', message, { cause: error });
      }
    },
    stop: async (signal = 'SIGTERM') => {
      await running?.stop({ signal, timeoutMs: STOP_TIMEOUT_MS });
      running = undefined;
    },
  };
}

async function format(options: JvmBrokerOptions, propertiesFile: string): Promise<void> {
  const args = [...jvmArgs(options), 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', propertiesFile];
  const result = await runCommand(options.java, args, { timeoutMs: 120_000 });
  if (result?.code !== 0) {
    const output = result ? tail(`${result.stdout}\n${result.stderr}`) : `  | ${options.java} not found`;
    throw new HarnessError('PROVISION_FAILED', `formatting the Kafka log directory failed:\n${output}`);
  }
}
