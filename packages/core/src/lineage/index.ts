export { createLineageRecorder, type LineageRecorder, type LineageRecorderOptions } from './create-lineage-recorder.ts';
export { getLineageGraph, type LineageGraph, type LineageGraphInput, type LineageGraphNode } from './get-lineage-graph.ts';
