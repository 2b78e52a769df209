import type { OpcUaSource, SubscribedTag } from '@facilflow/contracts';
import { DataChangeFilter, DataChangeTrigger, DeadbandType, resolveNodeId, type MonitoringParametersOptions } from 'node-opcua-client';
import { bindTag, type TagBinding } from './tag-binding.ts';

/** One CreateMonitoredItems call: tags that share monitoring parameters, at most monitoredItemsPerCall of them. */
export interface MonitoringChunk {
  parameters: MonitoringParametersOptions;
  bindings: TagBinding[];
}

export interface MonitoringPlan {
  chunks: MonitoringChunk[];
  /** Tags whose nodeId does not even parse; they are never sent to the server. */
  invalid: { nodeId: string; error: string }[];
}

const MAX_QUEUE_SIZE = 1000;

/**
 * Groups the source's tags by (sampling interval, deadband, trigger), since the items of a chunk
 * share one set of monitoring parameters, and cuts each group into chunks of `monitoredItemsPerCall`.
 */
export function planMonitoring(source: OpcUaSource): MonitoringPlan {
  const groups = new Map<string, { parameters: MonitoringParametersOptions; bindings: TagBinding[] }>();
  const invalid: MonitoringPlan['invalid'] = [];
  for (const tag of source.tags) {
    try {
      resolveNodeId(tag.nodeId);
    } catch (e) {
      invalid.push({ nodeId: tag.nodeId, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const key = `${tag.samplingIntervalMs}|${tag.deadband?.type ?? ''}|${tag.deadband?.value ?? ''}|${tag.reportUnchanged === true}`;
    let group = groups.get(key);
    if (!group) {
      group = { parameters: monitoringParameters(tag, source.publishingIntervalMs), bindings: [] };
      groups.set(key, group);
    }
    group.bindings.push(bindTag(tag));
  }
  const chunks: MonitoringChunk[] = [];
  for (const { parameters, bindings } of groups.values()) {
    for (let i = 0; i < bindings.length; i += source.monitoredItemsPerCall) {
      chunks.push({ parameters, bindings: bindings.slice(i, i + source.monitoredItemsPerCall) });
    }
  }
  return { chunks, invalid };
}

function monitoringParameters(tag: SubscribedTag, publishingIntervalMs: number): MonitoringParametersOptions {
  return {
    samplingInterval: tag.samplingIntervalMs,
    // Room for every sample taken between two publishes (plus one for jitter): a tag sampled
    // faster than the subscription publishes would otherwise lose all but its latest value.
    queueSize: Math.min(MAX_QUEUE_SIZE, Math.ceil(publishingIntervalMs / Math.max(tag.samplingIntervalMs, 10)) + 1),
    discardOldest: true,
    filter: tag.reportUnchanged
      ? new DataChangeFilter({ trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None, deadbandValue: 0 })
      : tag.deadband
        ? new DataChangeFilter({
            trigger: DataChangeTrigger.StatusValue,
            deadbandType: tag.deadband.type === 'absolute' ? DeadbandType.Absolute : DeadbandType.Percent,
            deadbandValue: tag.deadband.value,
          })
        : null,
  };
}
