import { describe, expect, it } from 'vitest';
import { checkDrift } from '../../../src/quality/checks/drift-check.ts';
import { DriftDetector } from '../../../src/quality/drift-detector.ts';
import { ovenZone1 } from './label.ts';

const start = Date.UTC(2026, 0, 5, 8, 0, 0);
/** Deterministic noise in ±1.5. */
const noise = (s: number) => 1.5 * Math.sin(s * 12.9898) * Math.cos(s * 78.233);

/** The detector fed one sample a second: 210 ± noise, then +0.8/min from `driftAfterS` on. */
function detectorAfter(seconds: number, driftAfterS: number): DriftDetector {
  const detector = new DriftDetector();
  for (let s = 0; s < seconds; s++) detector.add(start + s * 1000, 210 + noise(s) + (s > driftAfterS ? (0.8 * (s - driftAfterS)) / 60 : 0));
  return detector;
}

describe('checkDrift', () => {
  it('reports the verdict of a drifting field: its slope against its steady baseline', () => {
    const detector = detectorAfter(900, 600);
    expect(detector.active).toBe(true);
    const finding = checkDrift(ovenZone1, 213.9, detector.verdict);
    expect(finding?.message).toMatch(/^oven\.ZoneTemperature1 \(line=Line1,machine=Oven2\) is drifting \+0\.\d+\/min away from its steady 210/);
    expect(finding?.details).toMatchObject({ baseline: expect.closeTo(210, 0), value: 213.9, windowSeconds: expect.any(Number) });
    expect(Number(finding?.details.slopePerMinute)).toBeGreaterThan(0.4);
  });

  it('reports nothing without a verdict (a steady field)', () => {
    const detector = detectorAfter(900, 10_000);
    expect(detector.verdict).toBeNull();
    expect(checkDrift(ovenZone1, 210, detector.verdict)).toBeNull();
  });
});
