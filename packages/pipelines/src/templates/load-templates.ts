import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pipelineTemplateSchema, type PipelineTemplate } from '@facilflow/contracts';

/** The templates the package ships, found from this module so sources, a build and an installed copy agree. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

let loaded: Promise<readonly PipelineTemplate[]> | undefined;

async function readTemplates(dir: string): Promise<readonly PipelineTemplate[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const template = pipelineTemplateSchema.parse(JSON.parse(await readFile(`${dir}/${file}`, 'utf8')));
      if (`${template.id}.json` !== file) throw new Error(`Template ${file} declares id "${template.id}": a template's file is named by its id`);
      return template;
    }),
  );
}

/** Every shipped template, read once per process, ordered by id. */
export function loadTemplates(): Promise<readonly PipelineTemplate[]> {
  loaded ??= readTemplates(TEMPLATES_DIR).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
