import { z } from 'zod';
import { auditRecordSchema } from '../audit/audit-record.ts';

export const listAuditInput = z.object({
  actorId: z.string().optional().describe('Only this actor, e.g. "user:<uid>" or "apiKey:<id>"'),
  operation: z.string().optional().describe('Only this operation, e.g. "members.invite"'),
  from: z.iso.datetime().optional().describe('Earliest time, ISO 8601'),
  to: z.iso.datetime().optional().describe('Latest time, ISO 8601'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listAuditOutput = z.object({ items: z.array(auditRecordSchema), nextCursor: z.string().nullable() });
