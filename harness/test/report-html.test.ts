/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../src/report/types.ts';
import { launchReportBrowser, type ReportBrowser, screenshotDir } from './report-html-browser.ts';
import { hostileReport, payload } from './report-html-hostile.ts';

const fixture = (name: string): VerifyReport =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../fixtures/reports/${name}.json`), 'utf8')) as VerifyReport;

let rb: ReportBrowser;
beforeAll(async () => {
  rb = await launchReportBrowser();
});
afterAll(async () => {
  await rb?.close();
});

async function gateStatuses(page: Page): Promise<Record<string, string>> {
  const rows = page.locator('table.gates tbody tr');
  const out: Record<string, string> = {};
  for (const row of await rows.all()) {
    const name = (await row.locator('td').nth(0).textContent()) ?? '';
    out[name.trim()] = ((await row.locator('.badge').textContent()) ?? '').trim();
  }
  return out;
}

/** Bar boxes of a scenario's waterfall keyed by span id. */
async function bars(page: Page, scenario: string) {
  const rows = page.locator(`${scenario} .wf-row`);
  const out = new Map<string, { x: number; width: number; depth: number; indent: number }>();
  for (const row of await rows.all()) {
    const box = await row.locator('.bar').boundingBox();
    const indent = await row.locator('.wf-name').evaluate((el) => Number.parseFloat(getComputedStyle(el).paddingLeft));
    if (!box) throw new Error('bar not rendered');
    out.set((await row.getAttribute('data-span-id')) ?? '', {
      x: box.x,
      width: box.width,
      depth: Number(await row.getAttribute('data-depth')),
      indent,
    });
  }
  return out;
}

describe('HTML report in Chromium', () => {
  it('shows a passing run: every gate status, both scenarios intact, Kafka hops and span links marked', async () => {
    const report = fixture('passing');
    const page = await rb.open(report, { name: 'passing' });
    await expect.poll(() => page.locator('#verdict').textContent()).toMatch(/passed/i);
    expect(await gateStatuses(page)).toEqual(Object.fromEntries(report.gates.map((g) => [g.name, g.status])));
    expect(await page.locator('.overview').count()).toBe(0);
    expect(await page.locator('.hop--broken').count()).toBe(0);
    await page.locator('details.gate[data-gate="correlation-e2e"] > summary').click();
    const scenarios = page.locator('details.scenario');
    expect(await scenarios.count()).toBe(2);
    await scenarios.nth(1).locator('> summary').click();
    expect(await scenarios.nth(1).locator('.callout--ok').textContent()).toMatch(/carried across all 9 hops/);
    // The batch consumer starts a new trace and reaches the producer only through a span link.
    const linkHop = scenarios.nth(1).locator('.kafka-consumer', { hasText: 'process orders' });
    await expect
      .poll(() => linkHop.locator('.kafka-badge').textContent())
      .toMatch(/Kafka orders · from order-service · ↪ span link/);
    expect(await scenarios.nth(1).locator('.trace-chip').count()).toBe(2);
    await page.screenshot({ path: join(screenshotDir, 'report-passing.png'), fullPage: true });
  });

  it('shows a failing run: failed gates, the first broken hop named and highlighted, evidence visible', async () => {
    const page = await rb.open(fixture('failing'), { name: 'failing' });
    expect(await page.locator('#verdict').textContent()).toMatch(/failed/i);
    expect(await gateStatuses(page)).toMatchObject({
      'pact-provider': 'failed',
      schemathesis: 'failed',
      'correlation-e2e': 'failed',
      'contract-documents': 'passed',
      'asyncapi-traffic': 'skipped',
    });
    const overview = page.locator('.overview');
    expect(await overview.textContent()).toMatch(/correlation id lost at payment-service log lines/);

    const broken = page.locator('.hop--first-broken');
    expect(await broken.count()).toBe(1);
    expect(await broken.isVisible()).toBe(true);
    expect(await broken.locator('.hop-label').textContent()).toBe('payment-service log lines');
    expect(await broken.textContent()).toMatch(/no correlation_id field/);
    const background = await broken.locator('.hop-body').evaluate((el) => getComputedStyle(el).backgroundColor);
    const okBackground = await page
      .locator('.hop--ok .hop-body')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe(okBackground);
    expect(await page.locator('.scenario--failed .callout--broken').textContent()).toMatch(
      /lost at hop 6 of 9: payment-service log lines/,
    );
    expect(
      await page.locator('.scenario--failed .hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))),
    ).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'broken', 'not-checked', 'not-checked', 'not-checked']);
    expect(await page.locator('.scenario--failed tr.log--missing').count()).toBe(2);

    expect(await page.getByText(/^curl -X POST/).isVisible()).toBe(true);
    expect(await page.locator('.http-status').first().textContent()).toBe('HTTP 500');
    expect(
      await page.getByText('$.totalCents: Expected 12990 (Integer) but received "129.90" (String)').isVisible(),
    ).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'report-failing.png'), fullPage: true });
  });

  it('draws the waterfall: one bar per span, placed by start, indented by parent, the Kafka hop marked', async () => {
    const report = fixture('failing');
    const scenario = report.gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    if (!scenario) throw new Error('fixture has no scenario');
    const page = await rb.open(report, { name: 'failing-waterfall' });
    const geometry = await bars(page, '.scenario--failed');
    expect(geometry.size).toBe(scenario.spans.length);
    for (const span of scenario.spans) {
      const box = geometry.get(span.spanId);
      const parent = span.parentSpanId ? geometry.get(span.parentSpanId) : undefined;
      expect(box?.width).toBeGreaterThan(0);
      if (box && parent) {
        expect(box.x).toBeGreaterThanOrEqual(parent.x - 0.5);
        expect(box.depth).toBe(parent.depth + 1);
        expect(box.indent).toBeGreaterThan(parent.indent);
      }
    }
    const byName = (name: string) =>
      scenario.spans.find((s) => s.name === name && s.service === 'payment-service')?.spanId ?? '';
    const hop = page.locator(`.scenario--failed .wf-row[data-span-id="${byName('process orders')}"]`);
    expect(await hop.getAttribute('class')).toContain('kafka-consumer');
    expect(await hop.locator('.kafka-badge').textContent()).toMatch(/Kafka orders · from order-service/);
    expect(await hop.locator('.hop-line').count()).toBe(1);
    expect(await hop.locator('.broken-mark').textContent()).toMatch(/correlation lost/);
    expect(await page.locator('.scenario--failed .kafka-producer').count()).toBe(2);
    await hop
      .locator('.waterfall, :scope')
      .first()
      .screenshot({ path: join(screenshotDir, 'report-kafka-hop-row.png') });
    await page
      .locator('.scenario--failed .waterfall')
      .screenshot({ path: join(screenshotDir, 'report-waterfall.png') });
  });

  it('keeps the essentials without JavaScript', async () => {
    const page = await rb.open(fixture('failing'), { name: 'failing-nojs', javaScript: false });
    expect(await page.locator('#tools').isVisible()).toBe(false);
    expect(await page.locator('table.gates').isVisible()).toBe(true);
    expect(await page.locator('.hop--first-broken').isVisible()).toBe(true);
    expect(await page.locator('.scenario--failed .bar').first().isVisible()).toBe(true);
    await page.locator('details.gate[data-gate="contract-documents"] > summary').click();
    expect(await page.getByText('contracts/openapi.yaml is valid OpenAPI 3.1').isVisible()).toBe(false);
    await page.locator('details.gate[data-gate="contract-documents"] .passed-checks > summary').click();
    expect(await page.getByText('contracts/openapi.yaml is valid OpenAPI 3.1').isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'report-failing-nojs.png'), fullPage: true });
  });

  it('shows hostile markup as text and runs none of it, with every evidence kind rendered', async () => {
    const page = await rb.open(hostileReport(), { name: 'hostile' });
    await page.locator('main details:not([open]) > summary').evaluateAll((els) => {
      for (const el of els) (el as HTMLElement).click();
    });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe(`system ${payload}`);
    for (const text of [
      'KAFKA-ERR',
      'DIFF-MSG',
      'TEXT-EVIDENCE',
      'Invalid Kafka message · topic orders · partition 0 · offset 7',
    ]) {
      expect(await page.getByText(text).first().isVisible()).toBe(true);
    }
    expect(await page.locator('.copyable pre').textContent()).toContain(`curl -X POST 'http://127.0.0.1:1/`);
    await page.screenshot({ path: join(screenshotDir, 'report-hostile.png'), fullPage: true });
  });

  it('made no request to any network host and broke no content policy', async () => {
    // Everything the tests above loaded was recorded too.
    expect(rb.offHost).toEqual([]);
    expect(rb.consoleErrors).toEqual([]);
    const guard = await rb.newPage();
    await guard.setContent('<img src="http://example.invalid/guard-self-test.png">');
    await expect.poll(() => rb.offHost).toEqual(['http://example.invalid/guard-self-test.png']);
    rb.offHost.length = 0;
    rb.consoleErrors.length = 0;
    for (const name of ['passing', 'failing']) {
      const report = await rb.open(fixture(name), { name: `${name}-network` });
      await report.locator('main details:not([open]) > summary').evaluateAll((els) => {
        for (const el of els) (el as HTMLElement).click();
      });
    }
    expect(rb.offHost).toEqual([]);
    expect(rb.consoleErrors).toEqual([]);
  });
});
