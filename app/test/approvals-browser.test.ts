import { isFacilFlowError, type Principal } from '@facilflow/contracts';
import { createJarvis, loadJarvisConfig } from '@facilflow/jarvis';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { startFakeAnthropic, toolResultsOf, type FakeAnthropic } from '@facilflow/testkit/fake-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';
import { launchChromium, signInThroughPage, type TestBrowser } from './support/chromium.ts';

const PASSWORD = 'correct-horse-battery';

let t: TestPlatform;
let fake: FakeAnthropic;
let server: FacilFlowServer;
let browser: TestBrowser;
let tenantA: TestTenant;

beforeAll(async () => {
  // Warnings only: the dev server logs every module request the page makes.
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_LOG_LEVEL: 'warn' });
  fake = await startFakeAnthropic();
  const jarvis = createJarvis({ runtime: t.runtime, config: loadJarvisConfig({ ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: fake.url }) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime, jarvis });
  tenantA = await t.createTenant('Approvals Plant');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  await t?.close();
});

const newPipeline = async (owner: Principal, name: string) =>
  ((await t.call(owner, 'templates.instantiate', { template: 'window-average-threshold', name })) as { pipeline: { id: string } }).pipeline.id;

const pipelineExists = (owner: Principal, id: string) =>
  t.call(owner, 'pipelines.get', { id }).then(
    () => true,
    (e: unknown) => (isFacilFlowError(e) && e.code === 'NOT_FOUND' ? false : Promise.reject(e)),
  );

/** A destructive call a model asked for over MCP with a key of the tenant: it waits for a person. */
async function askedOverMcp(tenantId: string, pipelineId: string): Promise<string> {
  const key = await t.runtime.authenticate(await t.apiKey(tenantId, 'admin'));
  const answer = await t.call(key, 'pipelines.delete', { id: pipelineId, mode: 'delete' }, 'mcp').then(
    () => null,
    (e: unknown) => e,
  );
  if (!isFacilFlowError(answer) || answer.code !== 'PENDING_APPROVAL') throw new Error(`expected PENDING_APPROVAL, got ${String(answer)}`);
  return String((answer.details as { approvalId: string }).approvalId);
}

describe('approvals in the web app, in Chromium', () => {
  const page = () => browser.page;
  const owner = () => tenantA.ownerPrincipal;
  let firstApprovalId = '';

  it('lists a request a model filed over MCP; the person approves it and the pipeline is deleted', async () => {
    const pipelineId = await newPipeline(owner(), 'Oven watch');
    firstApprovalId = await askedOverMcp(tenantA.tenantId, pipelineId);
    await signInThroughPage(page(), `${server.url}/approvals`, tenantA.owner.email, PASSWORD);
    const row = page().locator(`[data-testid="approval-row"][data-approval-id="${firstApprovalId}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('Delete pipeline "Oven watch"');
    expect(await row.getByTestId('approval-requester').textContent()).toContain('via mcp');
    expect(await page().getByTestId('pending-approvals-count').textContent()).toBe('1');
    await row.getByTestId('approval-link').click();
    await page().waitForURL(`**/approvals/${firstApprovalId}`);
    expect(JSON.parse((await page().getByTestId('approval-input').textContent()) ?? '')).toEqual({ id: pipelineId, mode: 'delete' });
    await page().waitForSelector('[data-testid="approval-approve"]:not([disabled])');
    await page().getByTestId('approval-approve').click();
    await expect.poll(() => page().getByTestId('approval-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('applied');
    expect(await pipelineExists(owner(), pipelineId)).toBe(false);
    expect(await page().getByTestId('pending-approvals-count').textContent()).toBe('0');
    await page().screenshot({ path: '/tmp/facilflow-approval.png', fullPage: true });
  });

  it('a rejected request shows rejected with the reason, and nothing is applied', async () => {
    const pipelineId = await newPipeline(owner(), 'Press watch');
    const approvalId = await askedOverMcp(tenantA.tenantId, pipelineId);
    await page().goto(`${server.url}/approvals/${approvalId}`);
    await page().waitForSelector('[data-testid="approval-reject"]:not([disabled])');
    await page().getByTestId('approval-reason').fill('Still needed on line 2');
    await page().getByTestId('approval-reject').click();
    await expect.poll(() => page().getByTestId('approval-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('rejected');
    expect(await page().getByTestId('approval-outcome').textContent()).toContain('Still needed on line 2');
    expect(await pipelineExists(owner(), pipelineId)).toBe(true);
  });

  it('Jarvis proposes deleting a pipeline; the card shows the plan, the person approves it there and it is applied', async () => {
    const pipelineId = await newPipeline(owner(), 'Kiln watch');
    fake.script([
      { blocks: [{ type: 'tool_use', name: 'find_tools', input: { query: 'delete pipeline' } }] },
      { blocks: [{ type: 'tool_use', name: 'pipelines_delete', input: { id: pipelineId, mode: 'delete' } }] },
      (request) => {
        expect(toolResultsOf(request)[0]?.content).toContain('AWAITING_APPROVAL');
        return { blocks: [{ type: 'text', text: 'Deleting "Kiln watch" awaits your approval.' }] };
      },
    ]);
    await page().goto(`${server.url}/jarvis`);
    await page().getByTestId('jarvis-new-conversation').click();
    await page().waitForSelector('[data-testid="jarvis-send"]:not([disabled])');
    await page().getByTestId('jarvis-input').fill('Delete the Kiln watch pipeline');
    await page().getByTestId('jarvis-send').click();
    const card = page().getByTestId('jarvis-proposal');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('jarvis-proposal-plan').textContent()).toContain('Delete pipeline "Kiln watch"');
    await page().locator('[data-testid="jarvis-answer"][data-finished="true"]').waitFor({ timeout: 30_000 });
    expect(await page().getByTestId('jarvis-answer-text').textContent()).toBe('Deleting "Kiln watch" awaits your approval.');
    expect(await page().getByTestId('jarvis-receipt').textContent()).toContain('pipelines.delete');
    expect(await pipelineExists(owner(), pipelineId)).toBe(true);
    await card.getByTestId('approval-approve').click();
    await expect.poll(() => card.getByTestId('approval-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('applied');
    expect(await pipelineExists(owner(), pipelineId)).toBe(false);
    await card.screenshot({ path: '/tmp/facilflow-jarvis-card.png' });
  });

  it('a person of another tenant opening the approval URL gets not found, and nothing of it', async () => {
    const tenantB = await t.createTenant('Other Plant');
    await page().getByTestId('sign-out').click();
    // Signed out once the server has cleared the session and the page shows the sign-in form.
    await page().getByTestId('auth-email').waitFor({ timeout: 20_000 });
    await signInThroughPage(page(), `${server.url}/approvals`, tenantB.owner.email, PASSWORD);
    const answer = await page().goto(`${server.url}/approvals/${firstApprovalId}`);
    expect(answer?.status()).toBe(404);
    expect(await page().getByTestId('page-error').textContent()).toContain('404');
    expect(await page().content()).not.toContain('Oven watch');
    expect(browser.errors).toEqual([]);
  });
});
