import type { PipelineSpecInput } from '@facilflow/contracts';
import { executeRun, type ExecuteRunOptions } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RUN, spec, testComponents, unusedServices } from '../executor/test-components.ts';

/** Runs stages through the executor with the test components beside the catalog. */
export async function runPipeline(stages: PipelineSpecInput['stages'], extra: Partial<ExecuteRunOptions> = {}, params: PipelineSpecInput['params'] = {}) {
  const components = testComponents();
  const recorder = new InMemoryRunRecorder();
  const outcome = await executeRun({ spec: spec(stages, params), run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, components: components.lookup, ...extra });
  const lastStep = (stageId: string) => recorder.getSteps('run-1').filter((step) => step.stageId === stageId).at(-1);
  return { outcome, recorder, components, lastStep };
}
