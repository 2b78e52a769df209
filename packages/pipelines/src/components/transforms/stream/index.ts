import type { ComponentDefinition } from '../../component.ts';
import { anomalyScoreComponent } from './anomaly-score.ts';
import { asofJoinComponent } from './asof-join.ts';
import { oeeComponent } from './oee.ts';
import { resampleComponent } from './resample.ts';
import { unitConvertComponent } from './unit-convert.ts';
import { windowAggregateComponent } from './window-aggregate.ts';

export const streamTransformComponents: readonly ComponentDefinition[] = [
  windowAggregateComponent,
  resampleComponent,
  asofJoinComponent,
  unitConvertComponent,
  anomalyScoreComponent,
  oeeComponent,
];
