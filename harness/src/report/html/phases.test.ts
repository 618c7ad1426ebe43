import { describe, expect, it } from 'vitest';
import { renderPhases } from './phases.ts';

describe('renderPhases', () => {
  it('lists each phase with its start and duration, names escaped', () => {
    const rendered = renderPhases([
      { name: 'provision kafka', startMs: 12, durationMs: 6100 },
      { name: 'gate <contract-documents>', startMs: 15, durationMs: 820 },
    ]);
    expect(rendered === '' ? '' : rendered.__html).toMatchInlineSnapshot(
      `"<details class="card env phases"><summary style="padding:8px 14px">Phases (2)</summary><div style="padding:0 14px 10px"><table class="kv"><tr><th>provision kafka</th><td>at 12 ms · took 6.1 s</td></tr><tr><th>gate &lt;contract-documents&gt;</th><td>at 15 ms · took 820 ms</td></tr></table></div></details>"`,
    );
  });

  it('renders nothing for a report without phases (written before they were recorded)', () => {
    expect(renderPhases(undefined)).toBe('');
    expect(renderPhases([])).toBe('');
  });
});
