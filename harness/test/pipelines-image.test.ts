import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMATHESIS_VERSION } from '../src/provision/schemathesis.ts';
import { aptPackages, dockerfileProblems, type Stage, stages } from './dockerfile.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const imagePath = 'pipelines/image/Dockerfile';
const image = stages(read(imagePath));
const final = image.at(-1) as Stage;
const templatePath = 'pipelines/gitlab/tracegate.gitlab-ci.yml';
const template = parse(read(templatePath)) as {
  variables: Record<string, string>;
  tracegate: { image: string; cache: { paths: string[] } };
};
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const envOf = (stage: Stage) =>
  Object.fromEntries(
    stage.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args.split('=') as [string, string]),
  );

describe('the Dockerfile reader', () => {
  it('flags what hadolint flags: unpinned bases, apt and pip habits, ADD for local files', () => {
    const bad = [
      'FROM node',
      'FROM python:latest AS py',
      'RUN apt-get update && apt-get install maven',
      'RUN pip install schemathesis',
      'ADD . /app',
    ].join('\n');
    expect(dockerfileProblems(bad)).toEqual([
      '1: DL3006 untagged node',
      '2: DL3007 python:latest uses latest',
      '3: DL3014 apt-get install without -y',
      '3: DL3015 apt-get install without --no-install-recommends',
      '3: DL3009 apt lists not removed in the same RUN',
      '4: DL3013 pip install of an unpinned package',
      '4: DL3042 pip install without --no-cache-dir',
      '5: DL3020 ADD for local files',
    ]);
  });

  it('joins continuation lines and reads the packages of one apt-get install', () => {
    const text =
      'FROM a:1 AS x\n# note\nRUN apt-get install -y \\\n  curl \\\n  git \\\n  && rm -rf /var/lib/apt/lists/*\n';
    const [stage] = stages(text);
    expect(stage).toMatchObject({ from: 'a:1', name: 'x' });
    expect(aptPackages(stage as Stage)).toEqual(['curl', 'git']);
  });
});

describe('the CI image (pipelines/image/Dockerfile)', () => {
  it('passes the hadolint basics and builds on the pinned Node and a pinned Go the CI uses', () => {
    expect(dockerfileProblems(read(imagePath))).toEqual([]);
    expect(final.from).toBe(`node:${read('.node-version').trim()}-bookworm-slim`);
    const goMinor = /go-version: "(\d+\.\d+)"/.exec(read('.github/workflows/ci.yml'))?.[1];
    expect(image.find((s) => s.name === 'go')?.from).toMatch(new RegExp(`^golang:${goMinor}\\.\\d+-bookworm$`));
    const copies = final.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=go /usr/local/go /usr/local/go');
    expect(envOf(final).PATH).toMatch(/^\/usr\/local\/go\/bin:/);
  });

  it('installs what the gates need: Java and Maven for Kafka, Python with venv for Schemathesis', () => {
    const packages = aptPackages(final);
    expect(packages).toEqual(expect.arrayContaining(['maven', 'python3', 'python3-venv', 'ca-certificates']));
    expect(packages.filter((p) => /^openjdk-(1[7-9]|2\d)-jre-headless$/.test(p))).toHaveLength(1);
  });

  it('pre-installs the Schemathesis the harness pins and points SCHEMATHESIS_BIN at it', () => {
    const install = runs(final).find((run) => run.includes('schemathesis==')) ?? '';
    expect(install).toContain(`schemathesis==${SCHEMATHESIS_VERSION}`);
    const venv = /python3 -m venv (\S+)/.exec(install)?.[1];
    expect(envOf(final).SCHEMATHESIS_BIN).toBe(`${venv}/bin/st`);
  });

  it('is the image the GitLab template runs on, documented there, with the provisioned tools cached', () => {
    expect(template.tracegate.image).toBe('$TRACEGATE_IMAGE');
    expect(template.variables.TRACEGATE_IMAGE).toMatch(/^\$CI_REGISTRY_IMAGE\/tracegate-ci:\d+\.\d+\.\d+$/);
    expect(read(templatePath)).toContain(imagePath);
    expect(read(imagePath)).toContain(`docker build -f ${imagePath}`);
    expect(read('docs/verify-your-service.md')).toContain(imagePath);
    const cached = template.tracegate.cache.paths;
    expect(template.variables.TRACEGATE_CACHE).toBe('$CI_PROJECT_DIR/.tracegate-cache');
    expect(cached).toContain('.tracegate-cache/');
    const mavenRepo = /-Dmaven\.repo\.local=\$CI_PROJECT_DIR\/(\S+)/.exec(template.variables.MAVEN_OPTS ?? '')?.[1];
    expect(cached).toContain(`${mavenRepo}/`);
  });
});
