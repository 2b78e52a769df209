import type { MqttClient } from 'mqtt';
import type { BatchBuffer } from '../buffer/batch-buffer.ts';
import type { BatchRecord } from '../buffer/record-format.ts';
import { errorMessage, type Logger } from '../log.ts';
import { BatchPayloads, type TelemetryTopics } from './batch-payload.ts';

export interface TelemetryPublisherOptions {
  client: MqttClient;
  buffer: BatchBuffer;
  topics: TelemetryTopics;
  agentId: string;
  log: Logger;
}

/** Batches published and not yet acknowledged at any time: enough to keep a link busy, little to re-send. */
const WINDOW = 32;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

interface InFlight {
  seq: number;
  state: 'pending' | 'acked' | 'failed';
}

/**
 * Moves batches from the buffer to the broker: QoS 1 on the telemetry topic of each batch's
 * encoding (batch-payload.ts), in sequence order, with up to WINDOW batches awaiting their
 * PUBACK. A batch leaves the buffer only when the acknowledgements of it and of every batch
 * before it have arrived.
 *
 * The buffer is the one place unacknowledged batches live. When the connection drops, the
 * publishes in flight are taken back from mqtt.js (which would otherwise keep their payloads in
 * memory and re-send them itself) and sending resumes, on the next connection, from the first
 * unacknowledged batch — in order, pipelined, and with a drop-oldest during the outage meaning
 * what it says. A publish the broker refuses (MQTT 5 reason code) stops the flow; once nothing is
 * pending, sending resumes from the first unacknowledged batch after a backoff.
 */
export class TelemetryPublisher {
  readonly #client: MqttClient;
  readonly #buffer: BatchBuffer;
  readonly #payloads: BatchPayloads;
  readonly #log: Logger;
  #window = WINDOW;
  #inFlight: InFlight[] = [];
  #nextSeq: number;
  #pumping = false;
  #again = false;
  #halted = false;
  #retryDelay = RETRY_BASE_MS;
  #retryTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #published = 0;
  readonly #unsubscribe: () => void;

  constructor({ client, buffer, topics, agentId, log }: TelemetryPublisherOptions) {
    this.#client = client;
    this.#buffer = buffer;
    this.#payloads = new BatchPayloads(agentId, topics);
    this.#log = log;
    this.#nextSeq = buffer.stats().firstUnacked;
    this.#unsubscribe = buffer.onChange(() => this.pump());
    client.on('connect', (connack) => {
      // An MQTT 5 broker may take fewer unacknowledged QoS 1 publishes than our window.
      this.#window = Math.min(WINDOW, connack.properties?.receiveMaximum ?? WINDOW);
      this.pump();
    });
    client.on('close', () => this.#reclaim());
  }

  /** Batches acknowledged by the broker since start. */
  get published(): number {
    return this.#published;
  }

  /** Sends whatever the window allows now. */
  pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void this.#fill()
      .catch((e: unknown) => this.#log.error('reading the buffer failed', { error: errorMessage(e) }))
      .finally(() => {
        this.#pumping = false;
      });
  }

  /** Sends nothing more; acknowledgements of what is in flight still count, until the client closes. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
  }

  async #fill(): Promise<void> {
    do {
      this.#again = false;
      while (this.#canSend()) {
        const records = await this.#buffer.read(this.#nextSeq, this.#window - this.#inFlight.length);
        if (records.length === 0) break;
        for (const record of records) if (this.#canSend()) this.#send(record);
      }
    } while (this.#again);
  }

  #canSend(): boolean {
    return !this.#stopped && !this.#halted && this.#client.connected && this.#inFlight.length < this.#window && this.#buffer.durableSeq() >= this.#nextSeq;
  }

  #send(record: BatchRecord): void {
    const entry: InFlight = { seq: record.seq, state: 'pending' };
    this.#inFlight.push(entry);
    this.#nextSeq = record.seq + 1;
    const { topic, payload } = this.#payloads.of(record, Date.now());
    this.#client.publish(topic, payload, { qos: 1 }, (error) => this.#settle(entry, error));
  }

  #settle(entry: InFlight, error: Error | undefined): void {
    // Reclaimed after a connection loss: the buffer has it, and it goes out again in its turn.
    if (!this.#inFlight.includes(entry)) return;
    if (error) {
      entry.state = 'failed';
      if (!this.#halted && !this.#stopped) this.#log.warn('telemetry publish refused; resending from the first unacknowledged batch', { seq: entry.seq, error: error.message, retryInMs: this.#retryDelay });
      this.#halted = true;
    } else {
      entry.state = 'acked';
    }
    let acked: number | null = null;
    while (this.#inFlight[0]?.state === 'acked') {
      acked = this.#inFlight[0].seq;
      this.#inFlight.shift();
      this.#published += 1;
    }
    if (acked !== null) {
      this.#retryDelay = RETRY_BASE_MS;
      this.#buffer.acknowledge(acked);
    }
    if (this.#stopped) return;
    if (this.#halted && this.#inFlight.every((e) => e.state !== 'pending')) this.#rewind();
    else this.pump();
  }

  /** After a refusal, once nothing is pending: start again from the first unacknowledged batch, later. */
  #rewind(): void {
    const first = this.#inFlight[0];
    if (first) this.#nextSeq = first.seq;
    this.#inFlight = [];
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#halted = false;
      this.pump();
    }, this.#retryDelay);
    this.#retryDelay = Math.min(RETRY_MAX_MS, this.#retryDelay * 2);
  }

  /**
   * The connection is gone: what was in flight is the buffer's again, from the first
   * unacknowledged batch on. A pending retry after a refusal is dropped too: the next connection
   * starts afresh (and halts again, with a longer backoff, if the broker still refuses).
   */
  #reclaim(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#halted = false;
    const first = this.#inFlight[0];
    if (!first) return;
    this.#nextSeq = first.seq;
    this.#inFlight = [];
    for (const id of Object.keys(this.#client.outgoing)) {
      const messageId = Number(id);
      // The in-memory store answers synchronously; only our telemetry publishes are taken back.
      this.#client.outgoingStore.get({ messageId }, (error, packet) => {
        if (!error && packet?.cmd === 'publish' && this.#payloads.topics.includes(packet.topic)) this.#client.removeOutgoingMessage(messageId);
      });
    }
  }
}
