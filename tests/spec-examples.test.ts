import { describe, expect, it } from 'vitest';
import { documentedExamples, loadSpec, resolveRef, SPEC_NAMES, specValidator } from './support/spec.js';

const validator = specValidator();

describe.each(SPEC_NAMES)('specs/%s.yaml examples', (name) => {
  const examples = documentedExamples(loadSpec(name));

  it('documents an example for every response with a body, of every operation', () => {
    const doc = loadSpec(name);
    for (const [path, item] of Object.entries<
      Record<string, { responses: Record<string, { $ref?: string; content?: object }> }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (!resolveRef(doc, response).content) continue;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          expect(
            examples.some((e) => `${e.where} `.startsWith(`${where} `)),
            where,
          ).toBe(true);
        }
      }
    }
  });

  it.each(examples.map((e) => [e.where, e]))('%s matches its schema', (_, example) => {
    expect(validator.check(name, example.schemaPath, example.value)).toBe('');
  });
});

describe('the example check', () => {
  const [request] = documentedExamples(loadSpec('mesh')).filter(
    (e) => e.part === 'request' && e.operationId === 'createLinkToken',
  );

  it("rejects the vendor document's request example, whose configurationId the schema forbids", () => {
    const documented = { ...(request!.value as object), configurationId: '18a20b11-e47f-43b9-8546-94284e9ee547' };
    expect(validator.check('mesh', request!.schemaPath, documented)).toMatch(/additional properties/);
  });

  it("enforces the spec's constraints (maxLength, format: uuid)", () => {
    const value = request!.value as Record<string, unknown>;
    expect(validator.check('mesh', request!.schemaPath, { ...value, userId: 'x'.repeat(301) })).toMatch(
      /300 characters/,
    );
    expect(validator.check('mesh', request!.schemaPath, { ...value, integrationId: 'not-a-uuid' })).toMatch(/uuid/);
  });
});
