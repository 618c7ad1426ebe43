/** Maps AsyncAPI channel addresses to the Kafka topics of this deployment (an optional shared-cluster prefix). */
export interface TopicNames {
  readonly prefix: string;
  /** `order.created` → `<prefix>order.created`. */
  physical(address: string): string;
  /** `<prefix>order.created` → `order.created` (unchanged when it lacks the prefix). */
  address(topic: string): string;
}

/** Topic naming for KAFKA_TOPIC_PREFIX (empty by default: topics are the AsyncAPI addresses). */
export function topicNames(prefix: string): TopicNames {
  return {
    prefix,
    physical: (address) => `${prefix}${address}`,
    address: (topic) => (prefix !== '' && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic),
  };
}
