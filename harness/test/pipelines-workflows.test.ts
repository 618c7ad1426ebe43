import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const load = (path: string) => parse(read(path)) as Record<string, unknown>;

const actionPath = 'pipelines/github/action.yml';
const workflows = [
  'pipelines/github/examples/consumer.yml',
  'pipelines/github/examples/provider.yml',
  '.github/workflows/ci.yml',
];
const githubFiles = [actionPath, ...workflows];

type Node = Record<string, unknown>;

/** Every object in a parsed YAML tree that has the given key. */
function withKey(tree: unknown, key: string): Node[] {
  if (Array.isArray(tree)) return tree.flatMap((item) => withKey(item, key));
  if (typeof tree !== 'object' || tree === null) return [];
  const node = tree as Node;
  return [...(key in node ? [node] : []), ...Object.values(node).flatMap((v) => withKey(v, key))];
}

describe('GitHub composite action', () => {
  const action = load(actionPath) as {
    name: string;
    description: string;
    inputs: Record<string, Node>;
    runs: { using: string; steps: Node[] };
  };

  it('has the keys GitHub requires, documented inputs and shells on every run step', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.length).toBeGreaterThan(0);
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'artifact-name',
        'cache',
        'config',
        'fail-on',
        'gates',
        'node-version',
        'reports-dir',
        'upload-reports',
        'working-directory',
      ].sort(),
    );
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    for (const step of withKey(action.runs.steps, 'run')) expect(step.shell).toBe('bash');
  });

  it('refers only to inputs it declares', () => {
    const used = [...read(actionPath).matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]);
    for (const name of used) expect(Object.keys(action.inputs)).toContain(name);
  });
});

describe.each(githubFiles)('%s', (file) => {
  const tree = load(file);

  it('keeps every expression out of run: scripts (inputs and event data reach them only through env:)', () => {
    const runs = withKey(tree, 'run').map((step) => String(step.run));
    expect(runs.length).toBeGreaterThan(0);
    for (const script of runs) expect(script).not.toMatch(/\$\{\{/);
  });

  it('pins every action to a full commit SHA with its version in a comment', () => {
    const lines = read(file)
      .split('\n')
      .filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const ref = /uses:\s*(\S+)/.exec(line)?.[1] ?? '';
      if (ref.startsWith('./')) {
        expect(existsSync(join(root, ref, 'action.yml'))).toBe(true);
        continue;
      }
      expect(line).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });
});

describe.each(workflows)('workflow %s', (file) => {
  const tree = load(file) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, Node> };

  it('has on, jobs, read-only permissions and time-limited jobs with steps', () => {
    expect(tree.on).toBeTruthy();
    expect(Object.keys(tree.jobs).length).toBeGreaterThan(0);
    expect(tree.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(tree.jobs)) {
      expect(job['runs-on']).toBeTruthy();
      expect(job['timeout-minutes']).toBeGreaterThan(0);
      expect(Array.isArray(job.steps)).toBe(true);
    }
  });

  it('passes the action only inputs it declares', () => {
    const declared = Object.keys((load(actionPath) as { inputs: Node }).inputs);
    for (const step of withKey(tree, 'uses').filter((s) => s.uses === './pipelines/github')) {
      for (const key of Object.keys((step.with ?? {}) as Node)) expect(declared).toContain(key);
    }
  });
});

describe('example workflows and CI', () => {
  it('consumer runs the pact-consumers gate; provider runs provider gates on pull requests with full history', () => {
    const gates = (file: string) =>
      withKey(load(file), 'uses').find((s) => s.uses === './pipelines/github')?.with as Node;
    expect(gates('pipelines/github/examples/consumer.yml').gates).toBe('pact-consumers');
    const provider = load('pipelines/github/examples/provider.yml') as { on: Node };
    expect(provider.on).toHaveProperty('pull_request');
    expect(String(gates('pipelines/github/examples/provider.yml').gates).split(',')).toEqual(
      expect.arrayContaining(['pact-provider', 'schemathesis', 'breaking-changes']),
    );
    expect(withKey(provider, 'fetch-depth')[0]?.['fetch-depth']).toBe(0);
  });

  it('CI tests on Node 22 and 24 with postgresql and chromium installed', () => {
    const ci = load('.github/workflows/ci.yml') as {
      jobs: { test: { strategy: { matrix: { include: { node: string; image: string }[] } } } };
    };
    const rows = ci.jobs.test.strategy.matrix.include;
    expect(rows.map((row) => row.node)).toEqual(['22', '24']);
    // Exact image tags: a moving tag would change what CI runs under the same workflow.
    for (const row of rows) expect(row.image).toMatch(new RegExp(`^node:${row.node}\\.\\d+\\.\\d+-bookworm$`));
    const scripts = withKey(ci, 'run')
      .map((s) => String(s.run))
      .join('\n');
    expect(scripts).toMatch(/apt-get install .*postgresql/);
    expect(scripts).toMatch(/apt-get install .*chromium/);
    expect(scripts).toMatch(/npm ci/);
    expect(scripts).toMatch(/^npm test$/m);
    const test = withKey(ci, 'run').find((s) => s.run === 'npm test') as { env?: Record<string, string> } | undefined;
    expect(test?.env?.TRACEGATE_NODE).toBe('current');
  });
});

describe('GitLab template', () => {
  const template = load('pipelines/gitlab/tracegate.gitlab-ci.yml') as { variables: Node; tracegate: Node };

  it('runs tracegate verify with the config from a variable and keeps the JUnit report', () => {
    const job = template.tracegate as {
      script: string[];
      artifacts: { when: string; reports: { junit: string } };
      image: string;
    };
    expect(template.variables.TRACEGATE_CONFIG).toBe('tracegate.config.yaml');
    expect(job.script.join('\n')).toMatch(/set -- verify --config "\$TRACEGATE_CONFIG"/);
    expect(job.script.join('\n')).toMatch(/npx --no -- tracegate "\$@"/);
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports.junit).toBe('$TRACEGATE_REPORTS_DIR/junit.xml');
    expect(job.image).toBe('$TRACEGATE_IMAGE');
  });
});

describe('caches and toolchains', () => {
  it('the action caches what tracegate provisions, keyed on the version that pins it, and reports the hit', () => {
    const action = read(actionPath);
    expect(action).toMatch(/uses: actions\/cache@[0-9a-f]{40} # v\d/);
    expect(action).toContain('~/.cache/tracegate');
    expect(action).toContain('~/.m2/repository');
    expect(action).toContain('key: ${{ steps.cache-key.outputs.key }}');
    expect(action).toContain('TRACEGATE_CACHE_HIT: ${{ steps.tool-cache.outputs.cache-hit }}');
  });

  it("the repository's CI installs Go for the Jaeger tests and caches the provisioned tools", () => {
    const ci = read('.github/workflows/ci.yml');
    expect(ci).toMatch(/uses: actions\/setup-go@[0-9a-f]{40} # v\d[\s\S]*go-version: "1\.2[4-9]"/);
    expect(ci).toMatch(/uses: actions\/cache@[0-9a-f]{40} # v\d/);
  });
});
