import type { PipelineSpec } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { subPipelineComponent } from '../../src/components/control/sub-pipeline.ts';
import type { SubPipelineRef, SubPipelineResolver } from '../../src/executor/sub-pipeline-resolver.ts';
import { spec } from '../executor/test-components.ts';
import { runPipeline } from './run-pipeline.ts';

/** Published specs by tenant, pipeline and version, as the database would hold them. */
class PublishedSpecs implements SubPipelineResolver {
  readonly asked: SubPipelineRef[] = [];
  constructor(private readonly specs: Record<string, PipelineSpec>) {}
  resolve(ref: SubPipelineRef): Promise<{ spec: PipelineSpec; version: number } | null> {
    this.asked.push(ref);
    const version = ref.version === 'latest' ? 2 : ref.version;
    const found = this.specs[`${ref.tenantId}/${ref.pipelineId}/${version}`];
    return Promise.resolve(found ? { spec: found, version } : null);
  }
}

const doubler = spec(
  [
    { id: 'rows', use: 'control.input' },
    { id: 'keep', use: 'control.conditional', with: { condition: { column: 'value', op: 'gte', value: 2 } }, needs: ['rows'] },
    { id: 'done', use: 'control.return', needs: ['keep.true'] },
    { id: 'never', use: 'transform.test-flaky', with: { failures: 1 }, needs: ['done'] },
  ],
  { factor: { type: 'number' } },
);
const broken = spec([{ id: 'rows', use: 'control.input' }, { id: 'boom', use: 'transform.test-flaky', with: { failures: 9 }, needs: ['rows'] }]);

describe('control.sub-pipeline', () => {
  it('accepts its example and defaults to the latest version', () => {
    for (const example of subPipelineComponent.examples) expect(subPipelineComponent.config.safeParse(example.with).success).toBe(true);
    expect(subPipelineComponent.config.parse({ pipelineId: 'x' }).version).toBe('latest');
  });

  it("runs the tenant's published pipeline on its input and outputs the sub-pipeline's result", async () => {
    const resolver = new PublishedSpecs({ 'tenant-a/keep-big/2': doubler });
    const { outcome } = await runPipeline(
      [
        { id: 'src', use: 'source.test-emit', with: { rows: [{ value: 1 }, { value: 2 }, { value: 3 }] } },
        { id: 'sub', use: 'control.sub-pipeline', with: { pipelineId: 'keep-big', params: { factor: 2 } }, needs: ['src'] },
      ],
      { subPipelines: resolver },
    );
    expect(outcome.status).toBe('succeeded');
    expect(outcome.result).toEqual([{ value: 2 }, { value: 3 }]);
    expect(resolver.asked).toEqual([{ tenantId: 'tenant-a', pipelineId: 'keep-big', version: 'latest' }]);
  });

  it("does not find another tenant's pipeline, and fails without retrying", async () => {
    const resolver = new PublishedSpecs({ 'tenant-b/keep-big/1': doubler });
    const { outcome, recorder } = await runPipeline(
      [{ id: 'sub', use: 'control.sub-pipeline', with: { pipelineId: 'keep-big', version: 1, params: { factor: 2 } }, errorPolicy: { retries: 2, backoff: { type: 'fixed', delayMs: 0, maxDelayMs: 0 } } }],
      { subPipelines: resolver },
    );
    expect(outcome.error).toMatchObject({ code: 'not_found', path: ['stages', 0] });
    expect(recorder.getSteps('run-1')).toHaveLength(1);
  });

  it('fails with the path into the sub-pipeline, and on a param the sub-pipeline lacks', async () => {
    const resolver = new PublishedSpecs({ 'tenant-a/broken/1': broken, 'tenant-a/keep-big/1': doubler });
    const failing = await runPipeline([{ id: 'sub', use: 'control.sub-pipeline', with: { pipelineId: 'broken', version: 1 } }], { subPipelines: resolver });
    expect(failing.outcome.error).toMatchObject({ path: ['stages', 0, 'stages', 1] });
    const missingParam = await runPipeline([{ id: 'sub', use: 'control.sub-pipeline', with: { pipelineId: 'keep-big', version: 1 } }], { subPipelines: resolver });
    expect(missingParam.outcome.error).toMatchObject({ path: ['stages', 0, 'params', 'factor'] });
  });

  it('stops a pipeline that runs itself at the nesting limit', async () => {
    const recursive = spec([{ id: 'again', use: 'control.sub-pipeline', with: { pipelineId: 'loop', version: 1 } }]);
    const { outcome } = await runPipeline(recursive.stages, { subPipelines: new PublishedSpecs({ 'tenant-a/loop/1': recursive }) });
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('nesting_too_deep');
  });
});
