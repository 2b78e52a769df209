import { FacilFlowError } from '@facilflow/contracts';

// Redis treats `?`, `[`, `]` and `\` as glob syntax in PSUBSCRIBE; refusing them in
// channel names keeps `*` the only wildcard, so both adapters match the same channels.
const CHANNEL = /^[^*?[\]\\\s]+$/;
const PATTERN = /^[^?[\]\\\s]+$/;

export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) {
    throw new FacilFlowError('INVALID', `bus channel "${channel}" must be non-empty without whitespace, "*", "?", "[", "]" or "\\"`);
  }
}

export function assertChannelOrPattern(channelOrPattern: string): void {
  if (!PATTERN.test(channelOrPattern)) {
    throw new FacilFlowError('INVALID', `bus subscription "${channelOrPattern}" must be non-empty without whitespace, "?", "[", "]" or "\\"`);
  }
}

export function isPattern(channelOrPattern: string): boolean {
  return channelOrPattern.includes('*');
}

/** The same matching Redis applies to PSUBSCRIBE patterns restricted to `*`. */
export function patternMatcher(pattern: string): (channel: string) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+^${}()|]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (channel) => regex.test(channel);
}
