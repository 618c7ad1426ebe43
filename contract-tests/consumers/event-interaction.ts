import { MatchersV3, type PactV4 } from '@pact-foundation/pact';
import { correlationId, traceparent } from './order-matchers.ts';

const { regex, uuid } = MatchersV3;

/** One asynchronous message interaction: a Kafka event with its topic, key and CloudEvents/trace headers as metadata. */
export interface EventExpectation {
  readonly description: string;
  readonly state?: string;
  readonly topic: string;
  readonly ceType: string;
  readonly source: string;
  readonly body: unknown;
}

/** Adds the interaction to `pact`: metadata names the topic, the key (an order id) and the headers, with matchers. */
export function expectEvent(pact: PactV4, expectation: EventExpectation) {
  const start = pact.addAsynchronousInteraction();
  const given = expectation.state ? start.given(expectation.state) : start;
  return given.expectsToReceive(expectation.description, (builder) => {
    builder
      .withMetadata({
        topic: expectation.topic,
        key: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
        traceparent,
        'x-correlation-id': correlationId('req-7f3a'),
        ce_type: expectation.ceType,
        ce_source: expectation.source,
        ce_specversion: '1.0',
        ce_id: uuid('6f1c1f4e-0a53-4c56-9d2a-1f0b1c2d3e4f'),
        'content-type': regex('^application/json(;.*)?$', 'application/json'),
      })
      .withJSONContent(expectation.body);
  });
}
