import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const c = await inst.connect();
const show = async (sql) => { try { const r = await c.runAndReadAll(sql); console.log(sql, '=>', JSON.stringify(r.getRowsJson()).slice(0, 3000)); } catch (e) { console.log(sql, 'ERR', e.message.slice(0, 300)); } };
await show("select version()");
await show("select extension_name, loaded, installed from duckdb_extensions()");
await show("select json_serialize_sql('select 1')");
await show("select name, value from duckdb_settings() where name in ('checkpoint_threshold','wal_autocheckpoint','enable_external_access','lock_configuration','autoinstall_known_extensions','autoload_known_extensions','threads','memory_limit','allowed_directories','allowed_paths','enable_fsst_vectors','storage_compatibility_version','temp_directory','disabled_filesystems')");
await show("select name, description from duckdb_settings() where name ilike '%sync%' or name ilike '%wal%' or name ilike '%durab%' or name ilike '%checkpoint%' or name ilike '%fsync%'");
