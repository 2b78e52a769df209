import type { PipelineProblem, PipelineStage, PipelineTrigger } from '@facilflow/contracts';
import type { ComponentDefinition, ExecutionMode } from '../components/component.ts';

const modeOf = (trigger: PipelineTrigger): ExecutionMode => (trigger.type === 'stream' ? 'stream' : 'batch');

/**
 * A stream trigger runs every stage incrementally and a cron, manual or webhook trigger runs them
 * as a batch, so each stage's component must support the modes its triggers ask for, and a stream
 * pipeline must start from a stage that reads the stream.
 */
export function checkTriggers(
  triggers: readonly { index: number; trigger: PipelineTrigger }[],
  stages: readonly { index: number; stage: PipelineStage; component: ComponentDefinition }[],
  /** Every stage parsed and resolved, so a missing stream source is a fact rather than a guess. */
  complete: boolean,
  problems: PipelineProblem[],
): void {
  const modes = new Map<ExecutionMode, number>();
  for (const { index, trigger } of triggers) if (!modes.has(modeOf(trigger))) modes.set(modeOf(trigger), index);
  for (const [mode, triggerIndex] of modes) {
    for (const { index, stage, component } of stages) {
      if (component.modes.includes(mode)) continue;
      problems.push({
        code: 'trigger_incompatible',
        path: ['stages', index, 'use'],
        message: `stage "${stage.id}" uses ${component.name}, which runs only in ${component.modes.join(' and ')} mode, but trigger ${triggerIndex} (${triggers.find((entry) => entry.index === triggerIndex)?.trigger.type}) runs the pipeline in ${mode} mode`,
        hint: mode === 'stream' ? 'use a stream-capable component, or trigger the pipeline by cron, manual or webhook' : 'use a batch-capable component, or trigger the pipeline by a stream trigger',
      });
    }
  }
  const streamTrigger = modes.get('stream');
  if (streamTrigger === undefined || !complete) return;
  const streamSources = stages.filter(({ stage, component }) => stage.needs.length === 0 && component.category === 'source' && component.modes.includes('stream'));
  if (streamSources.length === 0) {
    problems.push({
      code: 'trigger_incompatible',
      path: ['triggers', streamTrigger],
      message: 'a stream trigger feeds the pipeline through a stream source, and this pipeline has none',
      hint: 'start the pipeline with a source that runs in stream mode, e.g. the live stream source',
    });
  }
}
