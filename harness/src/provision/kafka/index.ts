export type { KafkaHandle, KafkaStrategy, StartKafkaOptions, TopicSpec } from '../types.ts';
export { cachedKafkaClasspath, DEFAULT_KAFKA_VERSION, resolveKafkaClasspath } from './classpath.ts';
export { startKafka } from './start-kafka.ts';
export { parseBrokers, selectKafkaStrategy } from './strategy.ts';
export { createTopics } from './topics.ts';
