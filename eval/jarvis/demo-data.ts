import type { TelemetryPoint } from '@facilflow/contracts';

/** The hour the seeded plant covers; scenarios ask about it by date and time. */
export const SEEDED_FROM = Date.parse('2026-11-30T08:00:00.000Z');
export const SEEDED_MINUTES = 60;
const EVERY_MS = 30_000;

const round = (value: number) => Math.round(value * 100) / 100;
const wave = (i: number, period: number) => Math.sin((2 * Math.PI * i) / period);

/**
 * One hour of the demo plant's story, at 30 s, the same every run: two ovens (zone
 * temperatures, gas flow), the packaging line's checkweigher and a mixer, with the demo's
 * faults: Oven2's zone 1 drifts up from 08:30 (+0.5 °C a minute), Oven1's gas flow flatlines
 * 08:40–08:42, the checkweigher reads 0 g every 5 minutes.
 */
export function demoPlantPoints(): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  const samples = (SEEDED_MINUTES * 60_000) / EVERY_MS;
  let heldGasFlow = 0;
  for (let i = 0; i < samples; i++) {
    const t = SEEDED_FROM + i * EVERY_MS;
    const minute = (i * EVERY_MS) / 60_000;
    const drift = minute >= 30 ? (minute - 30) * 0.5 : 0;
    const gasFlow = round(12.5 + 0.3 * wave(i, 24));
    const flat = minute >= 40 && minute < 42;
    if (!flat) heldGasFlow = gasFlow;
    points.push(
      { m: 'oven', tags: { site: 'Riverside', line: 'Baking', machine: 'Oven1' }, f: { ZoneTemperature1: round(180 + 2 * wave(i, 40)), ZoneTemperature2: round(170 + 1.5 * wave(i, 30)), GasFlow: heldGasFlow }, t },
      { m: 'oven', tags: { site: 'Riverside', line: 'Baking', machine: 'Oven2' }, f: { ZoneTemperature1: round(181 + 2 * wave(i, 40) + drift), ZoneTemperature2: round(171 + 1.5 * wave(i, 30)), GasFlow: round(13 + 0.3 * wave(i, 20)) }, t },
      { m: 'checkweigher', tags: { site: 'Riverside', line: 'Packaging', machine: 'Line2' }, f: { Weight: i % 10 === 0 ? 0 : round(500 + 1.5 * wave(i, 16)) }, t },
      { m: 'mixer', tags: { site: 'Riverside', line: 'Mixing', machine: 'Mixer1' }, f: { MotorSpeed: round(1200 + 150 * wave(i, 8)), MotorCurrent: round(32 + 4 * wave(i, 8)) }, t },
    );
  }
  return points;
}
