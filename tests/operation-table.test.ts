// The generator of the operation table (scripts/operation-table.mjs) on small documents: where
// a body goes, what the spec's extensions make of an operation, and the mistakes it refuses.
import { describe, expect, it } from 'vitest';
import { operationTable } from '../scripts/operation-table.mjs';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const doc = (operation: object, extra: object = {}) => ({
  paths: { '/things/{id}': { post: { operationId: 'op', responses: {}, ...operation } } },
  ...extra,
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

describe('operationTable', () => {
  it('spreads an object body beside the parameters, unless a name collides or the body is no object', () => {
    const object = json({ type: 'object', properties: { name: { type: 'string' } } });
    expect(operationTable(doc({ parameters: [idParam], requestBody: object })).op.body.spread).toBe(true);
    const colliding = json({ type: 'object', properties: { id: { type: 'string' } } });
    expect(operationTable(doc({ parameters: [idParam], requestBody: colliding })).op.body.spread).toBe(false);
    expect(
      operationTable(doc({ requestBody: json({ type: 'array', items: { type: 'string' } }) })).op.body.spread,
    ).toBe(false);
  });

  it('reads x-idempotent, and refuses an `unless` that names no input', () => {
    const body = json({ type: 'object', properties: { force: { type: 'boolean' } } });
    expect(operationTable(doc({ 'x-idempotent': true })).op.idempotent).toBe(true);
    expect(operationTable(doc({ 'x-idempotent': { unless: 'force' }, requestBody: body })).op.idempotent).toEqual({
      unless: 'force',
    });
    expect(() => operationTable(doc({ 'x-idempotent': { unless: 'forse' }, requestBody: body }))).toThrow(
      /x-idempotent must be true or \{ unless/,
    );
  });

  it('reads the success rules: the required properties, an x-failure branch, the document’s x-envelope', () => {
    const ok = {
      type: 'object',
      required: ['token'],
      properties: { token: { type: 'string', minLength: 1, description: 'dropped' } },
    };
    const failure = {
      'x-failure': true,
      type: 'object',
      required: ['error'],
      properties: { error: { type: 'string' } },
    };
    const table = operationTable(doc({ responses: { '200': json({ anyOf: [ok, failure] }) } }));
    expect(table.op.success).toEqual({
      failure: { property: 'error' },
      requires: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1 } } },
    });
    const envelope = { status: 'status', ok: 'ok', content: 'content' };
    const wrapped = {
      type: 'object',
      properties: {
        status: { type: 'string' },
        content: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      },
    };
    expect(operationTable(doc({ responses: { '201': json(wrapped) } }, { 'x-envelope': envelope })).op.success).toEqual(
      {
        envelope,
        requires: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      },
    );
  });

  it('reads an envelope without content as one that resolves to nothing, and the content’s non-null branch', () => {
    const envelope = { status: 'status', ok: 'ok', content: 'content' };
    const acknowledgement = {
      type: 'object',
      properties: { status: { type: 'string' }, message: { type: ['string', 'null'] } },
    };
    expect(
      operationTable(doc({ responses: { '200': json(acknowledgement) } }, { 'x-envelope': envelope })).op.success,
    ).toEqual({ envelope: { status: 'status', ok: 'ok' } });
    expect(() =>
      operationTable(
        doc(
          { responses: { '200': json({ oneOf: [acknowledgement, { type: 'object' }] }) } },
          { 'x-envelope': envelope },
        ),
      ),
    ).toThrow(/must be an object of properties/);
    // Mesh's swagger makes every content nullable: the required properties are the object branch's.
    const nullable = {
      type: 'object',
      properties: {
        content: {
          anyOf: [
            { type: 'object', required: ['linkToken'], properties: { linkToken: { type: 'string' } } },
            { type: 'null' },
          ],
        },
      },
    };
    expect(
      operationTable(doc({ responses: { '200': json(nullable) } }, { 'x-envelope': envelope })).op.success.requires,
    ).toEqual({
      type: 'object',
      required: ['linkToken'],
      properties: { linkToken: { type: 'string' } },
    });
  });

  it('drops the values of an x-open-enum from the rules, keeping its type; a closed enum keeps them', () => {
    const schemas = {
      Broker: { type: 'string', enum: ['coinbase', 'kraken'], 'x-open-enum': true },
      Side: { type: 'string', enum: ['buy', 'sell'] },
    };
    const body = json({
      type: 'object',
      properties: { broker: { $ref: '#/components/schemas/Broker' }, side: { $ref: '#/components/schemas/Side' } },
    });
    const table = operationTable(doc({ requestBody: body }, { components: { schemas } }));
    expect(table.op.body.schema.properties).toEqual({
      broker: { type: 'string' },
      side: { type: 'string', enum: ['buy', 'sell'] },
    });
  });

  it('reads x-paginated by page, by offset and by cursor, and refuses one that names no input', () => {
    const query = (...names: string[]) =>
      names.map((name) => ({ name, in: 'query', required: false, schema: { type: 'integer' } }));
    expect(
      operationTable(doc({ parameters: query('page', 'limit'), 'x-paginated': { items: 'docs' } })).op.paginated,
    ).toEqual({ items: 'docs' });
    const offset = { items: 'items', offset: 'Offset', limit: 'Count', total: 'total' };
    expect(operationTable(doc({ parameters: query('Offset', 'Count'), 'x-paginated': offset })).op.paginated).toEqual(
      offset,
    );
    const cursorBody = json({ type: 'object', properties: { cursor: { type: ['string', 'null'] } } });
    expect(
      operationTable(doc({ requestBody: cursorBody, 'x-paginated': { items: 'transfers', cursor: 'cursor' } })).op
        .paginated,
    ).toEqual({ items: 'transfers', cursor: 'cursor' });
    expect(() =>
      operationTable(doc({ parameters: query('Offset'), 'x-paginated': { items: 'items', offset: 'Ofset' } })),
    ).toThrow(/names "Ofset", which is no input/);
    expect(() =>
      operationTable(
        doc({ requestBody: cursorBody, 'x-paginated': { items: 'items', cursor: 'cursor', offset: 'cursor' } }),
      ),
    ).toThrow(/by cursor or by offset, not both/);
    expect(() => operationTable(doc({ 'x-paginated': { items: 'items' } }))).toThrow(/needs a `page` query parameter/);
    expect(() =>
      operationTable(doc({ parameters: query('page'), 'x-paginated': { items: 'items', pageSize: 'n' } })),
    ).toThrow(/must be \{ items/);
  });

  it('reads x-no-retry, and refuses it beside x-idempotent', () => {
    expect(operationTable(doc({ 'x-no-retry': true })).op.noRetry).toBe(true);
    expect(operationTable(doc({})).op.noRetry).toBeUndefined();
    expect(() => operationTable(doc({ 'x-no-retry': 'yes' }))).toThrow(/x-no-retry must be true/);
    expect(() => operationTable(doc({ 'x-no-retry': true, 'x-idempotent': true }))).toThrow(/contradict/);
  });

  it('refuses an operation without an operationId', () => {
    expect(() => operationTable({ paths: { '/x': { get: { responses: {} } } } })).toThrow('GET /x has no operationId');
  });
});
