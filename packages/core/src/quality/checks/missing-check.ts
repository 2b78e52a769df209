import { describeField, type FieldLabel, type Finding } from './finding.ts';

/**
 * A field the series' points nearly always carry (`expected`, learnt per block of points) is
 * absent from this point, stamped `time`.
 */
export function checkMissing(label: FieldLabel, expected: boolean, present: boolean, time: number): Finding | null {
  if (!expected || present) return null;
  return {
    message: `${describeField(label)} is missing from a point of a series whose points nearly always carry it`,
    details: { at: new Date(time).toISOString() },
  };
}
