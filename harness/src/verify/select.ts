import type { LoadedConfig } from '../config/types.ts';
import { HarnessError } from '../errors.ts';
import type { Gate } from '../gates/types.ts';

/** A gate chosen to run, or left out with the reason. */
export type Selection =
  | { readonly gate: Gate; readonly run: true }
  | { readonly gate: Gate; readonly run: false; readonly reason: string };

/** Decides which gates run: --gates / --skip, then the config's `enabled`, then whether the config gives the gate input. */
export function selectGates(
  gates: readonly Gate[],
  loaded: LoadedConfig,
  options: { readonly only: readonly string[]; readonly skip: readonly string[] },
): Selection[] {
  const known = new Set(gates.map((g) => g.name));
  const unknown = [...options.only, ...options.skip].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new HarnessError(
      'USAGE',
      `unknown gate ${unknown.map((n) => `"${n}"`).join(', ')} (gates: ${[...known].join(', ')})`,
    );
  }
  return gates.map((gate): Selection => {
    if (options.only.length > 0 && !options.only.includes(gate.name))
      return { gate, run: false, reason: 'not selected (--gates)' };
    if (options.skip.includes(gate.name)) return { gate, run: false, reason: 'skipped (--skip)' };
    const configured = (loaded.config.gates as Record<string, { enabled?: boolean } | undefined> | undefined)?.[
      gate.name
    ];
    if (configured?.enabled === false) return { gate, run: false, reason: 'disabled in config' };
    if (gate.needs.includes('services') && loaded.config.services.length === 0) {
      if (configured?.enabled === true)
        throw new HarnessError(
          'CONFIG_INVALID',
          `gates.${gate.name} is enabled, but the config has no services for it to run against: add the service under services, or disable the gate`,
        );
      return { gate, run: false, reason: 'no services in the config' };
    }
    const applies = gate.applies(loaded);
    return applies.ok ? { gate, run: true } : { gate, run: false, reason: applies.reason };
  });
}
