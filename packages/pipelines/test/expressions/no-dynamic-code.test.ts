import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const sourceDir = new URL('../../src/expressions/', import.meta.url);

describe('expression language sources', () => {
  it('never evaluate code: no eval, Function constructor or vm', () => {
    const files = readdirSync(sourceDir).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(new URL(file, sourceDir), 'utf8');
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(|node:vm|from 'vm'/);
    }
  });
});
