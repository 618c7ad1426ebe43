import { describe, expect, it } from 'vitest';
import { SharedCharge } from './shared-charge.ts';

describe('SharedCharge', () => {
  it('charges a shared value once while held, and again once every holder released it', () => {
    const charge = new SharedCharge<{ bytes: number }>((value) => value.bytes);
    const a = { bytes: 100 };
    const b = { bytes: 7 };
    expect([charge.hold(a), charge.hold(a), charge.hold(b), charge.hold(a)]).toEqual([100, 0, 7, 0]);
    expect([charge.release(a), charge.release(a), charge.release(b), charge.release(a)]).toEqual([0, 0, 7, 100]);
    expect(charge.hold(a)).toBe(100);
    expect(charge.release(a)).toBe(100);
    expect(charge.release(a)).toBe(0);
  });

  it('forgets every held value on clear', () => {
    const charge = new SharedCharge<{ bytes: number }>((value) => value.bytes);
    const a = { bytes: 5 };
    charge.hold(a);
    charge.clear();
    expect(charge.hold(a)).toBe(5);
  });
});
