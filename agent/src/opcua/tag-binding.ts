import { seriesKey, type SubscribedTag } from '@facilflow/contracts';
import type { DataValue } from 'node-opcua-client';

/**
 * A subscribed tag with what its points need worked out once: the series it feeds
 * (measurement + tag set, the key the batcher groups by), its field, and their JSON text. A
 * notification is then a value and a time appended to that series' columns, with nothing
 * serialised or built per point.
 */
export interface TagBinding {
  readonly nodeId: string;
  /** Measurement and tag set as one string (contracts' seriesKey): the same for every tag of a series. */
  readonly seriesKey: string;
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly field: string;
  /** `{"m":…,"tags":{…}`: the start of the series' object in a JSON batch. */
  readonly seriesJson: string;
  /** The field name as a JSON string. */
  readonly fieldJson: string;
}

export function bindTag(tag: SubscribedTag): TagBinding {
  return {
    nodeId: tag.nodeId,
    seriesKey: seriesKey(tag.measurement, tag.tags),
    measurement: tag.measurement,
    tags: tag.tags,
    field: tag.field,
    // With tens of thousands of tags a template literal's tree of string pieces costs more than the text: kept as flat strings.
    seriesJson: Buffer.from(`{"m":${JSON.stringify(tag.measurement)},"tags":${JSON.stringify(tag.tags)}`).toString(),
    fieldJson: JSON.stringify(tag.field),
  };
}

/**
 * The source timestamp, else the server's, else now: epoch milliseconds, with what OPC UA
 * carries below the millisecond (its DateTime counts 100 ns; node-opcua keeps the rest as
 * picoseconds) as decimals, which the platform stores to the microsecond.
 */
export function pointTime(dataValue: DataValue): number {
  const source = dataValue.sourceTimestamp?.getTime();
  if (source !== undefined && source >= 0) return source + subMillisecond(dataValue.sourcePicoseconds);
  const server = dataValue.serverTimestamp?.getTime();
  if (server !== undefined && server >= 0) return server + subMillisecond(dataValue.serverPicoseconds);
  return Date.now();
}

function subMillisecond(picoseconds: number | undefined): number {
  return picoseconds !== undefined && picoseconds > 0 && picoseconds < 1e9 ? picoseconds / 1e9 : 0;
}
