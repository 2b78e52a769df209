/**
 * The engineering units plant data comes in, by the UCUM codes the schema registry's `unit`
 * strings use (plus the spellings people type, such as degC, psi, kWh, rpm). Each unit is a
 * linear or affine map onto its dimension's base unit: base = value × factor + offset.
 */
export interface UnitDefinition {
  dimension: string;
  factor: number;
  offset: number;
}

const unit = (dimension: string, factor: number, offset = 0): UnitDefinition => ({ dimension, factor, offset });

const FAHRENHEIT = 5 / 9;
const PSI_IN_PA = 6894.757293168361;
const US_GALLON_IN_M3 = 0.003785411784;

const UNITS: Record<string, UnitDefinition> = {
  K: unit('temperature', 1),
  Cel: unit('temperature', 1, 273.15),
  degC: unit('temperature', 1, 273.15),
  '[degF]': unit('temperature', FAHRENHEIT, 459.67 * FAHRENHEIT),
  degF: unit('temperature', FAHRENHEIT, 459.67 * FAHRENHEIT),
  '[degR]': unit('temperature', FAHRENHEIT),

  Pa: unit('pressure', 1),
  hPa: unit('pressure', 100),
  kPa: unit('pressure', 1e3),
  MPa: unit('pressure', 1e6),
  bar: unit('pressure', 1e5),
  mbar: unit('pressure', 100),
  '[psi]': unit('pressure', PSI_IN_PA),
  psi: unit('pressure', PSI_IN_PA),
  atm: unit('pressure', 101_325),
  'mm[Hg]': unit('pressure', 133.322387415),

  W: unit('power', 1),
  mW: unit('power', 1e-3),
  kW: unit('power', 1e3),
  MW: unit('power', 1e6),
  '[HP]': unit('power', 745.6998715822702),

  J: unit('energy', 1),
  kJ: unit('energy', 1e3),
  MJ: unit('energy', 1e6),
  'W.h': unit('energy', 3600),
  Wh: unit('energy', 3600),
  'kW.h': unit('energy', 3.6e6),
  kWh: unit('energy', 3.6e6),
  'MW.h': unit('energy', 3.6e9),
  MWh: unit('energy', 3.6e9),
  cal: unit('energy', 4.184),
  kcal: unit('energy', 4184),

  'm3/s': unit('volume flow', 1),
  'm3/min': unit('volume flow', 1 / 60),
  'm3/h': unit('volume flow', 1 / 3600),
  'L/s': unit('volume flow', 1e-3),
  'L/min': unit('volume flow', 1e-3 / 60),
  'l/min': unit('volume flow', 1e-3 / 60),
  'L/h': unit('volume flow', 1e-3 / 3600),
  '[gal_us]/min': unit('volume flow', US_GALLON_IN_M3 / 60),

  'kg/s': unit('mass flow', 1),
  'kg/h': unit('mass flow', 1 / 3600),
  't/h': unit('mass flow', 1000 / 3600),

  Hz: unit('frequency', 1),
  kHz: unit('frequency', 1e3),
  '/s': unit('frequency', 1),
  '/min': unit('frequency', 1 / 60),
  '{rev}/min': unit('frequency', 1 / 60),
  rpm: unit('frequency', 1 / 60),
  '/h': unit('frequency', 1 / 3600),

  ms: unit('time', 1e-3),
  s: unit('time', 1),
  min: unit('time', 60),
  h: unit('time', 3600),
  d: unit('time', 86_400),

  um: unit('length', 1e-6),
  mm: unit('length', 1e-3),
  cm: unit('length', 1e-2),
  m: unit('length', 1),
  km: unit('length', 1e3),
  '[in_i]': unit('length', 0.0254),
  '[ft_i]': unit('length', 0.3048),

  'mm/s': unit('speed', 1e-3),
  'm/s': unit('speed', 1),
  'km/h': unit('speed', 1 / 3.6),

  mg: unit('mass', 1e-6),
  g: unit('mass', 1e-3),
  kg: unit('mass', 1),
  t: unit('mass', 1e3),
  '[lb_av]': unit('mass', 0.45359237),

  mL: unit('volume', 1e-6),
  L: unit('volume', 1e-3),
  l: unit('volume', 1e-3),
  m3: unit('volume', 1),
  '[gal_us]': unit('volume', US_GALLON_IN_M3),

  mA: unit('current', 1e-3),
  A: unit('current', 1),
  mV: unit('voltage', 1e-3),
  V: unit('voltage', 1),
  kV: unit('voltage', 1e3),

  '1': unit('ratio', 1),
  '%': unit('ratio', 1e-2),
  '[ppm]': unit('ratio', 1e-6),
};

export function findUnit(code: string): UnitDefinition | undefined {
  return Object.hasOwn(UNITS, code) ? UNITS[code] : undefined;
}

/** Why `from` cannot become `to`, or null when it can. */
export function conversionProblem(from: string, to: string): string | null {
  const source = findUnit(from);
  const target = findUnit(to);
  if (source === undefined) return `unknown unit "${from}"`;
  if (target === undefined) return `unknown unit "${to}"`;
  if (source.dimension !== target.dimension) return `"${from}" is a ${source.dimension} and "${to}" a ${target.dimension}: they do not convert`;
  return null;
}

/** A conversion function; only for units `conversionProblem` accepts. */
export function converter(from: string, to: string): (value: number) => number {
  const source = findUnit(from);
  const target = findUnit(to);
  if (source === undefined || target === undefined || source.dimension !== target.dimension) throw new Error(conversionProblem(from, to) ?? 'units do not convert');
  if (source.offset === 0 && target.offset === 0) {
    const ratio = source.factor / target.factor;
    return (value) => value * ratio;
  }
  return (value) => (value * source.factor + source.offset - target.offset) / target.factor;
}
