import { describeQuery } from '../query/describe.ts';
import { toQuery } from '../query/to-query.ts';
import type { SpanQuery } from '../types.ts';
import type { Hop } from './types.ts';

function topicQuery(topic: string, extra: readonly string[]): SpanQuery[] {
  return [
    ...extra.map((name) => ({ attributes: { [name]: topic } })),
    { attributes: { 'messaging.destination.name': topic } },
    { attributes: { 'messaging.destination': topic } },
    { name: { contains: topic } },
  ];
}

/** The span query a span hop stands for (undefined for a log hop); `topicAttributes` name a Kafka hop's topic. */
export function hopQuery(hop: Hop, topicAttributes: readonly string[] = []): SpanQuery | undefined {
  switch (hop.kind) {
    case 'http-server': {
      const route = hop.route === undefined ? {} : { 'http.route': hop.route };
      const method: SpanQuery =
        hop.method === undefined
          ? {}
          : {
              anyOf: [
                { attributes: { 'http.request.method': hop.method } },
                { attributes: { 'http.method': hop.method } },
              ],
            };
      return { kind: 'server', service: hop.service, attributes: route, ...method };
    }
    case 'http-client':
      return { kind: 'client', service: hop.service };
    case 'kafka-publish':
      return { kind: 'producer', service: hop.service, anyOf: topicQuery(hop.topic, topicAttributes) };
    case 'kafka-consume':
      return { kind: 'consumer', service: hop.service, anyOf: topicQuery(hop.topic, topicAttributes) };
    case 'span':
      return toQuery(hop.query);
    case 'log':
      return undefined;
  }
}

/** A short human name for a hop. */
export function hopLabel(hop: Hop): string {
  if (hop.label !== undefined) return hop.label;
  switch (hop.kind) {
    case 'http-server':
      return `http-server ${hop.service}${hop.method ? ` ${hop.method}` : ''}${hop.route ? ` ${hop.route}` : ''}`;
    case 'kafka-publish':
      return `kafka-publish ${hop.service} → ${hop.topic}`;
    case 'kafka-consume':
      return `kafka-consume ${hop.service} ← ${hop.topic}`;
    case 'span':
      return `span ${describeQuery(toQuery(hop.query))}`;
    default:
      return `${hop.kind} ${hop.service}`;
  }
}
