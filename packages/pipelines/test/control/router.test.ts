import { describe, expect, it } from 'vitest';
import { routerComponent } from '../../src/components/control/router.ts';
import { runPipeline } from './run-pipeline.ts';

const rows = [{ machine: 'Oven1' }, { machine: 'Press1' }, { machine: 'Oven2' }, { machine: 'Robot1' }, { other: 1 }];

describe('control.router', () => {
  it('accepts its example, names its ports, and refuses the reserved route names', () => {
    const example = routerComponent.config.parse(routerComponent.examples[0]?.with);
    expect(routerComponent.output.extra?.(example as never)).toEqual(['ovens', 'presses', 'default']);
    expect(routerComponent.config.safeParse({ column: 'machine', routes: { default: ['x'] } }).success).toBe(false);
    expect(routerComponent.config.safeParse({ column: 'machine', routes: {} }).success).toBe(false);
  });

  it('routes rows by column value to the first route listing it, the rest to default, and skips an empty route', async () => {
    const { outcome, lastStep } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows } },
      { id: 'route', use: 'control.router', with: { column: 'machine', routes: { ovens: ['Oven1', 'Oven2'], presses: ['Press1', 'Oven1'], mixers: ['Mixer1'] } }, needs: ['src'] },
      { id: 'ovens', use: 'transform.test-pass', needs: ['route.ovens'] },
      { id: 'presses', use: 'transform.test-pass', needs: ['route.presses'] },
      { id: 'mixers', use: 'transform.test-pass', needs: ['route.mixers'] },
      { id: 'others', use: 'transform.test-pass', needs: ['route.default'] },
    ]);
    expect(outcome.status).toBe('succeeded');
    expect(lastStep('ovens')?.inputSample).toEqual([rows[0], rows[2]]);
    expect(lastStep('presses')?.inputSample).toEqual([rows[1]]);
    expect(lastStep('others')?.inputSample).toEqual([rows[3], rows[4]]);
    expect(outcome.stages.mixers).toBe('skipped');
  });
});
