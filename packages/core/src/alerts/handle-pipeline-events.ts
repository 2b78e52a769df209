import { pipelineEventMatches } from './conditions/pipeline-event.ts';
import { newSlot, type Effect, type TenantState } from './engine-state.ts';
import { stepSlot } from './evaluate-batch.ts';

/** What the pipeline runtime publishes on `pipelineEventsChannel` (see create-component-services.ts). */
export interface PipelineEventsMessage {
  pipelineId: string;
  events: Array<Record<string, unknown>>;
}

export function isPipelineEventsMessage(message: unknown): message is PipelineEventsMessage {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return typeof candidate.pipelineId === 'string' && Array.isArray(candidate.events);
}

/** `machine=Oven2,line=L1` (sink.event's key from its key columns) as tags. */
function tagsOfKey(key: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of key.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) tags[part.slice(0, at)] = part.slice(at + 1);
  }
  return tags;
}

function valueOf(event: Record<string, unknown>): number | null {
  const value = event.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Each matching event holds its key's slot (on the clock: events carry no time of their own the rule could trust). */
export function handlePipelineEvents(tenant: TenantState, message: PipelineEventsMessage, now: number): Effect[] {
  const effects: Effect[] = [];
  for (const rule of tenant.rules) {
    const condition = rule.spec.condition;
    if (condition.kind !== 'pipelineEvent') continue;
    for (const event of message.events) {
      const facts = {
        pipelineId: message.pipelineId,
        key: typeof event.key === 'string' ? event.key : '',
        severity: typeof event.severity === 'string' ? event.severity : 'info',
        title: typeof event.title === 'string' ? event.title : '',
      };
      if (!pipelineEventMatches(condition, facts)) continue;
      const slotKey = rule.spec.groupBy === 'rule' ? '' : facts.key;
      let slot = rule.eventSlots.get(slotKey);
      if (!slot) {
        slot = newSlot(slotKey, slotKey === '' ? {} : tagsOfKey(slotKey));
        rule.eventSlots.set(slotKey, slot);
      }
      slot.holds = true;
      slot.title = facts.title;
      slot.value = valueOf(event);
      stepSlot(rule, slot, now, now, effects);
    }
  }
  return effects;
}
