import type { TelemetryCodec } from '../operations/dead-letters.ts';

/**
 * Which codec reads a message on `telemetry` or one of its subtopics: JSON batches (v1 or v2)
 * on `telemetry` itself, line protocol on `telemetry/lp`, MessagePack batches (v2) on
 * `telemetry/msgpack`. Any other subtopic is not a format ingest reads (null).
 */
const CODEC_OF_SUBTOPIC: Readonly<Record<string, TelemetryCodec>> = { lp: 'lp', msgpack: 'msgpack' };

export function telemetryCodecOfSubtopic(subtopic: string | null): TelemetryCodec | null {
  if (subtopic === null) return 'json';
  return Object.hasOwn(CODEC_OF_SUBTOPIC, subtopic) ? CODEC_OF_SUBTOPIC[subtopic]! : null;
}

/** The subtopic an agent publishes a codec's batches on (undefined: the telemetry topic itself). */
export function telemetrySubtopicOfCodec(codec: TelemetryCodec): string | undefined {
  return codec === 'json' ? undefined : codec;
}
