import type { PipelineTemplate } from '@facilflow/contracts';

export type TemplateValue = string | number | boolean;

const WHOLE = /^\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}$/;
const INSIDE = /\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}/g;

/** The template's params given or defaulted, checked against their declarations; every problem at once. */
export function resolveTemplateParams(template: PipelineTemplate, given: Readonly<Record<string, TemplateValue>>): { values: Record<string, TemplateValue>; problems: string[] } {
  const problems: string[] = [];
  for (const name of Object.keys(given)) if (!Object.hasOwn(template.params, name)) problems.push(`"${name}" is not a param of template ${template.id}`);
  const values: Record<string, TemplateValue> = {};
  for (const [name, declared] of Object.entries(template.params)) {
    const value = Object.hasOwn(given, name) ? given[name] : declared.default;
    if (value === undefined) problems.push(`"${name}" has no default and was not given`);
    else if (typeof value !== declared.type) problems.push(`"${name}" must be a ${declared.type}`);
    else if (typeof value === 'string' && declared.pattern !== undefined && !new RegExp(declared.pattern, 'u').test(value)) problems.push(`"${name}" must match ${declared.pattern}`);
    else values[name] = value;
  }
  return { values, problems };
}

function fill(node: unknown, values: Readonly<Record<string, TemplateValue>>): unknown {
  if (typeof node === 'string') {
    const whole = WHOLE.exec(node);
    if (whole) return values[whole[1] as string] ?? node;
    return node.replace(INSIDE, (placeholder, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : placeholder));
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, values)]));
  return node;
}

/**
 * The template's spec with every `{{param}}` replaced: a string that is one placeholder takes the
 * value with its type, a placeholder inside text is written into it. The result still has to be
 * validated as a pipeline spec.
 */
export function fillTemplate(template: PipelineTemplate, values: Readonly<Record<string, TemplateValue>>): Record<string, unknown> {
  return fill(template.spec, values) as Record<string, unknown>;
}
