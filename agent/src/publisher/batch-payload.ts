import { Packr } from 'msgpackr';
import { readBatchBody } from '../batching/batch-body.ts';
import type { BatchRecord } from '../buffer/record-format.ts';

export interface BatchMessage {
  topic: string;
  payload: Buffer;
}

export interface TelemetryTopics {
  /** JSON batches, v1 and v2. */
  json: string;
  /** MessagePack batches (v2). */
  msgpack: string;
}

const packr = new Packr({ useRecords: false });

/**
 * The message of a buffered batch: its body inside the batch envelope (v, agentId, seq,
 * sentAt), in the body's own encoding and on that encoding's topic. Seq is the record's, so a
 * batch sent again is the same batch to ingest's dedupe whatever the encoding.
 */
export class BatchPayloads {
  readonly #topics: TelemetryTopics;
  readonly #agentJson: string;
  /** A MessagePack map of the five envelope keys, up to the value of `seq`. */
  readonly #msgpackHead: Buffer;

  constructor(agentId: string, topics: TelemetryTopics) {
    this.#topics = topics;
    this.#agentJson = JSON.stringify(agentId);
    this.#msgpackHead = Buffer.concat([Buffer.from([0x85]), packr.pack('v'), packr.pack(2), packr.pack('agentId'), packr.pack(agentId), packr.pack('seq')]);
  }

  /** The topics telemetry goes out on. */
  get topics(): readonly string[] {
    return [this.#topics.json, this.#topics.msgpack];
  }

  of(record: BatchRecord, sentAt: number): BatchMessage {
    const { format, content } = readBatchBody(record.points);
    if (format === 'msgpack-v2') {
      return { topic: this.#topics.msgpack, payload: Buffer.concat([this.#msgpackHead, packr.pack(record.seq), SENT_AT_KEY, packr.pack(sentAt), SERIES_KEY, content]) };
    }
    const [version, key] = format === 'json-v2' ? [2, 'series'] : [1, 'points'];
    const head = Buffer.from(`{"v":${version},"agentId":${this.#agentJson},"seq":${record.seq},"sentAt":${sentAt},"${key}":`);
    return { topic: this.#topics.json, payload: Buffer.concat([head, content, CLOSE_BRACE]) };
  }
}

const SENT_AT_KEY = packr.pack('sentAt');
const SERIES_KEY = packr.pack('series');
const CLOSE_BRACE = Buffer.from('}');
