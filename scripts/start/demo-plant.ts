import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createJsonLogger, enroll, readIdentity, startAgent, type AgentIdentity, type RunningAgent } from '@facilflow/agent';
import type { Config } from '@facilflow/config';
import {
  enrollAgentOutput,
  listAlertRulesOutput,
  getAgentOutput,
  isFacilFlowError,
  listDataSourcesOutput,
  opcUaSourceSchema,
  type MeasurementSchemaDefinition,
} from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import { loadPlantModel, plantAlertRules, plantMeasurementSchemas, plantSource, startPlantSimulator, type PlantModel } from '@facilflow/simulator';
import { assertPortFree } from './auth-emulator.ts';
import { DEMO_PRODUCTION_LABEL } from './demo-policy.ts';

const AGENT_NAME = 'Riverside edge gateway (demo)';
const SOURCE_ID = 'riverside';
/**
 * The plant starts as if it had run 6.5 minutes, so Oven2's zone temperature begins to drift
 * 3.5 minutes after `npm start` (the model's fault is due at 10 minutes) and the quality
 * check, which first learns 200 s of steady signal, can call it a few minutes later.
 */
const PLANT_ELAPSED_AT_START_S = 390;

export interface DemoPlant {
  endpointUrl: string;
  agentId: string;
  tags: number;
  measurements: string[];
  stop(): Promise<void>;
}

/**
 * What a newcomer sees streaming: the shared demo plant played by the OPC UA simulator, its
 * measurement schemas registered, and an edge agent enrolled through the same HTTP endpoint
 * a plant's agent uses, reading the simulator and publishing to the embedded broker. Every
 * change goes through the operations registry as the demo's admin key, so it is audited.
 */
export async function startDemoPlant(config: Config, runtime: Runtime, serverUrl: string, apiKey: string): Promise<DemoPlant> {
  await assertPortFree('127.0.0.1', config.demo.opcuaPort, 'demo plant simulator', 'FACILFLOW_DEMO_OPCUA_PORT');
  const model = await loadPlantModel();
  const admin = await runtime.authenticate(apiKey);
  // The plant's measurements are its production lines': the demo policy holds pipelines that write to them.
  const schemas = plantMeasurementSchemas(model).map((schema) => ({ ...schema, labels: [DEMO_PRODUCTION_LABEL] }));
  for (const schema of schemas) await registerSchema(runtime, admin, schema);
  await ensureAlertRules(runtime, admin, model);

  const simulator = await startPlantSimulator({
    model,
    port: config.demo.opcuaPort,
    elapsedAtStartS: PLANT_ELAPSED_AT_START_S,
    dataDir: join(config.dataDir, 'demo-plant'),
  });
  let agent: RunningAgent | undefined;
  try {
    const dataDir = join(config.dataDir, 'demo-agent');
    const identity = await demoAgentIdentity(runtime, admin, serverUrl, dataDir);
    await ensureSource(runtime, admin, identity.agentId, plantSource(model, simulator.endpointUrl, { id: SOURCE_ID }));
    // Warnings and errors only: the agent's own status is on the /agents live channel and in agents.get.
    agent = await startAgent({ dataDir, identity, log: createJsonLogger({ level: 'warn' }) });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  const running = agent;
  return {
    endpointUrl: simulator.endpointUrl,
    agentId: running.identity.agentId,
    tags: model.tags.length,
    measurements: schemas.map((s) => s.measurement),
    async stop() {
      await running.stop();
      await simulator.stop();
    },
  };
}

/** Registers the schema, or makes a new version if the plant model changed it (nothing when it did not). */
async function registerSchema(runtime: Runtime, admin: Principal, schema: MeasurementSchemaDefinition): Promise<void> {
  try {
    await runtime.invoke(admin, 'system', 'schemas.create', schema);
  } catch (error) {
    if (!isFacilFlowError(error) || error.code !== 'CONFLICT') throw error;
    await runtime.invoke(admin, 'system', 'schemas.update', schema);
  }
}

/** The demo's alert rules on the plant's faults, by name: one a person changed is left as they left it; a missing one is created. */
async function ensureAlertRules(runtime: Runtime, admin: Principal, model: PlantModel): Promise<void> {
  const { rules } = listAlertRulesOutput.parse(await runtime.invoke(admin, 'system', 'alertRules.list', {}));
  const names = new Set(rules.map((rule) => rule.spec.name));
  for (const spec of plantAlertRules(model)) if (!names.has(spec.name)) await runtime.invoke(admin, 'system', 'alertRules.create', { spec });
}

/** The identity kept from an earlier start while its agent is still enrolled; otherwise a new enrolment. */
async function demoAgentIdentity(runtime: Runtime, admin: Principal, serverUrl: string, dataDir: string): Promise<AgentIdentity> {
  if (existsSync(join(dataDir, 'identity.json'))) {
    const kept = await readIdentity(dataDir);
    if (kept.tenantId === admin.tenantId && (await stillEnrolled(runtime, admin, kept.agentId))) return kept;
  }
  const { enrollmentToken } = enrollAgentOutput.parse(
    await runtime.invoke(admin, 'system', 'agents.enroll', { name: AGENT_NAME, description: 'Reads the demo plant simulator; started by npm start' }),
  );
  const { identity } = await enroll({ serverUrl, token: enrollmentToken, dataDir });
  return identity;
}

async function stillEnrolled(runtime: Runtime, admin: Principal, agentId: string): Promise<boolean> {
  try {
    const { agent } = getAgentOutput.parse(await runtime.invoke(admin, 'system', 'agents.get', { agentId }));
    return agent.state !== 'revoked';
  } catch (error) {
    // The database was wiped while the agent's data dir was kept: enrol again.
    if (isFacilFlowError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** The agent's demo source as the plant model says now (the simulator's port may have changed). */
async function ensureSource(runtime: Runtime, admin: Principal, agentId: string, source: ReturnType<typeof plantSource>): Promise<void> {
  const { dataSources } = listDataSourcesOutput.parse(await runtime.invoke(admin, 'system', 'dataSources.list', { agentId }));
  const existing = dataSources.find((d) => d.source.id === source.id);
  const name = 'Demo plant (OPC UA simulator)';
  if (!existing) await runtime.invoke(admin, 'system', 'dataSources.create', { agentId, name, source });
  else if (existing.source.endpointUrl !== source.endpointUrl || !isDeepStrictEqual(existing.source.tags, opcUaSourceSchema.parse(source).tags)) {
    // A new config version only when something changed: the agent re-subscribes on each one.
    await runtime.invoke(admin, 'system', 'dataSources.update', { id: existing.id, name, source });
  }
}
