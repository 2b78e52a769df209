import { z } from 'zod';
import type { Role } from '../identity/roles.ts';
import { humanRoleSchema } from '../identity/roles.ts';

/** How sensitive a measurement's or a field's values are, least to most. */
export const CLASSIFICATION_LABELS = ['public', 'internal', 'confidential', 'restricted'] as const;
export const classificationLabelSchema = z.enum(CLASSIFICATION_LABELS);
export type ClassificationLabel = z.infer<typeof classificationLabelSchema>;

/** Who may see each label's values unless the tenant chooses otherwise: the lowest role that may. */
export const DEFAULT_LABEL_MIN_ROLES: Readonly<Record<ClassificationLabel, z.infer<typeof humanRoleSchema>>> = {
  public: 'viewer',
  internal: 'viewer',
  confidential: 'engineer',
  restricted: 'admin',
};

/**
 * Roles in the order of what they may see. A service key does what an engineer does, so it
 * sees what an engineer sees; an edge agent reads nothing.
 */
const ROLE_RANK: Readonly<Record<Role, number>> = {
  agent: 0,
  viewer: 1,
  operator: 2,
  engineer: 3,
  service: 3,
  admin: 4,
  owner: 5,
};

/** Whether `role` may see values that need at least `minimum`. */
export function roleMeets(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** Stands for every field of a measurement in a classification: the label of fields that have none of their own. */
export const WHOLE_MEASUREMENT = '*';

export const classificationSchema = z.object({
  measurement: z.string(),
  /** A field name, or "*" for every field of the measurement without a label of its own. */
  field: z.string(),
  label: classificationLabelSchema,
});
export type Classification = z.infer<typeof classificationSchema>;

/** A field the caller's role may not see, as answers mark it. */
export const withheldFieldSchema = z.object({
  measurement: z.string(),
  field: z.string(),
  label: classificationLabelSchema,
  minRole: humanRoleSchema,
});
export type WithheldField = z.infer<typeof withheldFieldSchema>;
