/** The fields of a bench result the table shows. */
export interface BenchRow {
  readonly name: string;
  readonly unit: string;
  readonly project: number;
  readonly anchor: number | null;
  readonly ratio: number | null;
  readonly goal: string | null;
  readonly met: boolean | null;
}

const HEAD = ['measure', 'unit', 'project', 'anchor', 'ratio', 'goal', 'met'] as const;

function cells(row: BenchRow): string[] {
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
export function renderBenchTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((head, i) => Math.max(head.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEAD), rule, ...body.map(line)].join('\n');
}
