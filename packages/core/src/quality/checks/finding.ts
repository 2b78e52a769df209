/** What a check found about one sample (or one silence): the issue's message and its evidence. */
export interface Finding {
  message: string;
  details: Record<string, unknown>;
}

/** The field as people name it in a message: `oven.ZoneTemperature1 (line=Line1,machine=Oven2)`. */
export interface FieldLabel {
  readonly field: string;
  readonly series: { readonly measurement: string; readonly key: string };
}

export function describeField(label: FieldLabel): string {
  return `${label.series.measurement}.${label.field}${label.series.key ? ` (${label.series.key})` : ''}`;
}

/** Evidence rounded to what a person reads: 1 decimal from 100, 2 from 1, 4 below. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const magnitude = Math.abs(x);
  const digits = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4;
  return Number(x.toFixed(digits));
}

/** 1.4826 · MAD estimates σ for Gaussian noise. */
export const MAD_TO_SIGMA = 1.4826;
/** √(π/2) · mean absolute deviation estimates σ for Gaussian noise. */
export const MEAN_ABS_TO_SIGMA = 1.2533;
