// A small Dockerfile reader for static checks of the images this repository ships (no Docker engine here):
// instructions per build stage, and the hadolint rules that matter for them, by hadolint's rule ids.

/** One instruction with continuation lines joined; `line` is where it starts (1-based). */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** A build stage: its base (`FROM`), its name (`AS`) and its instructions after `FROM`. */
export interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: Instruction[];
}

/** Reads a Dockerfile into instructions, skipping comments and joining `\` continuations. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === undefined)) return;
    const joined = pending ? `${pending.text} ${line.replace(/\\$/, '')}` : line.replace(/\\$/, '');
    const start = pending?.line ?? index + 1;
    pending = line.endsWith('\\') ? { text: joined, line: start } : undefined;
    if (pending) return;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/s.exec(joined.replace(/\s+/g, ' ')) ?? [];
    result.push({ keyword: keyword.toUpperCase(), args, line: start });
  });
  return result;
}

/** Splits a Dockerfile into its build stages. */
export function stages(text: string): Stage[] {
  const result: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [from = '', , name] = instruction.args.split(' ').filter((word) => !word.startsWith('--'));
      result.push({ from, ...(name ? { name } : {}), instructions: [] });
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

/** The stage `name` and the stages it is built on, base first (an image that is no stage ends the chain). */
export function stageChain(all: readonly Stage[], name: string): Stage[] {
  const stage = all.find((s) => s.name === name);
  if (!stage) return [];
  return [...stageChain(all, stage.from), stage];
}

/** The packages a stage's `apt-get install` commands install. */
export function aptPackages(stage: Stage): string[] {
  return stage.instructions
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) => [...i.args.matchAll(/apt-get install((?: [^&;|]+)*)/g)])
    .flatMap((match) => (match[1] ?? '').split(' ').filter((word) => word !== '' && !word.startsWith('-')));
}

const runRules: readonly [string, (run: string) => boolean][] = [
  ['DL3014 apt-get install without -y', (run) => /apt-get install(?![^&;]*\s-y\b)/.test(run)],
  [
    'DL3015 apt-get install without --no-install-recommends',
    (run) => /apt-get install(?![^&;]*--no-install-recommends)/.test(run),
  ],
  [
    'DL3009 apt lists not removed in the same RUN',
    (run) => run.includes('apt-get install') && !run.includes('rm -rf /var/lib/apt/lists'),
  ],
  ['DL3013 pip install of an unpinned package', (run) => /pip install(?: -\S+)* [A-Za-z][\w.-]*(?:\s|$)/.test(run)],
  ['DL3042 pip install without --no-cache-dir', (run) => /pip install(?![^&;]*--no-cache-dir)/.test(run)],
  ['DL3004 sudo', (run) => /\bsudo\b/.test(run)],
  ['DL3016 npm install of an unpinned package', (run) => /npm (?:i|install) (?:-\S+ )*[a-z@][^\s@]*(?:\s|$)/.test(run)],
];

/** hadolint-style findings as `line: rule`; an empty list for a clean Dockerfile. */
export function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const all = stages(text);
  const stageNames = new Set(all.flatMap((s) => (s.name ? [s.name] : [])));
  for (const instruction of instructions(text)) {
    const { keyword, args, line } = instruction;
    if (keyword === 'FROM') {
      const image = args.split(' ').find((word) => !word.startsWith('--')) ?? '';
      if (!stageNames.has(image) && !/:[\w.-]+$|@sha256:/.test(image))
        problems.push(`${line}: DL3006 untagged ${image}`);
      if (/:latest$/.test(image)) problems.push(`${line}: DL3007 ${image} uses latest`);
    }
    if (keyword === 'ADD' && !/https?:\/\//.test(args)) problems.push(`${line}: DL3020 ADD for local files`);
    if (keyword === 'MAINTAINER') problems.push(`${line}: DL4000 MAINTAINER is deprecated`);
    if (keyword !== 'RUN') continue;
    for (const [rule, broken] of runRules) if (broken(args)) problems.push(`${line}: ${rule}`);
  }
  return problems;
}
