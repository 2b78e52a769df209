/** The wall-clock fields of an instant in an IANA zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

export function wallTimeOf(instant: Date, timeZone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAY_INDEX[parts.weekday ?? ''] ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (CEST: +2 h). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallTimeOf(new Date(instant), timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in a zone. A time the autumn change repeats is
 * its first occurrence; a time the spring change skips (02:30 in Berlin on the last Sunday of
 * March) is read with the offset before the change, so it lands an hour later on the new
 * clock, as a person's alarm clock would.
 */
export function instantOfWallTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // A day either side of any change near this date: the offsets the wall time can have.
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const valid = [asUtc - before, asUtc - after]
    .filter((instant) => {
      const wall = wallTimeOf(new Date(instant), timeZone);
      return wall.year === year && wall.month === month && wall.day === day && wall.hour === hour && wall.minute === minute;
    })
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? asUtc - before);
}
