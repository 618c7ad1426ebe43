import { type TappedMessage, tapKafka } from '@tracegate/trace-assertions';
import type { CheckResult, Evidence } from '../report/types.ts';
import { loadAsyncApiModel } from './asyncapi-model.ts';
import { compileMessageValidator, lastHeaderValues } from './message-validator.ts';
import type { RemoteRefMap } from './remote-refs.ts';

/** Options of {@link startAsyncApiTrafficTap}. */
export interface AsyncApiTrafficTapOptions {
  readonly asyncapiPath: string;
  /** Remote `$ref` URLs of the document mapped to local files (`contracts.remoteRefs`). */
  readonly remoteRefs?: RemoteRefMap;
  /** Bootstrap servers, comma-separated. */
  readonly brokers: string;
  readonly log?: (line: string) => void;
  /** Topics never reported as undeclared (regular expressions); Kafka-internal `__…` topics always are ignored. */
  readonly ignoreTopics?: readonly string[];
  /** Only messages this accepts are judged (for a broker shared with other traffic); default all. */
  readonly accept?: (message: TappedMessage) => boolean;
  /** How long `stop()` waits for the tap to catch up with the topics' ends (default 15 s). */
  readonly drainTimeoutMs?: number;
}

/** What the tap saw: a check per invalid message and per undeclared topic, plus a summary. */
export interface AsyncApiTrafficResult {
  readonly checks: CheckResult[];
  readonly messages: number;
}

/** A running tap; `stop()` catches up with every topic, disconnects and judges what it saw. */
export interface AsyncApiTrafficTap {
  stop(): Promise<AsyncApiTrafficResult>;
}

/**
 * Validates every Kafka message of a run against the AsyncAPI document: payload, headers and key by channel address
 * (schemas compiled once); a message on a topic the document does not declare fails too. Reads every topic of the
 * broker (but Kafka-internal and ignored ones) from its end offset at start, topics created later from their beginning.
 * @example
 * const tap = await startAsyncApiTrafficTap({ asyncapiPath: 'contracts/asyncapi.yaml', brokers: env.kafka.brokers });
 * await runScenarios();
 * const { checks, messages } = await tap.stop();
 */
export async function startAsyncApiTrafficTap(options: AsyncApiTrafficTapOptions): Promise<AsyncApiTrafficTap> {
  const log = options.log ?? (() => {});
  const remoteRefs = options.remoteRefs ? { remoteRefs: options.remoteRefs } : {};
  const validator = compileMessageValidator(await loadAsyncApiModel(options.asyncapiPath, remoteRefs));
  const tap = await tapKafka({
    brokers: options.brokers,
    topics: [/.*/],
    excludeTopics: [/^_confluent/, ...(options.ignoreTopics ?? []).map((p) => new RegExp(p))],
    valueBytes: true,
    clientId: 'tracegate-asyncapi-tap',
  });
  log('asyncapi-traffic: tapping every topic of the broker');
  return {
    async stop() {
      try {
        const drained = await tap.drain({ timeoutMs: options.drainTimeoutMs ?? 15_000 });
        if (!drained.complete) log(`asyncapi-traffic: did not catch up with ${drained.behind.join(', ')}`);
      } finally {
        await tap.stop();
      }
      const seen = tap.messages().filter((m) => !options.accept || options.accept(m));
      return judgeTraffic(seen, validator, options.asyncapiPath);
    },
  };
}

/** Judges the messages a tap saw: one check per invalid message, per undeclared topic and per unchecked schema. */
export function judgeTraffic(
  seen: readonly TappedMessage[],
  validator: ReturnType<typeof compileMessageValidator>,
  path: string,
): AsyncApiTrafficResult {
  const checks: CheckResult[] = [];
  const undeclared = new Map<string, TappedMessage[]>();
  let valid = 0;
  for (const message of seen) {
    const verdict = validator.validate(message);
    if (!verdict.declared) {
      undeclared.set(message.topic, [...(undeclared.get(message.topic) ?? []), message]);
      continue;
    }
    if (verdict.ok) {
      valid += 1;
      continue;
    }
    checks.push({
      name: `${message.topic}[${message.partition}]@${message.offset} matches ${verdict.message ?? 'its message'} of ${path}`,
      status: 'failed',
      message: verdict.errors.join('; '),
      evidence: [kafkaMessageEvidence(message, verdict.errors)],
    });
  }
  for (const [topic, messages] of undeclared) {
    const first = messages[0] as TappedMessage;
    const errors = [`topic "${topic}" is not a channel address of ${path}`];
    checks.push({
      name: `${topic} is declared in ${path}`,
      status: 'failed',
      message: `${messages.length} messages on an undeclared topic`,
      evidence: [kafkaMessageEvidence(first, errors)],
    });
  }
  checks.push(...notChecked(seen, validator));
  const topics = new Set(seen.map((m) => m.topic)).size;
  checks.unshift({
    name: `Kafka traffic matches ${path}`,
    status: seen.length === 0 ? 'skipped' : valid === seen.length ? 'passed' : 'failed',
    message:
      seen.length === 0
        ? 'no message was published while the tap ran'
        : `${valid} of ${seen.length} messages on ${topics} topics valid`,
  });
  return { checks, messages: seen.length };
}

/** A skipped check for each schema of a message that arrived but whose format the validator cannot check. */
function notChecked(
  seen: readonly TappedMessage[],
  validator: ReturnType<typeof compileMessageValidator>,
): CheckResult[] {
  const arrived = new Map<string, number>();
  for (const message of seen) arrived.set(message.topic, (arrived.get(message.topic) ?? 0) + 1);
  return validator.problems
    .filter((problem) => problem.kind === 'not-checked' && arrived.has(problem.channel))
    .map((problem) => ({
      name: `not checked: ${problem.part} of ${problem.messageId} on ${problem.channel} (${problem.pointer})`,
      status: 'skipped' as const,
      message: `${problem.reason}; ${arrived.get(problem.channel)} message(s) on the topic were not checked against it`,
    }));
}

/** A tapped Kafka message as report evidence (the last value of a repeated header), with what was wrong with it. */
export function kafkaMessageEvidence(message: TappedMessage, errors: readonly string[]): Evidence {
  return {
    kind: 'kafka-message',
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    ...(message.key === null || message.key === undefined ? {} : { key: message.key }),
    headers: lastHeaderValues(message.headers),
    value: message.value ?? '',
    errors,
  };
}
