import type { BenchResult } from '@tracegate/trace-assertions/bench';

const HEAD = ['measure', 'unit', 'project', 'anchor', 'ratio', 'goal', 'met'] as const;

function cells(row: BenchResult): string[] {
  const number = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US'));
  const met = row.met === null ? '—' : row.met ? 'yes' : 'NO';
  return [
    row.name,
    row.unit,
    number(row.project),
    number(row.anchor),
    row.ratio === null ? '—' : `${row.ratio}×`,
    row.goal ?? '—',
    met,
  ];
}

/** Renders bench results as a Markdown table (what `npm run bench` prints and docs/performance.md quotes). */
export function renderBenchTable(rows: readonly BenchResult[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((head, i) => Math.max(head.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEAD), rule, ...body.map(line)].join('\n');
}
