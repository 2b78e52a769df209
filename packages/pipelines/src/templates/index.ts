export { loadTemplates, TEMPLATES_DIR } from './load-templates.ts';
export { fillTemplate, resolveTemplateParams, type TemplateValue } from './fill-template.ts';
