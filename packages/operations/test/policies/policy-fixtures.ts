import { isFacilFlowError, type Front, type Principal } from '@facilflow/contracts';
import type { TestPlatform } from '@facilflow/testkit';

/** A measurement labelled `production` and one that is not, registered as an owner registers them. */
export const PRODUCTION_MEASUREMENT = 'line_output';
export const LAB_MEASUREMENT = 'lab_output';

export async function registerLabelledMeasurements(t: TestPlatform, owner: Principal): Promise<void> {
  const definition = (measurement: string, labels: string[]) => ({ measurement, fields: [{ name: 'units', type: 'number' }], requiredTags: [], labels });
  await t.call(owner, 'schemas.create', definition(PRODUCTION_MEASUREMENT, ['production', 'line1']));
  await t.call(owner, 'schemas.create', definition(LAB_MEASUREMENT, ['lab']));
}

/** A spec of the component library whose one sink writes to `measurement`. */
export const writingSpec = (measurement: string) => ({
  name: `writes ${measurement} ${Math.random().toString(36).slice(2, 10)}`,
  triggers: [{ type: 'manual' }],
  stages: [
    { id: 'read', use: 'source.timeseries-query', with: { sql: 'SELECT time, machine, units FROM oven' } },
    { id: 'store', use: 'sink.timeseries-write', with: { measurement, tags: ['machine'], fields: ['units'] }, needs: ['read'] },
  ],
});

/** A draft pipeline whose sink writes to `measurement`, created by the tenant's owner. */
export async function writingDraft(t: TestPlatform, owner: Principal, measurement: string): Promise<string> {
  const out = (await t.call(owner, 'pipelines.create', { spec: writingSpec(measurement) })) as { pipeline: { id: string } };
  return out.pipeline.id;
}

/** An agent whose data source feeds `measurement`. */
export async function agentFeeding(t: TestPlatform, owner: Principal, measurement: string): Promise<string> {
  const { agent } = (await t.call(owner, 'agents.enroll', { name: `agent ${Math.random().toString(36).slice(2, 10)}` })) as { agent: { id: string } };
  const source = {
    id: `plc_${Math.random().toString(36).slice(2, 10)}`,
    kind: 'opcua',
    endpointUrl: 'opc.tcp://127.0.0.1:4840',
    tags: [{ nodeId: 'ns=1;s=Line.Units', measurement, field: 'units', tags: { line: 'line1' } }],
  };
  await t.call(owner, 'dataSources.create', { agentId: agent.id, name: `src ${source.id}`, source });
  return agent.id;
}

export interface Refusal {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** The call's outcome as a code (`ok` when it succeeded), with the refusal's message and details. */
export async function outcomeOf(t: TestPlatform, principal: Principal, operation: string, input: unknown, via: Front = 'trpc'): Promise<Refusal> {
  return t.runtime.invoke(principal, via, operation, input).then(
    () => ({ code: 'ok', message: '', details: {} }),
    (error: unknown) => {
      if (!isFacilFlowError(error)) throw error;
      return { code: error.code, message: error.message, details: (error.details ?? {}) as Record<string, unknown> };
    },
  );
}
