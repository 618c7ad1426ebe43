import { describe, expect, it } from 'vitest';
import { topicNames } from './topic-names.ts';

describe('topicNames', () => {
  it('uses the AsyncAPI addresses as they are by default', () => {
    const names = topicNames('');
    expect(names.physical('order.created')).toBe('order.created');
    expect(names.address('order.created')).toBe('order.created');
  });

  it('prefixes and strips a deployment prefix', () => {
    const names = topicNames('staging.');
    expect(names.physical('payment.refunded.dlq')).toBe('staging.payment.refunded.dlq');
    expect(names.address('staging.payment.refunded')).toBe('payment.refunded');
    expect(names.address('payment.refunded')).toBe('payment.refunded');
  });
});
