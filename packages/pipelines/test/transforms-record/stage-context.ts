import { expect } from 'vitest';
import type { PipelineRow } from '@facilflow/contracts';
import type { z } from 'zod';
import type { ComponentDefinition, ComponentServices, ParamValue, StageContext, StageOutput } from '../../src/index.ts';

const unusedServices: ComponentServices = {
  queryTimeSeries: () => Promise.reject(new Error('a record transform reads no store')),
  readPoints: () => Promise.reject(new Error('a record transform reads no store')),
  writeTimeSeries: () => Promise.reject(new Error('a record transform writes no store')),
  httpRequest: () => Promise.reject(new Error('a record transform makes no request')),
  putObject: () => Promise.reject(new Error('a record transform stores no object')),
  emitEvents: () => Promise.reject(new Error('a record transform emits no event')),
  signPayload: () => {
    throw new Error('a record transform signs nothing');
  },
};

export interface TestStage<Schema extends z.ZodType> {
  context: StageContext<z.output<Schema>>;
  logs: { message: string; data?: Record<string, unknown> }[];
}

/** A stage context for one component, its config parsed by the component's own schema as the executor would. */
export function stageFor<Schema extends z.ZodType>(
  component: ComponentDefinition<Schema>,
  config: unknown,
  options: { params?: Record<string, ParamValue>; vars?: Map<string, ParamValue | null> } = {},
): TestStage<Schema> {
  const logs: TestStage<Schema>['logs'] = [];
  const context: StageContext<z.output<Schema>> = {
    config: component.config.parse(config),
    tenantId: 'tenant-a',
    pipelineId: 'pipeline-1',
    runId: 'run-1',
    stageId: 'stage',
    attempt: 1,
    params: options.params ?? {},
    range: null,
    vars: options.vars ?? new Map(),
    services: unusedServices,
    signal: new AbortController().signal,
    log: (message, data) => logs.push({ message, data }),
  };
  return { context, logs };
}

export async function runBatch<Schema extends z.ZodType>(component: ComponentDefinition<Schema>, stage: TestStage<Schema>, rows: PipelineRow[]): Promise<StageOutput> {
  if (component.run === undefined) throw new Error(`${component.name} has no batch run`);
  return component.run(stage.context, [{ ref: 'upstream', rows }]);
}

/** Feeds the rows to the stream operator in two deliveries and joins what it emitted. */
export async function runStream<Schema extends z.ZodType>(component: ComponentDefinition<Schema>, stage: TestStage<Schema>, rows: PipelineRow[]): Promise<StageOutput> {
  if (component.stream === undefined) throw new Error(`${component.name} has no stream operator`);
  const operator = component.stream(stage.context, null);
  const half = Math.ceil(rows.length / 2);
  const outputs = [await operator.process('upstream', rows.slice(0, half)), await operator.process('upstream', rows.slice(half)), await operator.advance(Number.MAX_SAFE_INTEGER)];
  expect(operator.snapshot()).toBeNull();
  const ports: Record<string, PipelineRow[]> = {};
  for (const output of outputs) for (const [port, portRows] of Object.entries(output.ports ?? {})) ports[port] = [...(ports[port] ?? []), ...portRows];
  return { rows: outputs.flatMap((output) => output.rows), ports };
}
