import { tapKafka } from '@tracegate/trace-assertions';
import type { TracegateConfig } from '../config/types.ts';
import type { RunRecording } from '../run/types.ts';
import { type RecordingProxy, startRecordingProxy } from './record-http.ts';

/** Topics a run-wide recording reads: every declared topic plus those the effect contracts name. */
export function recordedTopics(config: TracegateConfig): string[] {
  const effects = config.effects;
  return [
    ...new Set([
      ...(config.kafka?.topics ?? []),
      ...(effects?.requests ?? []).flatMap((r) => r.emits.map((e) => e.topic)),
      ...(effects?.messages ?? []).map((m) => m.topic),
      ...(effects?.consumed ?? []).flatMap((c) => [c.topic, c.deadLetter.topic]),
    ]),
  ];
}

/** Starts the run-wide Kafka tap; services are put behind recording proxies as they start. */
export async function startRecording(input: { brokers: string; topics: readonly string[] }): Promise<RunRecording> {
  const startedAt = Date.now();
  const tap = await tapKafka({ brokers: input.brokers, topics: input.topics, clientId: 'tracegate-recording' });
  const proxies: RecordingProxy[] = [];
  return {
    startedAt,
    tap,
    exchanges: () => proxies.flatMap((p) => p.exchanges()).sort((a, b) => a.finishedAt - b.finishedAt),
    messages: () => tap.messages(),
    async front(service, url) {
      const proxy = await startRecordingProxy({ service, target: url });
      proxies.push(proxy);
      return proxy.url;
    },
    async stop() {
      await Promise.all(proxies.map((p) => p.close()));
      await tap.stop();
    },
  };
}
