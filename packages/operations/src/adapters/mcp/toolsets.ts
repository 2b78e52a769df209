import { FacilFlowError, type ToolSelection, type ToolSelectionRequest } from '@facilflow/contracts';
import { mayUse } from '../../runtime/authorize.ts';
import { takesPrincipal, type Operation } from '../../define-operation.ts';
import type { Registry } from '../../registry.ts';

/**
 * Resources served in another's toolset: a policy's violations are read where the policies are kept
 * (`policies`), and everything about telling people of alerts and events is one job for a client.
 */
const GROUPED_RESOURCES: Readonly<Record<string, string>> = {
  violations: 'policies',
  channels: 'notifications',
  notificationPolicies: 'notifications',
  silences: 'notifications',
  maintenanceWindows: 'notifications',
  deliveries: 'notifications',
  webhooks: 'notifications',
};

/** The toolset an operation belongs to: its resource, the name's prefix (`runs.cancel` is in `runs`), or the group the resource is in. */
export function toolsetOf(op: Operation): string {
  const resource = op.name.slice(0, op.name.indexOf('.'));
  return GROUPED_RESOURCES[resource] ?? resource;
}

/**
 * The resources an operator works with every day: the plant's data, its agents and the
 * pipelines over it. Setup (data sources, schemas, components, templates), governance
 * (members, API keys, audit, approvals) and any resource not named here have their own
 * toolsets, outside the default, so a new resource never grows the default unasked.
 */
const DAILY_RESOURCES = new Set(['agents', 'deadLetters', 'lineage', 'pipelines', 'quality', 'runs', 'telemetry', 'tenants']);

/** The most tools the default set may hold; a test keeps the registry under it. */
export const DEFAULT_TOOLSET_LIMIT = 40;

// The role whose daily work defines the default: its writes are the default's writes.
const OPERATOR = { actor: { type: 'apiKey', keyId: 'default-toolset', name: 'default toolset' }, tenantId: 'default-toolset', role: 'operator' } as const;

/**
 * The default toolset, by rule: in the daily resources, every read and every write the
 * operator role is granted, but nothing destructive (those are in their resource's toolset,
 * for a client that asks for it).
 */
export function inDefaultToolset(op: Operation): boolean {
  if (!takesPrincipal(op) || !DAILY_RESOURCES.has(toolsetOf(op))) return false;
  if (op.effect === 'read') return true;
  return op.effect === 'write' && op.scope === 'tenant' && mayUse(OPERATOR, op);
}

/** Every toolset name the registry has, sorted: one per resource. */
export function toolsetNames(registry: Registry): string[] {
  return [...new Set(registry.list().filter(takesPrincipal).map(toolsetOf))].sort();
}

export const ALL_TOOLS: ToolSelection = { toolsets: null, readOnly: false };

/**
 * Reads `--toolsets`/`--read-only` (or their HTTP forms). Absent means the default toolset,
 * writable. Anything unknown or malformed is refused with a message naming what is accepted:
 * a typo must not silently serve a different set of tools.
 */
export function parseToolSelection(registry: Registry, request: ToolSelectionRequest): ToolSelection {
  return { toolsets: parseToolsets(registry, request.toolsets ?? 'default'), readOnly: parseReadOnly(request.readOnly) };
}

function parseToolsets(registry: Registry, value: string): ReadonlySet<string> | null {
  const known = toolsetNames(registry);
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) {
    throw new FacilFlowError('INVALID', `Malformed toolsets "${value}": give comma-separated names, e.g. default,apiKeys`);
  }
  const unknown = names.filter((name) => name !== 'all' && name !== 'default' && !known.includes(name));
  if (unknown.length > 0) {
    throw new FacilFlowError('INVALID', `Unknown toolset ${unknown.join(', ')}: choose from all, default, ${known.join(', ')}`);
  }
  if (names.includes('all')) return null;
  const chosen = new Set(names.filter((name) => name !== 'default'));
  if (names.includes('default')) chosen.add('default');
  return chosen;
}

function parseReadOnly(value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  if (normalized === 'true' || normalized === '1') return true;
  if (normalized === 'false' || normalized === '0') return false;
  throw new FacilFlowError('INVALID', `Malformed read-only value "${value}": use true or false`);
}

/** Whether a connection with this selection offers the operation (the role is checked apart). */
export function selects(selection: ToolSelection, op: Operation): boolean {
  if (selection.readOnly && op.effect !== 'read') return false;
  if (selection.toolsets === null) return true;
  return selection.toolsets.has(toolsetOf(op)) || (selection.toolsets.has('default') && inDefaultToolset(op));
}
