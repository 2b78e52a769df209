/**
 * Names that reach an object's machinery rather than its data. No lookup goes through the
 * prototype (rows are read as own data properties only), but refusing the names outright makes a
 * spec that tries them fail validation instead of quietly reading null.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenName(name: string): boolean {
  return FORBIDDEN.has(name) || name.startsWith('__');
}

/** A row's, params' or vars' own data value; never an inherited or accessor property. */
export function ownDataValue<Value>(record: Readonly<Record<string, Value>>, name: string): Value | undefined {
  if (isForbiddenName(name) || !Object.hasOwn(record, name)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(record, name);
  return descriptor !== undefined && 'value' in descriptor ? (descriptor.value as Value) : undefined;
}
