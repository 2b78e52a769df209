import { z } from 'zod';
import { agentCommandResponseSchema, agentCommandSchema } from '../agents/agent-commands.ts';
import { agentConfigSchema } from '../agents/agent-config.ts';
import { agentSchema, agentSettingsSchema } from '../agents/agent.ts';
import { enrollRequestSchema, enrollResponseSchema } from '../agents/enrollment.ts';

const agentId = z.string().min(1).max(64).describe('Agent id (from agents.list)');

export const listAgentsInput = z.object({});
export const listAgentsOutput = z.object({ agents: z.array(agentSchema) });

export const getAgentInput = z.object({ agentId });
export const getAgentOutput = z.object({ agent: agentSchema, desiredConfig: agentConfigSchema });

export const enrollAgentInput = z.object({
  name: z.string().trim().min(1).max(80).describe('A name people recognise, e.g. "Riverside line 1 gateway"'),
  description: z.string().max(500).optional(),
});
export const enrollAgentOutput = z.object({
  agent: agentSchema,
  enrollmentToken: z.string().describe('One-time token; give it to `facilflow-agent enroll --token`. Shown once.'),
  expiresAt: z.iso.datetime(),
  command: z.string().describe('The command to run at the plant'),
});

export const updateAgentConfigInput = z.object({ agentId, settings: agentSettingsSchema });
export const updateAgentConfigOutput = z.object({ agent: agentSchema, desiredConfig: agentConfigSchema });

export const commandAgentInput = z.object({
  agentId,
  request: agentCommandSchema,
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});
export const commandAgentOutput = z.object({ response: agentCommandResponseSchema });

export const revokeAgentInput = z.object({ agentId });
export const revokeAgentOutput = z.object({ agent: agentSchema });

// agents.redeemEnrollment: the token in the input is the caller's only credential and names its
// tenant, so the input has no tenant field (one sent anyway is dropped by the schema).
export const redeemEnrollmentInput = enrollRequestSchema;
export const redeemEnrollmentOutput = enrollResponseSchema;
