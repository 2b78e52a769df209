import type { Namespace, UAObject } from 'node-opcua';
import { EXCEPTION_BASED, type Publisher } from './publisher.ts';

/** Synthetic tags for load tests: `count` Double variables changing every `samplingIntervalMs`. */
export interface ExtraTagsSpec {
  count: number;
  samplingIntervalMs: number;
}

/** Tags per Group_i folder: a client can browse the tree a folder at a time without huge responses. */
const BENCH_GROUP_SIZE = 1000;

/** Bench values are one-minute sines. */
const OMEGA = (2 * Math.PI) / 60_000;

/**
 * Objects/Bench/Group_i/Tag_j (NodeId ns=1;s=Bench.Group_i.Tag_j). Groups are numbered across all
 * specs, so each group holds tags of one rate only. Each value is a one-minute sine with its own
 * phase: one Math.sin per sample written, and every sample differs from the previous one, so a
 * subscription gets a notification per tag per interval. Returns the NodeIds per spec.
 */
export function addBenchNodes(
  namespace: Namespace,
  objectsFolder: UAObject,
  specs: readonly ExtraTagsSpec[],
  publisher: Publisher
): string[][] {
  const bench = namespace.addFolder(objectsFolder, { nodeId: 's=Bench', browseName: 'Bench', description: 'Synthetic load-test tags' });
  let group = 0;
  return specs.map(({ count, samplingIntervalMs }) => {
    const nodeIds: string[] = [];
    for (let first = 0; first < count; first += BENCH_GROUP_SIZE, group += 1) {
      const groupId = `Bench.Group_${group}`;
      const folder = namespace.addFolder(bench, { nodeId: `s=${groupId}`, browseName: `Group_${group}` });
      for (let j = 0; j < Math.min(BENCH_GROUP_SIZE, count - first); j += 1) {
        const id = `${groupId}.Tag_${j}`;
        const phase = first + j;
        const variable = namespace.addVariable({
          organizedBy: folder,
          nodeId: `s=${id}`,
          browseName: `Tag_${j}`,
          dataType: 'Double',
          accessLevel: 'CurrentRead',
          userAccessLevel: 'CurrentRead',
          minimumSamplingInterval: EXCEPTION_BASED,
        });
        publisher.add(samplingIntervalMs, variable, 'Double', (k) => 50 + 25 * Math.sin(OMEGA * k * samplingIntervalMs + phase));
        nodeIds.push(`ns=${namespace.index};s=${id}`);
      }
    }
    return nodeIds;
  });
}
