// The generator of the operation table (scripts/operation-table.mjs) on small documents: where
// a body goes, what the spec's extensions make of an operation, and the mistakes it refuses.
import { describe, expect, it } from 'vitest';
import { operationTable } from '../scripts/operation-table.mjs';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const doc = (operation: object, extra: object = {}) => ({ paths: { '/things/{id}': { post: { operationId: 'op', responses: {}, ...operation } } }, ...extra });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

describe('operationTable', () => {
  it('spreads an object body beside the parameters, unless a name collides or the body is no object', () => {
    const object = json({ type: 'object', properties: { name: { type: 'string' } } });
    expect(operationTable(doc({ parameters: [idParam], requestBody: object })).op.body.spread).toBe(true);
    const colliding = json({ type: 'object', properties: { id: { type: 'string' } } });
    expect(operationTable(doc({ parameters: [idParam], requestBody: colliding })).op.body.spread).toBe(false);
    expect(operationTable(doc({ requestBody: json({ type: 'array', items: { type: 'string' } }) })).op.body.spread).toBe(false);
  });

  it('reads x-idempotent, and refuses an `unless` that names no input', () => {
    const body = json({ type: 'object', properties: { force: { type: 'boolean' } } });
    expect(operationTable(doc({ 'x-idempotent': true })).op.idempotent).toBe(true);
    expect(operationTable(doc({ 'x-idempotent': { unless: 'force' }, requestBody: body })).op.idempotent).toEqual({ unless: 'force' });
    expect(() => operationTable(doc({ 'x-idempotent': { unless: 'forse' }, requestBody: body }))).toThrow(/x-idempotent must be true or \{ unless/);
  });

  it('reads the success rules: the required properties, an x-failure branch, the document’s x-envelope', () => {
    const ok = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1, description: 'dropped' } } };
    const failure = { 'x-failure': true, type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
    const table = operationTable(doc({ responses: { '200': json({ anyOf: [ok, failure] }) } }));
    expect(table.op.success).toEqual({
      failure: { property: 'error' },
      requires: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1 } } },
    });
    const envelope = { status: 'status', ok: 'ok', content: 'content' };
    const wrapped = { type: 'object', properties: { status: { type: 'string' }, content: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } };
    expect(operationTable(doc({ responses: { '201': json(wrapped) } }, { 'x-envelope': envelope })).op.success).toEqual({
      envelope,
      requires: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    });
  });

  it('refuses an operation without an operationId', () => {
    expect(() => operationTable({ paths: { '/x': { get: { responses: {} } } } })).toThrow('GET /x has no operationId');
  });
});
