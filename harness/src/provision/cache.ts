import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of the harness download cache: `$TRACEGATE_CACHE`, else `~/.cache/tracegate`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRACEGATE_CACHE || join(homedir(), '.cache', 'tracegate');
}
