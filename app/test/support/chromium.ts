import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export interface TestBrowser {
  page: Page;
  /** Uncaught page errors and console errors, for a test to expect none. */
  errors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, headless, in a scratch profile; the test fails (never skips) without it. */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; this test needs it (apt-get install chromium) and never skips`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'ff-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A page answered 404 on purpose (another tenant's approval) is logged by Chromium as a failed resource.
    if (message.type() === 'error' && !message.text().includes('status of 404')) errors.push(message.text());
  });
  return {
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the page's own form against the Auth emulator, as a person does. */
export async function signInThroughPage(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="auth-submit"]:not([disabled])');
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill(password);
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('signed-in-email').waitFor({ timeout: 20_000 });
}
