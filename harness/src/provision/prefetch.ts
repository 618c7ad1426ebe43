// Downloads what the tests would otherwise fetch on first use (Kafka jars, the Schemathesis virtualenv, a Jaeger
// binary and oasdiff built from the Go module proxy), so that
// test timings measure tests: `node harness/src/provision/prefetch.ts`.
import { jaegerBinary } from './jaeger.ts';
import { DEFAULT_KAFKA_VERSION, resolveKafkaClasspath } from './kafka/classpath.ts';
import { logToStderr, seconds } from './log.ts';
import { oasdiffBinary } from './oasdiff.ts';
import { schemathesis } from './schemathesis.ts';

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  const result = await work();
  logToStderr(`prefetch: ${label} in ${seconds(Date.now() - startedAt)}`);
  return result;
}

const version = process.env.TRACEGATE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
if (process.env.KAFKA_BROKERS) logToStderr('prefetch: KAFKA_BROKERS is set, Kafka jars not needed');
else {
  const { classpath, cached } = await timed('kafka jars', () => resolveKafkaClasspath(version));
  logToStderr(`prefetch: kafka ${version}: ${classpath.split(':').length} jars${cached ? ' (cached)' : ''}`);
}
const st = await timed('schemathesis', () => schemathesis());
logToStderr(`prefetch: schemathesis ${st.version} via ${st.strategy}: ${st.command.join(' ')}`);
const jaeger = await timed('jaeger', () => jaegerBinary());
logToStderr(`prefetch: jaeger ${jaeger.version}: ${jaeger.path}`);
const oasdiff = await timed('oasdiff', () => oasdiffBinary());
logToStderr(`prefetch: oasdiff ${oasdiff.version}: ${oasdiff.path}`);
