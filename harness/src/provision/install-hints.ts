/** Something doctor can tell a person to install, with its package names per platform. */
export type Installable = 'java' | 'maven' | 'python' | 'venv' | 'chromium' | 'go' | 'postgres' | 'docker';

/** Install commands per platform. */
const PACKAGES: Record<Installable, { readonly apt: string; readonly dnf: string; readonly brew: string }> = {
  java: { apt: 'openjdk-17-jre-headless', dnf: 'java-17-openjdk-headless', brew: 'openjdk@17' },
  maven: { apt: 'maven', dnf: 'maven', brew: 'maven' },
  python: { apt: 'python3 python3-venv', dnf: 'python3', brew: 'python@3.12' },
  venv: { apt: 'python3-venv', dnf: 'python3', brew: 'python@3.12' },
  chromium: { apt: 'chromium', dnf: 'chromium', brew: '--cask chromium' },
  go: { apt: 'golang-go', dnf: 'golang', brew: 'go' },
  postgres: { apt: 'postgresql', dnf: 'postgresql-server', brew: 'postgresql@16' },
  docker: { apt: 'docker.io', dnf: 'moby-engine', brew: '--cask docker' },
};

/** One line per platform: how to install these on Debian/Ubuntu, Fedora and macOS (Homebrew). */
export function installLines(what: readonly Installable[]): string[] {
  const names = (manager: 'apt' | 'dnf' | 'brew'): string => what.map((key) => PACKAGES[key][manager]).join(' ');
  return [
    `Debian/Ubuntu: sudo apt-get install ${names('apt')}`,
    `Fedora: sudo dnf install ${names('dnf')}`,
    `macOS: brew install ${names('brew')}`,
  ];
}
