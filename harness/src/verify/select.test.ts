import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../config/types.ts';
import { HarnessError } from '../errors.ts';
import type { Gate } from '../gates/types.ts';
import { selectGates } from './select.ts';

function gate(name: string, needs: Gate['needs']): Gate {
  return {
    name,
    description: name,
    needs,
    applies: () => ({ ok: true }),
    run: async () => ({ checks: [] }),
  };
}

const offline = gate('documents', []);
const live = gate('fuzz', ['services']);

function loaded(config: Record<string, unknown>): LoadedConfig {
  return { config: { system: 's', services: [], ...config } } as unknown as LoadedConfig;
}

describe('selectGates', () => {
  const none = { only: [], skip: [] };

  it('leaves out a gate that needs a running service when the config has none, saying so', () => {
    const picked = selectGates([offline, live], loaded({}), none);
    expect(picked.map((p) => [p.gate.name, p.run, p.run ? undefined : p.reason])).toEqual([
      ['documents', true, undefined],
      ['fuzz', false, 'no services in the config'],
    ]);
  });

  it('refuses a config that enables such a gate explicitly without a service', () => {
    const run = () => selectGates([offline, live], loaded({ gates: { fuzz: { enabled: true } } }), none);
    expect(run).toThrow(HarnessError);
    expect(run).toThrow(/gates\.fuzz is enabled, but the config has no services/);
  });

  it('runs it once a service is configured', () => {
    const withService = loaded({ services: [{ name: 'a', baseUrl: 'http://127.0.0.1:1' }] });
    expect(selectGates([offline, live], withService, none).every((p) => p.run)).toBe(true);
  });
});
