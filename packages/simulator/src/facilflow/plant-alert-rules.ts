import type { AlertRuleSpecInput } from '@facilflow/contracts';
import { parseEquipmentPath, type PlantModel, type PlantTag } from '../plant-model.ts';
import { plantFieldOf, plantMeasurementOf, plantTagsOf } from './plant-source.ts';

function faultyTag(model: PlantModel, machine: string, name: string, fault: 'drift' | 'spike'): PlantTag {
  const tag = model.tags.find((one) => parseEquipmentPath(one.path).machine === machine && one.name === name && one.behavior.fault?.kind === fault);
  if (!tag) throw new Error(`the plant model has no ${machine}.${name} with a ${fault} fault: the demo alert rules follow its faults`);
  return tag;
}

/**
 * The alert rules the demo tenant ships with, on the plant's deliberate faults, named the way
 * the demo agent maps tags (measurement = machine class, field = tag name, tags = ISA-95 levels):
 * - Oven2's zone-1 temperature drifts upward (+0.8 °C/min from its 210 °C setpoint, noise σ
 *   1.5 °C): above 214 °C for 20 s it fires; it clears below 211 °C (a 3 °C deadband, two σ, so
 *   noise at the threshold does not toggle it);
 * - the checkweigher's 0 g sample (one in every 5 minutes, on Line 2): below 400 g fires at
 *   once; back above 450 g it clears, after at least a minute of firing so each spike is one alert.
 */
export function plantAlertRules(model: PlantModel): AlertRuleSpecInput[] {
  const oven = faultyTag(model, 'Oven2', 'ZoneTemperature1', 'drift');
  const weigher = model.tags.find((tag) => tag.name === 'NetWeight' && tag.behavior.fault?.kind === 'spike');
  if (!weigher) throw new Error('the plant model has no NetWeight with a spike fault: the demo alert rules follow its faults');
  const weigherMachine = parseEquipmentPath(weigher.path).machine;
  return [
    {
      name: 'Oven2 zone 1 temperature drifting',
      description: 'Zone 1 of Oven2 runs at 210 °C; above 214 °C for 20 s the product is at risk.',
      measurement: plantMeasurementOf(parseEquipmentPath(oven.path).machine),
      field: plantFieldOf(oven),
      tags: { machine: plantTagsOf(oven).machine! },
      condition: { kind: 'threshold', direction: 'above', threshold: 214, clear: 211 },
      onDelaySeconds: 20,
      offDelaySeconds: 30,
      minFiringSeconds: 60,
      severity: 'major',
      priority: 2,
      labels: { area: parseEquipmentPath(oven.path).area, team: 'ovens' },
      summary: '{tag.machine} zone 1 at {value} °C (setpoint 210 °C)',
    },
    {
      name: 'Checkweigher reads 0 g',
      description: 'A pack weighed at (near) 0 g: a weighing fault or an empty pack, per packaging line.',
      measurement: plantMeasurementOf(weigherMachine),
      field: plantFieldOf(weigher),
      condition: { kind: 'threshold', direction: 'below', threshold: 400, clear: 450 },
      minFiringSeconds: 60,
      severity: 'minor',
      priority: 3,
      labels: { area: parseEquipmentPath(weigher.path).area },
      summary: '{tag.line} checkweigher weighed {value} g',
    },
  ];
}
