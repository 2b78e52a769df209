import type { ComponentDefinition } from '../component.ts';
import { approvalGateComponent } from './approval-gate.ts';
import { conditionalComponent } from './conditional.ts';
import { forEachComponent } from './for-each.ts';
import { inputComponent } from './input.ts';
import { returnComponent } from './return.ts';
import { routerComponent } from './router.ts';
import { subPipelineComponent } from './sub-pipeline.ts';
import { tryCatchComponent } from './try-catch.ts';

export const controlComponents: readonly ComponentDefinition[] = [
  conditionalComponent,
  routerComponent,
  forEachComponent,
  tryCatchComponent,
  subPipelineComponent,
  returnComponent,
  approvalGateComponent,
  inputComponent,
];
