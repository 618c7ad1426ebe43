import { captureLogs, type LogFieldAliases, type LogStore } from '@tracegate/trace-assertions';
import type { RunEnvironment } from '../../run/types.ts';

/** One store fed by every service's captured logs, so a chain can follow lines across services. */
export function combinedLogs(env: RunEnvironment, logField: string | undefined): LogStore {
  const fields = logFieldsOfAll(env);
  const combined = captureLogs([], {
    ...(logField ? { correlationField: logField } : {}),
    ...(fields ? { fields } : {}),
  });
  for (const service of env.services.values()) {
    if (!service.logs) continue;
    combined.add(service.logs.lines().map((l) => l.raw));
    service.logs.onLine((line) => combined.add([line.raw]));
  }
  return combined;
}

/** Every service's configured log field names, tried in turn on every line of the combined store. */
function logFieldsOfAll(env: RunEnvironment): LogFieldAliases | undefined {
  const merged: Record<string, string[]> = {};
  for (const service of env.services.values()) {
    for (const [name, paths] of Object.entries(service.logFields ?? {}))
      merged[name] = [...(merged[name] ?? []), ...paths];
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}
