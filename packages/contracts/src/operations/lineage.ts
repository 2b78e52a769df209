import { z } from 'zod';
import { lineageDirectionSchema, lineageEdgeSchema, lineageNodeIdSchema, lineageNodeSchema } from '../lineage/lineage.ts';

export const lineageGraphInput = z.object({
  nodeId: lineageNodeIdSchema,
  direction: lineageDirectionSchema.default('both').describe('upstream: where it comes from; downstream: where it goes; both'),
  depth: z.number().int().min(1).max(10).default(3).describe('How many hops to follow (1..10)'),
  limit: z.number().int().min(1).max(5000).default(1000).describe('Most nodes returned, nearest first'),
});
export const lineageGraphOutput = z.object({
  root: lineageNodeSchema,
  nodes: z.array(
    lineageNodeSchema.extend({
      /** Hops from the root (0 for the root). */
      depth: z.number().int().nonnegative(),
      direction: z.enum(['root', 'upstream', 'downstream']),
    }),
  ),
  edges: z.array(lineageEdgeSchema),
  /** More nodes were reachable than `limit`. */
  truncated: z.boolean(),
});
