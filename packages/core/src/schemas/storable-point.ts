import { toStorableText, unstorableTextReason, type TelemetryPoint } from '@facilflow/contracts';

/**
 * Text in a point that no store can keep (a NUL, a lone surrogate), decided per position:
 *
 * - measurement, tag keys, tag values and field names say *which* series: an escaped copy
 *   would be another series than the one the agent meant, so the point is refused, with
 *   the path of the text in the reason (`points[3].tags.machine contains a NUL …`);
 * - a string field value is a reading: PLC character arrays are often NUL-padded, and
 *   refusing would drop every sample of such a tag. It is stored escaped instead (each
 *   unstorable code unit written as `\uXXXX`, see `toStorableText`).
 *
 * Runs on the raw value before the contract checks, so a NUL in a name is reported as
 * such rather than as "not a name". `where` prefixes every path: `points[3].` in a JSON
 * batch, `line 3: ` in line protocol.
 */
export function unstorablePointText(raw: unknown, where: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const point = raw as Record<string, unknown>;
  const problem = (path: string, reason: string | null) => (reason === null ? undefined : `${where}${path} ${reason}`);
  if (typeof point.m === 'string') {
    const found = problem('m', unstorableTextReason(point.m));
    if (found) return found;
  }
  const tags = point.tags;
  if (typeof tags === 'object' && tags !== null) {
    for (const [key, value] of Object.entries(tags)) {
      const found = problem(`tags key ${JSON.stringify(key)}`, unstorableTextReason(key)) ?? (typeof value === 'string' ? problem(`tags.${key}`, unstorableTextReason(value)) : undefined);
      if (found) return found;
    }
  }
  const fields = point.f;
  if (typeof fields === 'object' && fields !== null) {
    for (const key of Object.keys(fields)) {
      const found = problem(`f key ${JSON.stringify(key)}`, unstorableTextReason(key));
      if (found) return found;
    }
  }
  return undefined;
}

/** The point with its string field values made storable; the same object when none needed it. */
export function withStorableFieldValues(point: TelemetryPoint): TelemetryPoint {
  let fields: TelemetryPoint['f'] | undefined;
  for (const key in point.f) {
    const value = point.f[key];
    if (typeof value !== 'string') continue;
    const storable = toStorableText(value);
    if (storable !== value) (fields ??= { ...point.f })[key] = storable;
  }
  return fields ? { ...point, f: fields } : point;
}
