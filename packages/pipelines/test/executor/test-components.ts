import { pipelineSpecSchema, type PipelineRow, type PipelineSpec, type PipelineSpecInput } from '@facilflow/contracts';
import { z } from 'zod';
import { findComponent } from '../../src/components/catalog.ts';
import { defineComponent, type ComponentDefinition } from '../../src/components/component.ts';
import type { ComponentServices } from '../../src/components/component-services.ts';

/** Test-only components, each doing one observable thing. */
export function testComponents() {
  const events: string[] = [];
  const attemptsByStage = new Map<string, number>();
  const concurrency = { active: 0, max: 0 };

  const emit = defineComponent({
    name: 'source.test-emit',
    category: 'source',
    title: 'Emit rows',
    description: 'Emits the configured rows.',
    config: z.object({ rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))).default([]) }),
    input: { kind: 'none', min: 0, max: 0 },
    output: { kind: 'rows' },
    modes: ['batch'],
    examples: [],
    run: async (context) => {
      events.push(`start:${context.stageId}`);
      await yieldTurns(3);
      events.push(`end:${context.stageId}`);
      return { rows: context.config.rows };
    },
  });

  /** Concatenates its inputs, adding `seenBy` so a row shows which stages it went through. */
  const pass = defineComponent({
    name: 'transform.test-pass',
    category: 'transform',
    title: 'Pass rows',
    description: 'Concatenates its inputs.',
    config: z.object({}),
    input: { kind: 'rows', min: 0, max: 16 },
    output: { kind: 'rows' },
    modes: ['batch'],
    examples: [],
    run: async (context, inputs) => {
      events.push(`start:${context.stageId}`);
      concurrency.active += 1;
      concurrency.max = Math.max(concurrency.max, concurrency.active);
      await yieldTurns(3);
      concurrency.active -= 1;
      events.push(`end:${context.stageId}`);
      return { rows: inputs.flatMap((input) => input.rows.map((row) => ({ ...row, seenBy: `${String(row.seenBy ?? '')}/${context.stageId}` }))) };
    },
  });

  /** Fails its first `failures` attempts, then passes its inputs on. */
  const flaky = defineComponent({
    name: 'transform.test-flaky',
    category: 'transform',
    title: 'Flaky',
    description: 'Fails a number of times before it succeeds.',
    config: z.object({ failures: z.number().int().min(0) }),
    input: { kind: 'rows', min: 0, max: 16 },
    output: { kind: 'rows' },
    modes: ['batch'],
    examples: [],
    run: (context, inputs) => {
      const attempts = (attemptsByStage.get(context.stageId) ?? 0) + 1;
      attemptsByStage.set(context.stageId, attempts);
      if (attempts <= context.config.failures) return Promise.reject(new Error(`attempt ${context.attempt} broke`));
      return Promise.resolve({ rows: inputs.flatMap((input) => input.rows) });
    },
  });

  /** Never settles and never looks at its signal: only the executor's race can end it. */
  const hang = defineComponent({
    name: 'transform.test-hang',
    category: 'transform',
    title: 'Hang',
    description: 'Never finishes.',
    config: z.object({}),
    input: { kind: 'rows', min: 0, max: 16 },
    output: { kind: 'rows' },
    modes: ['batch'],
    examples: [],
    run: (context) => {
      events.push(`start:${context.stageId}`);
      return new Promise(() => undefined);
    },
  });

  const components = new Map<string, ComponentDefinition>([emit, pass, flaky, hang].map((component): [string, ComponentDefinition] => [component.name, component]));
  const lookup = (name: string): ComponentDefinition | undefined => components.get(name) ?? findComponent(name);
  return { lookup, events, attemptsByStage, concurrency };
}

export function spec(stages: PipelineSpecInput['stages'], params: PipelineSpecInput['params'] = {}): PipelineSpec {
  return pipelineSpecSchema.parse({ name: 'test', triggers: [{ type: 'manual' }], params, stages });
}

export function rows(...values: number[]): PipelineRow[] {
  return values.map((value) => ({ value }));
}

/** Lets other promises run a few turns, so stages started together overlap. */
export async function yieldTurns(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Services no test stage reaches: a call fails the stage loudly. */
export const unusedServices: ComponentServices = {
  queryTimeSeries: () => Promise.reject(new Error('queryTimeSeries is not available in this test')),
  readPoints: () => Promise.reject(new Error('readPoints is not available in this test')),
  writeTimeSeries: () => Promise.reject(new Error('writeTimeSeries is not available in this test')),
  httpRequest: () => Promise.reject(new Error('httpRequest is not available in this test')),
  putObject: () => Promise.reject(new Error('putObject is not available in this test')),
  emitEvents: () => Promise.reject(new Error('emitEvents is not available in this test')),
  signPayload: () => {
    throw new Error('signPayload is not available in this test');
  },
};

export const RUN = { tenantId: 'tenant-a', pipelineId: 'pipe-1', version: 1 } as const;
