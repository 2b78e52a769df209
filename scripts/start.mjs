// `npm start`: the sources are TypeScript run without a build step, so tsx is registered before they load.
import { register } from 'tsx/esm/api';

register();
await import('./start/main.ts');
