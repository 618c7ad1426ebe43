import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { renderHtmlReport } from '../src/report/html/index.ts';
import type { VerifyReport } from '../src/report/types.ts';

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Where the report tests leave their screenshots (gitignored with reports/). */
export const screenshotDir = resolve(import.meta.dirname, '../../reports/screenshots');

/** A headless Chromium plus a scratch folder for rendered reports, and every non-local request it saw. */
export interface ReportBrowser {
  readonly browser: Browser;
  readonly offHost: string[];
  /** Console errors, which include Content-Security-Policy violations (blocked loads never reach the router). */
  readonly consoleErrors: string[];
  newPage(options?: { readonly javaScript?: boolean }): Promise<Page>;
  open(report: VerifyReport, options: { readonly name: string; readonly javaScript?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'file:' || protocol === 'data:' || protocol === 'about:' || hostname === '127.0.0.1';
}

/** Launches Debian's Chromium; every request is routed through a guard that records and aborts non-local ones. */
export async function launchReportBrowser(): Promise<ReportBrowser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-report-'));
  mkdirSync(screenshotDir, { recursive: true });
  const offHost: string[] = [];
  const consoleErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  const newPage = async ({ javaScript = true }: { readonly javaScript?: boolean } = {}) => {
    const context = await browser.newContext({
      javaScriptEnabled: javaScript,
      viewport: { width: 1400, height: 1000 },
    });
    contexts.push(context);
    await context.route('**', async (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      offHost.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    return page;
  };
  return {
    browser,
    offHost,
    consoleErrors,
    newPage,
    async open(report, { name, javaScript = true }) {
      const file = join(dir, `${name}.html`);
      writeFileSync(file, renderHtmlReport(report));
      const page = await newPage({ javaScript });
      await page.goto(pathToFileURL(file).href);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
