import kafkajs from 'kafkajs';
import { HarnessError } from '../../errors.ts';
import { sleep } from '../sleep.ts';

const { Kafka, logLevel } = kafkajs;

/** Options of `waitForKafka`. */
export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** Settles when the broker process ends: stop waiting then. */
  exited?: Promise<unknown>;
  /** Also wait until a consumer group coordinator answers (for a broker tracegate started itself). */
  groupCoordinator?: boolean;
}

/** Polls with a kafkajs admin client until the cluster lists a broker (and, when asked, a group coordinator answers). */
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
      // A consumer that starts before the group coordinator exists may give up (kafkajs does): wait for it too.
      if (cluster.brokers.length > 0 && (!options.groupCoordinator || (await coordinatorAnswers(admin)))) return;
      lastError = 'the cluster lists no brokers yet';
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(200);
  }
  throw new HarnessError(
    'PROVISION_FAILED',
    gone
      ? `the Kafka broker exited before it answered at ${brokers.join(',')}`
      : `Kafka at ${brokers.join(',')} did not answer a metadata request within ${options.timeoutMs} ms (last error: ${lastError})`,
  );
}

/** Describing a group goes through its coordinator, which exists once the offsets topic does. */
async function coordinatorAnswers(admin: ReturnType<InstanceType<typeof Kafka>['admin']>): Promise<boolean> {
  return (await admin.describeGroups(['tracegate-readiness'])).groups.length > 0;
}
