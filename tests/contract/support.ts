// What the contract suites share: clients pointed at the mocks, a record of what Prism said
// about every request, and the documented operations read from the specs at test time.
import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError } from '@org/refold';
import type { Middleware } from 'openapi-fetch';
import { operationTable as meshTable } from '../../packages/mesh/src/generated/operations.js';
import { operationTable as refoldTable } from '../../packages/refold/src/generated/operations.js';
import { type Doc, documentedExamples, loadSpec, resolveRef, type SpecName, specValidator } from '../support/spec.js';

const specs: Record<SpecName, Doc> = { refold: loadSpec('refold'), mesh: loadSpec('mesh') };
const validator = specValidator();

const entry = (spec: SpecName, operationId: string) =>
  ((spec === 'refold' ? refoldTable : meshTable) as Record<string, { method: string; body?: { spread: boolean } }>)[
    operationId
  ];
/** A GET with a JSON body (Mesh's verifyTransfer): only Node's http can send it, fetch cannot. */
export const getWithBody = (spec: SpecName, operationId: string) =>
  entry(spec, operationId)?.method === 'GET' && entry(spec, operationId)?.body !== undefined;
/** Where each operation's body goes in a method's params: beside them, or under `body`. */
const spreads = (spec: SpecName, operationId: string) => entry(spec, operationId)?.body?.spread !== false;
/** The operation's HTTP method. */
export const methodOf = (spec: SpecName, operationId: string) => entry(spec, operationId)?.method;

export interface Exchange {
  url: string;
  status: number;
  /** Prism's `sl-violations` header: what the request (or response) breaks in the spec. */
  violations: string | null;
  body: string;
}

/** Every exchange the clients had, in order; a suite clears it per test. */
export const exchanges: Exchange[] = [];

/** Watches every answer the client's openapi-fetch receives, whatever the transport under it. */
const watch: Middleware = {
  async onResponse({ request, response }) {
    exchanges.push({
      url: request.url,
      status: response.status,
      violations: response.headers.get('sl-violations'),
      body: await response.clone().text(),
    });
  },
};

export type ApiClient = Refold | Mesh;

export { SENDERS } from '@org/core/testing';

/** A client whose answers land in `exchanges`. */
export function watched<Client extends ApiClient>(client: Client): Client {
  client.api.use(watch);
  return client;
}

/** Both clients, pointed at the mocks. */
export function clients(
  urls: { refold: string; mesh: string },
  options: { fetch?: typeof fetch } = {},
): Record<SpecName, ApiClient> {
  const common = { maxRetries: 0, ...(options.fetch && { fetch: options.fetch }) };
  return {
    // Both of Refold's credentials: some operations take only a linked account's session token.
    refold: watched(
      new Refold({
        ...common,
        apiKey: 'tk_contract',
        baseUrl: urls.refold,
        defaultHeaders: { authorization: 'Bearer contract-session-token' },
      }),
    ),
    mesh: watched(
      new Mesh({ ...common, clientId: 'contract-client', clientSecret: 'contract-secret', baseUrl: urls.mesh }),
    ),
  };
}

export const APIErrorOf: Record<SpecName, typeof RefoldAPIError | typeof MeshAPIError> = {
  refold: RefoldAPIError,
  mesh: MeshAPIError,
};

export interface Operation {
  spec: SpecName;
  operationId: string;
  /** The method's input, built from the spec's request and parameter examples. */
  input: Record<string, unknown>;
  /** Each documented response example, with the status and the schema it documents. */
  responses: { status: number; name: string; value: unknown; schemaPath: string[] }[];
}

/** Every operation of both specs. A client's methods are named by operationId and take parameters and body as one object. */
export function operations(): Operation[] {
  const out = new Map<string, Operation>();
  for (const spec of ['refold', 'mesh'] as const) {
    for (const example of documentedExamples(loadSpec(spec)).filter((e) => !e.webhook)) {
      const key = `${spec}.${example.operationId}`;
      const op = out.get(key) ?? { spec, operationId: example.operationId, input: {}, responses: [] };
      out.set(key, op);
      if (example.part === 'request') {
        if (spreads(spec, example.operationId)) Object.assign(op.input, example.value);
        else op.input.body = example.value;
      } else if (/^\d{3}$/.test(example.part)) {
        op.responses.push({
          status: Number(example.part),
          name: example.name,
          value: example.value,
          schemaPath: example.schemaPath,
        });
      } else op.input[example.part] = example.value; // a parameter example
    }
  }
  for (const op of out.values()) fillRequiredParameters(op);
  return [...out.values()];
}

/**
 * Gives every required parameter that has no example in the spec (a shared `slug` header, a
 * path-level id) a value its schema allows: its default, its first enum value, or one of its
 * type. Prism checks the request either way; this only makes the call valid.
 */
function fillRequiredParameters(op: Operation): void {
  const doc = specs[op.spec];
  for (const item of Object.values<Doc>(doc.paths)) {
    for (const [method, operation] of Object.entries<Doc>(item)) {
      if (method === 'parameters' || operation?.operationId !== op.operationId) continue;
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: Doc) => resolveRef(doc, p));
      for (const param of params) {
        if (!param.required || op.input[param.name] !== undefined) continue;
        const schema = resolveRef(doc, param.schema ?? {});
        op.input[param.name] =
          param.example ??
          schema.default ??
          schema.enum?.[0] ??
          ({ integer: 1, number: 1, boolean: true } as Record<string, unknown>)[schema.type] ??
          `example-${param.name}`;
      }
    }
  }
}

/** Calls the client method named by the operation. */
export function call(client: ApiClient, operationId: string, input: unknown, options?: object): Promise<unknown> {
  const method = (client as unknown as Record<string, unknown>)[operationId];
  if (typeof method !== 'function')
    throw new Error(
      `${client.constructor.name} has no method ${operationId}: add it (see README, "Adding an operation")`,
    );
  return method.call(client, input, options) as Promise<unknown>;
}

/** Where operation `operationId`'s 2xx response schema is in its spec. */
function successSchemaPath(spec: SpecName, operationId: string): string[] | undefined {
  for (const [path, item] of Object.entries<Doc>(specs[spec].paths)) {
    for (const [method, op] of Object.entries<Doc>(item)) {
      if (op?.operationId !== operationId) continue;
      const status = Object.keys(op.responses).find((code) => /^2\d\d$/.test(code));
      return status ? ['paths', path, method, 'responses', status, 'content', 'application/json', 'schema'] : undefined;
    }
  }
  return undefined;
}

/**
 * What the client must make of an answer, read from the spec here, apart from the generated
 * operation table and with Ajv rather than the client's validator: a 2xx resolves to its body
 * (under the spec's `x-envelope`, to its `content` when its status is `ok`) if the body matches
 * the success schema, and not its branch marked `x-failure`; anything else is an API error.
 */
export function expectedOutcome(
  op: Operation,
  status: number,
  body: unknown,
): { resolves: unknown } | { rejects: 'APIError' } {
  const rejects = { rejects: 'APIError' } as const;
  const schemaPath = successSchemaPath(op.spec, op.operationId);
  if (status < 200 || status > 299 || !schemaPath || body === undefined) return rejects;
  const envelope = specs[op.spec]['x-envelope'] as { status: string; ok: string; content: string } | undefined;
  const record = (body ?? {}) as Record<string, unknown>;
  const schema = schemaPath.reduce<Doc>((node, key) => node[key], specs[op.spec]);
  if (envelope) {
    if (typeof body !== 'object' || record[envelope.status] !== envelope.ok) return rejects;
    // An envelope that has no content (an acknowledgement) resolves to nothing.
    if (!Object.hasOwn(resolveRef(specs[op.spec], schema).properties ?? {}, envelope.content))
      return { resolves: undefined };
    if (record[envelope.content] == null) return rejects;
  }
  const keyword = ['oneOf', 'anyOf'].find((k) => Array.isArray(schema[k]));
  const branches: string[][] = keyword
    ? schema[keyword].map((_: unknown, i: number) => [...schemaPath, keyword, String(i)])
    : [schemaPath];
  const failure = (path: string[]) => {
    const branch = path.reduce<Doc>((node, key) => node[key], specs[op.spec]);
    return resolveRef(specs[op.spec], branch)['x-failure'] === true;
  };
  const matches = branches.some((path) => !failure(path) && validator.check(op.spec, path, body) === '');
  if (!matches) return rejects;
  return { resolves: envelope ? record[envelope.content] : body };
}
