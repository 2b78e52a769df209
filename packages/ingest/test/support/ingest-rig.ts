import type { EnrollResponse } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { connectAgentClient } from '@facilflow/testkit/agent-client';
import type { MqttClient } from 'mqtt';
import { attachIngest, type AttachedIngest, type AttachIngestOptions } from '../../src/index.ts';
import { enrollAgent } from './agents.ts';

export interface IngestRig {
  t: TestPlatform;
  tenant: TestTenant;
  attached: AttachedIngest;
  agent: EnrollResponse;
  /** The agent's own MQTT connection, as a plant's gateway would hold it. */
  client: MqttClient;
  close(): Promise<void>;
}

/**
 * What most ingest suites stand on: a real platform (config overrides in `env`), one tenant
 * with one measurement schema, ingest attached to the embedded broker, and an enrolled agent
 * connected with its own credentials.
 */
export async function startIngestRig(options: {
  tenantName: string;
  agentName: string;
  schema: unknown;
  ingest: AttachIngestOptions;
  env?: Record<string, string>;
}): Promise<IngestRig> {
  const t = await createTestPlatform(options.env);
  const tenant = await t.createTenant(options.tenantName);
  await t.call(tenant.ownerPrincipal, 'schemas.create', options.schema);
  const attached = await attachIngest(t.platform, options.ingest);
  const agent = await enrollAgent(t.call, t.platform.services, tenant.ownerPrincipal, options.agentName);
  const client = await connectAgentClient(agent);
  return {
    t,
    tenant,
    attached,
    agent,
    client,
    async close() {
      await client.endAsync(true);
      await attached.close();
      await t.close();
    },
  };
}
