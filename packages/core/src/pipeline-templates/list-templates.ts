import type { PipelineTemplate, TemplateSummary } from '@facilflow/contracts';
import { loadTemplates } from '@facilflow/pipelines';

function triggerTypesOf(spec: PipelineTemplate['spec']): string[] {
  const triggers = Array.isArray(spec['triggers']) ? (spec['triggers'] as unknown[]) : [];
  return [...new Set(triggers.map((trigger) => (trigger as { type?: unknown }).type).filter((type): type is string => typeof type === 'string'))];
}

function componentsOf(spec: PipelineTemplate['spec']): string[] {
  const stages = Array.isArray(spec['stages']) ? (spec['stages'] as unknown[]) : [];
  return [...new Set(stages.map((stage) => (stage as { use?: unknown }).use).filter((use): use is string => typeof use === 'string'))];
}

export function toTemplateSummary(template: PipelineTemplate): TemplateSummary {
  return { id: template.id, title: template.title, description: template.description, params: template.params, triggers: triggerTypesOf(template.spec), components: componentsOf(template.spec) };
}

/** The shipped pipeline templates; the same for every tenant. */
export async function listTemplates(): Promise<{ templates: TemplateSummary[] }> {
  return { templates: (await loadTemplates()).map(toTemplateSummary) };
}
