import kafkajs from 'kafkajs';
import { HarnessError } from '../../errors.ts';
import { sleep } from '../sleep.ts';

const { Kafka, logLevel } = kafkajs;

/** Options of `waitForKafka`. */
export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** Settles when the broker process ends: stop waiting then. */
  exited?: Promise<unknown>;
}

/** Polls with a kafkajs admin client until the cluster describes itself with at least one broker. */
export async function waitForKafka(brokers: string[], options: WaitForKafkaOptions): Promise<void> {
  const kafka = new Kafka({
    clientId: 'tracegate-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  let gone = false;
  void options.exited?.then(() => {
    gone = true;
  });
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  while (!gone && Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
      lastError = 'the cluster lists no brokers yet';
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(200);
  }
  throw new HarnessError(
    gone ? 'PROVISION_FAILED' : 'PROVISION_FAILED',
    gone
      ? `the Kafka broker exited before it answered at ${brokers.join(',')}`
      : `Kafka at ${brokers.join(',')} did not answer a metadata request within ${options.timeoutMs} ms (last error: ${lastError})`,
  );
}
