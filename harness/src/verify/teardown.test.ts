import { describe, expect, it } from 'vitest';
import { createPhaseRecorder } from '../run/phases.ts';
import { createTeardown } from './teardown.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('createTeardown', () => {
  it('stops every client side by side, then the infrastructure side by side, each as a phase', async () => {
    const phases = createPhaseRecorder();
    const events: string[] = [];
    const teardown = createTeardown({ phases, log: () => undefined });
    const step = (name: string, layer: 'client' | 'infrastructure') =>
      teardown.add({
        name,
        layer,
        run: async () => {
          events.push(`start ${name}`);
          await tick();
          events.push(`end ${name}`);
        },
      });
    step('kafka', 'infrastructure');
    step('recording', 'client');
    step('trace receiver', 'infrastructure');
    step('services', 'client');
    await teardown.close();

    expect(events.slice(0, 2).sort()).toEqual(['start recording', 'start services']);
    expect(events.slice(2, 4).sort()).toEqual(['end recording', 'end services']);
    expect(events.slice(4, 6).sort()).toEqual(['start kafka', 'start trace receiver']);
    expect(
      phases
        .list()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['teardown kafka', 'teardown recording', 'teardown services', 'teardown trace receiver']);
  });

  it('logs a failing step and still stops the rest; a second close stops nothing again', async () => {
    const lines: string[] = [];
    const stopped: string[] = [];
    const teardown = createTeardown({ phases: createPhaseRecorder(), log: (line) => lines.push(line) });
    teardown.add({ name: 'services', layer: 'client', run: () => Promise.reject(new Error('still running')) });
    teardown.add({ name: 'kafka', layer: 'infrastructure', run: async () => void stopped.push('kafka') });
    await teardown.close();
    await teardown.close();

    expect(lines).toEqual(['cleanup services: Error: still running']);
    expect(stopped).toEqual(['kafka']);
  });
});
