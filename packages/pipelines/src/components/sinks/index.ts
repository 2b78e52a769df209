import type { ComponentDefinition } from '../component.ts';
import { eventSink } from './event.ts';
import { objectExportSink } from './object-export.ts';
import { timeSeriesWriteSink } from './timeseries-write.ts';
import { webhookSink } from './webhook.ts';

export const sinksComponents: readonly ComponentDefinition[] = [timeSeriesWriteSink, webhookSink, objectExportSink, eventSink];
