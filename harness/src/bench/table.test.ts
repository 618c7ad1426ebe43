import { describe, expect, it } from 'vitest';
import { renderBenchTable } from './table.ts';

describe('renderBenchTable', () => {
  it('renders results with and without anchors as a Markdown table', () => {
    const table = renderBenchTable([
      { name: 'ingest', unit: 'spans/s', project: 60000, anchor: 40000, ratio: 1.5, goal: '≥ 1.5×', met: true },
      { name: 'heap per span', unit: 'B', project: 465, anchor: null, ratio: null, goal: '≤ 400 B', met: false },
    ]);
    expect(table).toMatchInlineSnapshot(`
      "| measure       | unit    | project | anchor | ratio | goal    | met |
      |---------------|---------|---------|--------|-------|---------|-----|
      | ingest        | spans/s | 60,000  | 40,000 | 1.5×  | ≥ 1.5×  | yes |
      | heap per span | B       | 465     | —      | —     | ≤ 400 B | NO  |"
    `);
  });
});
