#!/usr/bin/env node
// The CLI runs from TypeScript source, like the rest of FacilFlow; tsx compiles on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
