import type { FieldValue, SubscribedTag } from '@facilflow/contracts';
import type { DataValue } from 'node-opcua-client';

/**
 * A subscribed tag with the constant part of its points already serialised. A point is then
 * one string concatenation per notification — `{"m":…,"tags":{…},"f":{"field":` + value +
 * `},"t":` + time + `}` — which is what lets the agent keep up with tens of thousands of
 * notifications a second without building and stringifying an object for each.
 */
export interface TagBinding {
  readonly nodeId: string;
  readonly prefix: string;
}

export function bindTag(tag: SubscribedTag): TagBinding {
  const prefix = `{"m":${JSON.stringify(tag.measurement)},"tags":${JSON.stringify(tag.tags)},"f":{${JSON.stringify(tag.field)}:`;
  // A template literal leaves a tree of string pieces behind; with tens of thousands of tags the
  // tree costs more than the text, so the prefix is kept as one flat string.
  return { nodeId: tag.nodeId, prefix: Buffer.from(prefix).toString() };
}

export function pointJson(binding: TagBinding, value: FieldValue, timeMs: number): string {
  return `${binding.prefix}${typeof value === 'string' ? JSON.stringify(value) : String(value)}},"t":${timeMs}}`;
}

/** The source timestamp, else the server's, else now: epoch milliseconds. */
export function pointTime(dataValue: DataValue): number {
  const source = dataValue.sourceTimestamp?.getTime();
  if (source !== undefined && source >= 0) return source;
  const server = dataValue.serverTimestamp?.getTime();
  if (server !== undefined && server >= 0) return server;
  return Date.now();
}
