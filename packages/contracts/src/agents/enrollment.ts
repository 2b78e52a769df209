import { z } from 'zod';

/** What an agent posts to the server's enrolment endpoint, once. */
export const enrollRequestSchema = z.object({
  token: z.string().min(20).max(256),
  hostname: z.string().max(255).optional(),
  version: z.string().max(64).optional(),
});

/** What it gets back and keeps in its data dir: credentials good only for its own topics. */
export const enrollResponseSchema = z.object({
  tenantId: z.string(),
  agentId: z.string(),
  mqtt: z.object({
    url: z.string(),
    clientId: z.string(),
    username: z.string(),
    password: z.string(),
    protocolVersion: z.union([z.literal(4), z.literal(5)]),
  }),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;
