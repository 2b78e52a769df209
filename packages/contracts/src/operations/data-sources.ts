import { z } from 'zod';
import { opcUaSourceSchema } from '../agents/agent-config.ts';
import { dataSourceSchema } from '../agents/agent.ts';

const id = z.string().min(1).max(64).describe('Data source id (from dataSources.list)');

export const listDataSourcesInput = z.object({ agentId: z.string().optional().describe('Only this agent\'s sources') });
export const listDataSourcesOutput = z.object({ dataSources: z.array(dataSourceSchema) });

export const getDataSourceInput = z.object({ id });
export const getDataSourceOutput = z.object({ dataSource: dataSourceSchema });

export const createDataSourceInput = z.object({
  agentId: z.string().min(1).describe('The agent that will read this endpoint'),
  name: z.string().trim().min(1).max(80),
  source: opcUaSourceSchema,
});
export const createDataSourceOutput = z.object({ dataSource: dataSourceSchema });

export const updateDataSourceInput = z.object({ id, name: z.string().trim().min(1).max(80).optional(), source: opcUaSourceSchema });
export const updateDataSourceOutput = z.object({ dataSource: dataSourceSchema });

export const deleteDataSourceInput = z.object({ id });
export const deleteDataSourceOutput = z.object({ deleted: z.literal(true) });
