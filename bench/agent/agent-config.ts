import type { agentConfigSchema } from '@facilflow/contracts';
import type { z } from 'zod';
import type { BenchOptions } from './options.ts';
import type { ShardReady } from './shards.ts';

type ConfigInput = z.input<typeof agentConfigSchema>;
type TagInput = ConfigInput['sources'][number]['tags'][number];

/**
 * One data source per simulator shard, every bench tag mapped to the `bench` measurement with its
 * shard, group and tag number as tags. Everything else — publishing interval, batch limits, buffer —
 * is the agent's default, since the defaults are what a plant gets.
 */
export function benchAgentConfig(shards: readonly ShardReady[], sampling: BenchOptions['sampling']): ConfigInput {
  const tag = (shard: number, nodeId: string, rateMs: number): TagInput => {
    const [, group = '', index = ''] = /Group_(\d+)\.Tag_(\d+)$/.exec(nodeId) ?? [];
    return { nodeId, measurement: 'bench', field: 'value', tags: { shard: String(shard), group, tag: index }, samplingIntervalMs: sampling === 'exception' ? 0 : rateMs };
  };
  return {
    version: 1,
    // Once a second: the benchmark reads the agent's own rates and backlog from them.
    heartbeatIntervalMs: 1000,
    sources: shards.map((shard, i) => ({
      id: `shard_${i}`,
      kind: 'opcua',
      endpointUrl: shard.endpointUrl,
      tags: [...shard.slow.map((nodeId) => tag(i, nodeId, 1000)), ...shard.fast.map((nodeId) => tag(i, nodeId, 100))],
    })),
  };
}
