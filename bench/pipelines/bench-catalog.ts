import type { PipelineSpecInput } from '@facilflow/contracts';
import { catalogPipelineEngine } from '@facilflow/core';
import { COMPONENTS } from '@facilflow/pipelines';
import type { BenchPlatform } from '../lib/bench-platform.ts';
import { noopComponent } from './noop-component.ts';
import { waitComponent } from './wait-component.ts';

/** The component library plus the bench's no-op and wait stages, composed into the services as a deployment composes its catalog. */
export const benchPipelineEngine = catalogPipelineEngine([...COMPONENTS, noopComponent, waitComponent]);

/** The runtime holds its own copy of the services: both get the bench's catalog. */
export function useBenchCatalog(bench: BenchPlatform): void {
  bench.platform.services.pipelineEngine = benchPipelineEngine;
  bench.runtime.services.pipelineEngine = benchPipelineEngine;
}

/** Created and published through the registry on the bench tenant; its id. */
export async function publishBenchPipeline(bench: BenchPlatform, spec: PipelineSpecInput): Promise<string> {
  const invoke = (name: string, input: unknown) => bench.runtime.invoke(bench.admin, 'system', name, input);
  const created = (await invoke('pipelines.create', { spec })) as { pipeline: { id: string }; problems: unknown[] };
  if (created.problems.length > 0) throw new Error(`"${spec.name}" does not validate: ${JSON.stringify(created.problems)}`);
  await invoke('pipelines.publish', { id: created.pipeline.id, note: 'bench' });
  return created.pipeline.id;
}
