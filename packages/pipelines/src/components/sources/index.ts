import type { ComponentDefinition } from '../component.ts';
import { httpRequestSource } from './http-request.ts';
import { liveStreamSource } from './live-stream.ts';
import { timeSeriesQuerySource } from './timeseries-query.ts';

export const sourcesComponents: readonly ComponentDefinition[] = [timeSeriesQuerySource, liveStreamSource, httpRequestSource];
