import type { FieldLabel } from '../../../src/quality/checks/finding.ts';

export const ovenZone1: FieldLabel = { field: 'ZoneTemperature1', series: { measurement: 'oven', key: 'line=Line1,machine=Oven2' } };
