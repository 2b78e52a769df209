import type { ComponentDefinition } from '../../component.ts';
import { decisionTableComponent } from './decision-table.ts';
import { filterComponent } from './filter.ts';
import { jsonTransformComponent } from './json-transform.ts';
import { loggerComponent } from './logger.ts';
import { mapComponent } from './map.ts';
import { schemaValidateComponent } from './schema-validate.ts';
import { variableSetComponent } from './variable-set.ts';

export const recordTransformComponents: readonly ComponentDefinition[] = [
  filterComponent,
  mapComponent,
  jsonTransformComponent,
  schemaValidateComponent,
  decisionTableComponent,
  variableSetComponent,
  loggerComponent,
];
