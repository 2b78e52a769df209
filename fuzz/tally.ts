import { signature } from './outcome.ts';

export type FindingKind = 'crash' | 'hung' | 'unaudited';

export interface Finding {
  kind: FindingKind;
  target: string;
  /** The operation, codec or function the input was aimed at. */
  subject: string;
  error: string;
  /** Shrunk when the class was first seen (hung inputs are not shrunk: each try costs a deadline). */
  input: string;
  count: number;
}

/** Counts inputs and findings; findings with the same target, subject and error signature are one class. */
export class Tally {
  inputs = 0;
  readonly counts: Record<FindingKind, number> = { crash: 0, hung: 0, unaudited: 0 };
  readonly perTarget = new Map<string, number>();
  /** Wall time spent per target (checks included under "checks"), for tuning the shares. */
  readonly perTargetMs = new Map<string, number>();
  private readonly classes = new Map<string, Finding>();

  countInput(target: string): void {
    this.inputs++;
    this.perTarget.set(target, (this.perTarget.get(target) ?? 0) + 1);
  }

  /** Calls and wall time per subject (operation, codec…): where a slow run spends itself. */
  readonly perSubject = new Map<string, { calls: number; ms: number }>();

  timeSubject(subject: string, ms: number): void {
    const entry = this.perSubject.get(subject) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += ms;
    this.perSubject.set(subject, entry);
  }

  slowest(n: number): string {
    return [...this.perSubject]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, n)
      .map(([name, e]) => `${name} ${e.calls}× ${(e.ms / e.calls).toFixed(1)} ms`)
      .join(', ');
  }

  addTime(target: string, ms: number): void {
    this.perTargetMs.set(target, (this.perTargetMs.get(target) ?? 0) + ms);
  }

  static key(kind: FindingKind, target: string, subject: string, error: string): string {
    return `${kind}|${target}|${subject}|${signature(error)}`;
  }

  has(key: string): boolean {
    return this.classes.has(key);
  }

  /** Returns true when this is the first finding of its class (the caller may then shrink it). */
  add(finding: Omit<Finding, 'count'>, times = 1): boolean {
    this.counts[finding.kind] += times;
    const key = Tally.key(finding.kind, finding.target, finding.subject, finding.error);
    const known = this.classes.get(key);
    if (known) {
      known.count += times;
      return false;
    }
    this.classes.set(key, { ...finding, count: times });
    return true;
  }

  /** Replaces the first example of a class with its shrunk form. */
  refine(key: string, input: string, error?: string): void {
    const known = this.classes.get(key);
    if (!known) return;
    known.input = input;
    if (error) known.error = error;
  }

  findings(): Finding[] {
    return [...this.classes.values()];
  }

  get failed(): boolean {
    return this.counts.crash + this.counts.hung + this.counts.unaudited > 0;
  }

  report(): string[] {
    const lines = this.findings().map(
      (f) => `FAIL ${f.kind} [${f.target}] ${f.subject} ×${f.count}: ${f.error.replace(/\s+/g, ' ').slice(0, 300)}\n     input: ${f.input}`,
    );
    return [...lines, this.finalLine()];
  }

  finalLine(): string {
    return `fuzz: ${this.inputs} inputs, ${this.counts.crash} crashes, ${this.counts.hung} hung, ${this.counts.unaudited} unaudited writes`;
  }
}
