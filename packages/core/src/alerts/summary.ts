export interface SummaryFacts {
  rule: string;
  measurement: string | null;
  field: string | null;
  series: string;
  tags: Readonly<Record<string, string>>;
  value: number | null;
  title?: string | undefined;
}

const formatValue = (value: number | null) => (value === null ? '–' : Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 3));

/** Fills a rule's summary template; an unknown placeholder stays as written, so a typo shows. */
export function fillSummary(template: string, facts: SummaryFacts): string {
  const filled = template.replace(/\{([A-Za-z0-9_.]+)\}/g, (placeholder, name: string) => {
    if (name === 'value') return formatValue(facts.value);
    if (name === 'rule') return facts.rule;
    if (name === 'measurement') return facts.measurement ?? '';
    if (name === 'field') return facts.field ?? '';
    if (name === 'series') return facts.series;
    if (name === 'title') return facts.title ?? '';
    if (name.startsWith('tag.')) return facts.tags[name.slice(4)] ?? placeholder;
    return placeholder;
  });
  return filled.slice(0, 1000);
}
