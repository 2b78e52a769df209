import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const c = await inst.connect();
const show = async (sql) => { try { const r = await c.runAndReadAll(sql); console.log('SQL:', sql); for (const row of r.getRowsJson()) console.log('  ', JSON.stringify(row).slice(0, 400)); } catch (e) { console.log('SQL:', sql, 'ERR', e.message.slice(0, 300)); } };
await show("select name, value, description from duckdb_settings() where name ilike '%sync%' or name ilike '%wal%' or name ilike '%durab%' or name ilike '%checkpoint%' or name ilike '%commit%' or name ilike '%external%' or name ilike '%extension%' or name ilike '%lock%' or name ilike '%secret%' or name ilike '%filesystem%' or name ilike '%direct%'");
