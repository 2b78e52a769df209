import { z } from 'zod';

/** People's roles, most to least powerful. */
export const HUMAN_ROLES = ['owner', 'admin', 'engineer', 'operator', 'viewer'] as const;
/** Machine actors: edge agents and automation holding API keys. */
export const MACHINE_ROLES = ['agent', 'service'] as const;
export const ROLES = [...HUMAN_ROLES, ...MACHINE_ROLES] as const;

export const roleSchema = z.enum(ROLES);
export const humanRoleSchema = z.enum(HUMAN_ROLES);
/** An API key may carry any role but owner (ownership stays with a person) or agent (agents enrol). */
export const apiKeyRoleSchema = z.enum(['admin', 'engineer', 'operator', 'viewer', 'service']);

export type Role = z.infer<typeof roleSchema>;
export type HumanRole = z.infer<typeof humanRoleSchema>;
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;
