import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { describe, expect, it } from 'vitest';
import { lazyJsonSchemaValidator } from '../src/lazy-json-schema-validator.ts';

describe('lazyJsonSchemaValidator', () => {
  it('builds the Ajv validator on the first schema only, once, and validates with it', () => {
    let built = 0;
    const lazy = lazyJsonSchemaValidator(() => {
      built += 1;
      return new AjvJsonSchemaValidator();
    });
    expect(built).toBe(0);
    const approve = lazy.getValidator({ type: 'object', properties: { approve: { type: 'boolean' } }, required: ['approve'] });
    const named = lazy.getValidator({ type: 'object', properties: { name: { type: 'string', minLength: 1 } } });
    expect(built).toBe(1);
    expect(approve({ approve: true })).toEqual({ valid: true, data: { approve: true }, errorMessage: undefined });
    expect(approve({ approve: 'yes' })).toMatchObject({ valid: false, errorMessage: expect.stringContaining('boolean') });
    expect(named({ name: '' })).toMatchObject({ valid: false });
  });
});
