/**
 * Every size limit an edge enforces, in one place, so a front, its tests and the README
 * cannot disagree. A body is refused on its size before it is parsed; a parsed value is
 * refused on its shape before any operation (or the audit, which stores it as jsonb) sees it.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** The most bytes each front reads from one request or message. */
export const BODY_LIMITS = {
  /** tRPC POST body (web app, CLI). */
  trpcBytes: 1 * MiB,
  /** tRPC GET `?input=` (queries), in characters of the URL-encoded value. */
  trpcQueryInputChars: 16 * KiB,
  /** The REST front's POST body (/api/v1): the same operations as tRPC, so the same cap. */
  apiBytes: 1 * MiB,
  /** The REST front's GET `?input=`, in characters of the URL-encoded value. */
  apiQueryInputChars: 16 * KiB,
  /** Plain REST endpoints that take JSON. */
  restBytes: 64 * KiB,
  /** MCP Streamable HTTP POST body. */
  mcpBytes: 1 * MiB,
  /** Agent enrolment: a token, a hostname, a version. */
  enrollmentBytes: 8 * KiB,
  /** Inbound webhooks. */
  webhookBytes: 256 * KiB,
  /** One MQTT telemetry message (a JSON batch of at most 10,000 points, or line protocol). */
  mqttTelemetryBytes: 4 * MiB,
  /** One Socket.IO message (the realtime channel carries subscriptions, not data). */
  socketIoMessageBytes: 64 * KiB,
} as const;

/** The shape any parsed JSON input may have. */
export interface JsonLimits {
  /** Nesting levels of arrays and objects; `[]` is depth 1. */
  maxDepth: number;
  /** Values in the document, containers included. */
  maxNodes: number;
  /** UTF-16 code units in one string or object key, after unescaping. */
  maxStringLength: number;
  /** Elements in one array. */
  maxArrayLength: number;
  /** Keys in one object. */
  maxObjectKeys: number;
}

export const JSON_LIMITS: Readonly<JsonLimits> = Object.freeze({
  maxDepth: 64,
  // A 4 MiB telemetry batch of 10,000 points stays well under this; a 1 MiB body of `[0,0,…]` does not fit past it.
  maxNodes: 1_000_000,
  maxStringLength: 1 * MiB,
  // The largest array a contract allows is an agent's 200,000 subscribed tags.
  maxArrayLength: 200_000,
  maxObjectKeys: 10_000,
});

export const INPUT_LIMITS = Object.freeze({ body: BODY_LIMITS, json: JSON_LIMITS });

export type JsonLimitName = keyof JsonLimits;
