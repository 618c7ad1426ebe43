import { HarnessError } from '../errors.ts';

/** Values available to ${...} placeholders in a config, e.g. kafka.brokers or database.orders. */
export type Variables = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_.-]+)\}/g;

/** Replaces ${name} placeholders; an unknown name is an error naming the placeholder and where it was used. */
export function interpolate(template: string, variables: Variables, where: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (name.startsWith('env.')) return process.env[name.slice(4)] ?? '';
    const value = variables[name];
    if (value === undefined) {
      const known = Object.keys(variables).sort().join(', ');
      throw new HarnessError('CONFIG_INVALID', `${where}: unknown placeholder \${${name}} (known: ${known}, env.*)`);
    }
    return value;
  });
}

/** Interpolates every value of an env map. */
export function interpolateEnv(
  env: Readonly<Record<string, string>>,
  variables: Variables,
  where: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, interpolate(value, variables, `${where}.${key}`)]),
  );
}
