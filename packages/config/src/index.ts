export { loadConfig, ConfigError } from './load-config.ts';
export type { Config } from './load-config.ts';
export { packageDirOf } from './package-dir.ts';
export { roleSplitRefusal } from './role-split.ts';
