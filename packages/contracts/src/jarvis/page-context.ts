import { z } from 'zod';

/** The page of the web app the person is on when they write: part of what Jarvis is told. */
export const pageContextSchema = z.object({
  path: z.string().min(1).max(500),
  title: z.string().max(200).optional(),
  entity: z
    .object({ type: z.string().min(1).max(50), id: z.string().min(1).max(200) })
    .optional()
    .describe('What the page shows, e.g. { type: "pipeline", id: "pl_…" }'),
});
export type PageContext = z.infer<typeof pageContextSchema>;
