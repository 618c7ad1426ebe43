import type { ConfigPath } from './locate.ts';
import { didYouMean } from './suggest.ts';
import type { TracegateConfig } from './types.ts';

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** One placeholder the run cannot fill, with where it is written. */
export interface PlaceholderProblem {
  readonly path: ConfigPath;
  readonly text: string;
  readonly message: string;
}

/** Every placeholder name a run of this config defines (besides env.*). */
export function knownPlaceholders(config: TracegateConfig): string[] {
  return [
    'run.id',
    'kafka.brokers',
    'otlp.grpcEndpoint',
    'otlp.httpEndpoint',
    ...(config.databases ?? []).map((name) => `database.${name}`),
    ...config.services.map((service) => `services.${service.name}.url`),
  ];
}

/** Checks every `${…}` in every string of the config against the names a run defines, before anything starts. */
export function checkPlaceholders(config: TracegateConfig): PlaceholderProblem[] {
  const known = knownPlaceholders(config);
  const problems: PlaceholderProblem[] = [];
  walkStrings(config, [], (value, path) => {
    for (const [text, name = ''] of value.matchAll(PLACEHOLDER)) {
      if (known.includes(name) || /^env\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      if (readsPreviousResponse(path) && /^response\.[\w.]+$/.test(name)) continue;
      const hint = didYouMean(name, known, (s) => `\${${s}}`) || ` (known: ${known.join(', ')}, env.*)`;
      problems.push({ path, text, message: `${keyPath(path)}: unknown placeholder ${text}${hint}` });
    }
  });
  return problems;
}

/** A follow-up request of a scenario (`scenarios[i].then[j].path`) may read the previous response body. */
function readsPreviousResponse(path: ConfigPath): boolean {
  return path[0] === 'scenarios' && path[2] === 'then' && path[4] === 'path';
}

function walkStrings(value: unknown, path: ConfigPath, visit: (value: string, path: ConfigPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walkStrings(item, [...path, i], visit);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}

/** services/0/start → services[0].start */
export function keyPath(path: ConfigPath): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}
