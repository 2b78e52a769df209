import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPlatform, freePort, type TestPlatform } from '@facilflow/testkit';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/facilflow-web.png';

let t: TestPlatform;
let server: FacilFlowServer;
let browser: BrowserContext;
let page: Page;
let userDataDir: string;
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; this test needs it (apt-get install chromium) and never skips`);
  }
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  userDataDir = mkdtempSync(join(tmpdir(), 'ff-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  browser.on('request', (request) => requested.push(request.url()));
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // The first phase of a destructive call answers 412 by design; Chromium logs every non-2xx response.
    const expected = message.text().includes('status of 412 (Precondition Failed)');
    if (message.type() === 'error' && !expected) pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  if (t) await rm(t.platform.config.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const testId = (id: string) => page.getByTestId(id);

describe('the web app in Chromium', () => {
  const email = `browser-${randomBytes(5).toString('hex')}@example.test`;
  const tenantName = `Plant ${randomBytes(3).toString('hex')}`;
  let secret = '';

  it('signs up a new account', async () => {
    await page.goto(server.url);
    // The submit button is enabled once React has hydrated the page; clicks before that would be lost.
    await page.waitForSelector('[data-testid="auth-submit"]:not([disabled])');
    await testId('auth-mode-toggle').click();
    await testId('auth-email').fill(email);
    await testId('auth-password').fill('correct-horse-battery');
    await testId('auth-submit').click();
    await expect.poll(() => testId('signed-in-email').textContent(), { timeout: 20_000 }).toBe(email);
  });

  it('creates a tenant and shows it', async () => {
    await testId('tenant-name-input').fill(tenantName);
    await testId('tenant-create-submit').click();
    await expect.poll(() => testId('tenant-name').textContent(), { timeout: 20_000 }).toBe(tenantName);
    expect(await testId('tenant-role').textContent()).toBe('owner');
    expect(await testId('tenant-slug').textContent()).toMatch(/^plant-[0-9a-f]{6}-/);
  });

  it('shows the new tenant\'s agents, quality issues and latest values, empty for now', async () => {
    await expect.poll(() => page.locator('section', { hasText: 'Edge agents' }).textContent(), { timeout: 20_000 }).toContain('No agent yet');
    expect(await page.locator('section', { hasText: 'Open data-quality issues' }).textContent()).toContain('No open issue.');
    expect(await page.locator('section', { hasText: 'Latest values' }).textContent()).toContain('No data yet.');
  });

  it('creates an API key, shows its secret once, and lists it', async () => {
    await testId('api-key-name-input').fill('Browser key');
    await testId('api-key-role-select').selectOption('service');
    await testId('api-key-create-submit').click();
    await testId('api-key-secret').waitFor({ timeout: 20_000 });
    secret = (await testId('api-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^ffk_[a-z0-9]{16}_[\w-]{43}$/);
    expect(await testId('mcp-endpoint').textContent()).toBe(`${t.platform.config.http.publicUrl}/mcp`);
    const row = page.locator('[data-testid="api-key-row"][data-key-name="Browser key"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('active');
    // The key is real: tRPC accepts it for this tenant.
    const answer = await fetch(`${server.url}/api/trpc/tenants.get?input=${encodeURIComponent('{}')}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(((await answer.json()) as { result: { data: { tenant: { name: string } } } }).result.data.tenant.name).toBe(tenantName);
  });

  it('shows the audit record of apiKeys.create', async () => {
    const record = page.locator('[data-testid="audit-row"][data-operation="apiKeys.create"]');
    await record.waitFor();
    expect(await record.textContent()).toContain('web');
    expect(await record.getAttribute('data-outcome')).toBe('ok');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('revokes the key after showing the plan, over tRPC with the ID token', async () => {
    const row = page.locator('[data-testid="api-key-row"][data-key-name="Browser key"]');
    await row.getByTestId('api-key-revoke').click();
    const confirmation = row.getByTestId('revoke-confirmation');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('Revoke API key "Browser key"');
    await confirmation.getByTestId('revoke-confirm').click();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('revoked');
    const record = page.locator('[data-testid="audit-row"][data-operation="apiKeys.revoke"][data-outcome="ok"]');
    await record.waitFor();
    expect(await record.textContent()).toContain('trpc');
  });

  it('keeps the session across a reload, without the secret', async () => {
    await page.reload();
    expect(await testId('tenant-name').textContent()).toBe(tenantName);
    expect(await testId('api-key-secret').count()).toBe(0);
  });

  it('signs out', async () => {
    await testId('sign-out').click();
    await testId('auth-email').waitFor({ timeout: 20_000 });
    await page.reload();
    await testId('auth-email').waitFor();
    expect(await testId('signed-in-email').count()).toBe(0);
  });

  it('fetched nothing from outside this machine and logged no errors', () => {
    const external = requested.filter((url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) && !url.startsWith('data:'));
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
