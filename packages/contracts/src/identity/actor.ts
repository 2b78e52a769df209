import { z } from 'zod';

// `agent`: an edge agent's own endpoint (enrolment), `webhook`: a pipeline's webhook intake; both carry their credential in the input.
// `api`: the plain REST front (/api/v1) integrators call with an API key or ID token.
export const FRONTS = ['trpc', 'mcp', 'jarvis', 'web', 'cli', 'system', 'agent', 'webhook', 'api'] as const;
export const frontSchema = z.enum(FRONTS);
export type Front = z.infer<typeof frontSchema>;

export const actorSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user'),
    uid: z.string(),
    email: z.string().nullable(),
    /** Absent means unverified: an email/password sign-up does not prove the address. */
    emailVerified: z.boolean().optional(),
  }),
  z.object({ type: z.literal('apiKey'), keyId: z.string(), name: z.string() }),
  z.object({ type: z.literal('system'), name: z.string() }),
]);
export type Actor = z.infer<typeof actorSchema>;

/** A stable id for the actor, used in audit records and confirmation tokens. */
export function actorId(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.uid}`;
    case 'apiKey':
      return `apiKey:${actor.keyId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}
