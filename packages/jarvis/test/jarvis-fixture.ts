import type { JarvisStreamEvent, Principal } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { startFakeAnthropic, type FakeAnthropic } from '@facilflow/testkit/fake-anthropic';
import { createJarvis, loadJarvisConfig, type Jarvis } from '@facilflow/jarvis';

export interface JarvisFixture {
  t: TestPlatform;
  tenant: TestTenant;
  fake: FakeAnthropic;
  jarvis: Jarvis;
  close(): Promise<void>;
}

/** The real platform, and Jarvis talking to the fake Messages API through ANTHROPIC_BASE_URL. */
export async function startJarvisFixture(env: Record<string, string> = {}): Promise<JarvisFixture> {
  const t = await createTestPlatform();
  const tenant = await t.createTenant('Jarvis Plant');
  const fake = await startFakeAnthropic();
  const jarvis = createJarvis({ runtime: t.runtime, config: loadJarvisConfig({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url, ...env }) });
  return {
    t,
    tenant,
    fake,
    jarvis,
    async close() {
      await fake.close();
      await t.close();
    },
  };
}

export async function newConversation(t: TestPlatform, principal: Principal): Promise<string> {
  const out = (await t.call(principal, 'conversations.create', {})) as { conversation: { id: string } };
  return out.conversation.id;
}

/** Sends one message and keeps every event Jarvis emitted for it. */
export async function ask(f: JarvisFixture, principal: Principal, conversationId: string, text: string, page?: object) {
  const events: JarvisStreamEvent[] = [];
  const answer = await f.jarvis.send(principal, conversationId, { text, ...(page ? { page } : {}) }, (event) => events.push(event));
  return { answer, events };
}

export const toolNames = (request: { body: { tools?: Array<{ name: string }> } }) => (request.body.tools ?? []).map((tool) => tool.name);
