// What the contract suites share: clients pointed at the mocks, a record of what Prism said
// about every request, and the documented operations read from the specs at test time.
import { Mesh, MeshAPIError } from '@org/mesh';
import { Refold, RefoldAPIError } from '@org/refold';
import type { Middleware } from 'openapi-fetch';
import { documentedExamples, loadSpec, type SpecName } from '../support/spec.js';

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

/** The senders users get: Node's http by default, or the `fetch` they pass. */
export const SENDERS = [
  ['Node http', undefined],
  ['fetch', globalThis.fetch],
] as const;

/** A client whose answers land in `exchanges`. */
export function watched<Client extends ApiClient>(client: Client): Client {
  client.api.use(watch);
  return client;
}

/** Both clients, pointed at the mocks. */
export function clients(urls: { refold: string; mesh: string }, options: { fetch?: typeof fetch } = {}): Record<SpecName, ApiClient> {
  const common = { maxRetries: 0, ...(options.fetch && { fetch: options.fetch }) };
  return {
    refold: watched(new Refold({ ...common, apiKey: 'tk_contract', baseUrl: urls.refold })),
    mesh: watched(new Mesh({ ...common, clientId: 'contract-client', clientSecret: 'contract-secret', baseUrl: urls.mesh })),
  };
}

export const APIErrorOf: Record<SpecName, typeof RefoldAPIError | typeof MeshAPIError> = { refold: RefoldAPIError, mesh: MeshAPIError };

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
    for (const example of documentedExamples(loadSpec(spec))) {
      const key = `${spec}.${example.operationId}`;
      const op = out.get(key) ?? { spec, operationId: example.operationId, input: {}, responses: [] };
      out.set(key, op);
      if (example.part === 'request') Object.assign(op.input, example.value);
      else if (/^\d{3}$/.test(example.part)) {
        op.responses.push({ status: Number(example.part), name: example.name, value: example.value, schemaPath: example.schemaPath });
      }
      else op.input[example.part] = example.value; // a parameter example
    }
  }
  return [...out.values()];
}

/** Calls the client method named by the operation. */
export function call(client: ApiClient, operationId: string, input: unknown, options?: object): Promise<unknown> {
  const method = (client as unknown as Record<string, unknown>)[operationId];
  if (typeof method !== 'function') throw new Error(`${client.constructor.name} has no method ${operationId}: add it (see README, "Adding an operation")`);
  return method.call(client, input, options) as Promise<unknown>;
}

/**
 * What the client must make of an answer, by the documents' rules: Refold's body (a token; a
 * migration reported successful, not `{ error }` on a 200), Mesh's `content` only when `status`
 * is `ok`. Anything else is an API error.
 */
const SUCCEEDS: Record<string, (body: Record<string, unknown>) => unknown> = {
  'refold.getTokenForLinkedAccount': (b) => typeof b.token === 'string' && b.token !== '' && b,
  'refold.migrateToken': (b) => !('error' in b) && b.success === true && b,
  'mesh.createLinkToken': (b) => b.status === 'ok' && b.content,
};

export function expectedOutcome(op: Operation, status: number, body: unknown): { resolves: unknown } | { rejects: 'APIError' } {
  const succeeds = SUCCEEDS[`${op.spec}.${op.operationId}`];
  if (!succeeds) throw new Error(`No expected outcome for ${op.spec}.${op.operationId}: add it to SUCCEEDS`);
  const value = status >= 200 && status <= 299 && body && typeof body === 'object' ? succeeds(body as Record<string, unknown>) : false;
  return value ? { resolves: value } : { rejects: 'APIError' };
}
