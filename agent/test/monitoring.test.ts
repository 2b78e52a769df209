import { opcUaSourceSchema } from '@facilflow/contracts';
import type { DataChangeFilter} from 'node-opcua-client';
import { DataChangeTrigger, DeadbandType } from 'node-opcua-client';
import { describe, expect, it } from 'vitest';
import { planMonitoring } from '../src/opcua/monitoring.ts';

const tag = (nodeId: string, extra: Record<string, unknown> = {}) => ({ nodeId, measurement: 'oven', field: nodeId.replace(/\W/g, '_'), samplingIntervalMs: 1000, ...extra });

describe('monitoring plan', () => {
  it('groups tags by sampling interval, deadband and trigger, in pages of monitoredItemsPerCall', () => {
    const source = opcUaSourceSchema.parse({
      id: 'plc',
      kind: 'opcua',
      endpointUrl: 'opc.tcp://plc:4840',
      monitoredItemsPerCall: 2,
      tags: [
        tag('ns=1;s=a'),
        tag('ns=1;s=b'),
        tag('ns=1;s=c'),
        tag('ns=1;s=flat', { reportUnchanged: true }),
        tag('ns=1;s=noisy', { deadband: { type: 'absolute', value: 0.5 } }),
        tag('not a node id'),
      ],
    });
    const plan = planMonitoring(source);
    expect(plan.invalid).toEqual([expect.objectContaining({ nodeId: 'not a node id' })]);
    expect(plan.chunks.map((c) => c.bindings.length)).toEqual([2, 1, 1, 1]);

    const filterOf = (nodeId: string) => plan.chunks.find((c) => c.bindings.some((b) => b.nodeId === nodeId))?.parameters.filter;
    expect(filterOf('ns=1;s=a')).toBeNull();
    // Every sample, changed or not: a flat signal stays visible as flat.
    const flat = filterOf('ns=1;s=flat') as DataChangeFilter;
    expect(flat.trigger).toBe(DataChangeTrigger.StatusValueTimestamp);
    expect(flat.deadbandType).toBe(DeadbandType.None);
    const noisy = filterOf('ns=1;s=noisy') as DataChangeFilter;
    expect([noisy.trigger, noisy.deadbandType, noisy.deadbandValue]).toEqual([DataChangeTrigger.StatusValue, DeadbandType.Absolute, 0.5]);
  });
});
