#!/usr/bin/env node
// The simulator runs from TypeScript source, like the rest of FacilFlow; tsx compiles on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
