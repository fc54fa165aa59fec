// An in-process mock of an API for the tests of an application that uses a client: MSW request
// handlers for every operation of the client's table, each answering the spec's documented
// example, with answers a test can force and a record of what was sent. Built from the same
// spec and examples as the contract suite; reached through each package's `/testing` entry, so
// that the main entry neither imports msw nor carries the examples.
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { Operation } from './operations.js';

/** Each operation's documented answers: status → its first example (`null`: documented without a body). */
export type DocumentedAnswers = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** A request the mock received. */
export interface MockRequest {
  readonly operationId: string;
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The JSON body, parsed; the text where it is not JSON; undefined without one. */
  readonly body: unknown;
}

export interface ForcedAnswer {
  /** The body to answer with. Default: the operation's documented example for the status, else none. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many requests get this answer before the documented one comes back. Default: all, until reset(). */
  times?: number;
}

/** The mock of one API: pass `handlers` to MSW's setupServer (or setupWorker). */
export interface ApiMock<OperationId extends string = string> {
  readonly handlers: HttpHandler[];
  /** Every request the mock answered, in order. */
  readonly requests: MockRequest[];
  /**
   * Makes `operationId` answer `status`: with its documented example for that status, or the
   * `body` given (any status works; an undocumented one without a body answers with none).
   */
  respond(operationId: OperationId, status: number, answer?: ForcedAnswer): void;
  /** The operation's documented answers, by status. */
  documented(operationId: OperationId): Readonly<Record<string, unknown>>;
  /** Forgets forced answers and recorded requests. */
  reset(): void;
}

/**
 * The mock of the API whose operations are `table`, on each of `origins` (the spec's servers, or
 * a test's own base URL). An operation answers its first documented 2xx unless a test forced
 * another answer, or the request asks for one as Prism's `Prefer: code=<status>` does.
 */
export function createApiMock<Table extends Readonly<Record<string, Operation>>>(
  name: string,
  table: Table,
  answers: DocumentedAnswers,
  origins: readonly string[],
): ApiMock<Extract<keyof Table, string>> {
  const requests: MockRequest[] = [];
  const forced = new Map<string, { status: number } & ForcedAnswer>();
  const documented = (operationId: string) => {
    const known = answers[operationId];
    if (!known || !Object.hasOwn(table, operationId))
      throw new Error(`${name} mock: there is no operation ${JSON.stringify(operationId)}.`);
    return known;
  };

  const answer = (_operationId: string, status: number, body: unknown, headers: Record<string, string> = {}) =>
    body === undefined || body === null
      ? new HttpResponse(null, { status, headers })
      : HttpResponse.json(body as object, { status, headers });

  const handler = (operationId: string, op: Operation, origin: string): HttpHandler => {
    const method = op.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
    // MSW writes path parameters as `:name`.
    const path = `${origin.replace(/\/+$/, '')}${op.path.replace(/\{([^}]+)\}/g, ':$1')}`;
    return http[method](path, async ({ request }) => {
      requests.push({
        operationId,
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await bodyOf(request),
      });
      const known = answers[operationId] ?? {};
      const force = forced.get(operationId);
      if (force) {
        if (force.times !== undefined && --force.times <= 0) forced.delete(operationId);
        return answer(operationId, force.status, 'body' in force ? force.body : known[force.status], force.headers);
      }
      const preferred = /\bcode=(\d{3})\b/.exec(request.headers.get('prefer') ?? '')?.[1];
      if (preferred && !Object.hasOwn(known, preferred)) {
        return HttpResponse.json(
          {
            message: `${name} mock: ${operationId} documents no ${preferred} answer (it documents ${Object.keys(known).join(', ')}).`,
          },
          { status: 500 },
        );
      }
      const status = preferred ?? Object.keys(known).find((code) => code.startsWith('2')) ?? '200';
      return answer(operationId, Number(status), known[status]);
    });
  };

  // Literal paths first: `/transactions/list` must not be taken for `/transactions/{side}`.
  const entries = Object.entries(table).sort(
    ([, a], [, b]) => Number(a.path.includes('{')) - Number(b.path.includes('{')),
  );
  const handlers = origins.flatMap((origin) => entries.map(([operationId, op]) => handler(operationId, op, origin)));

  return {
    handlers,
    requests,
    respond(operationId, status, forcedAnswer = {}) {
      documented(operationId);
      if (!Number.isInteger(status) || status < 100 || status > 599)
        throw new Error(`${name} mock: ${status} is no HTTP status.`);
      if (forcedAnswer.times !== undefined && (!Number.isInteger(forcedAnswer.times) || forcedAnswer.times < 1))
        throw new Error(`${name} mock: times must be an integer >= 1.`);
      forced.set(operationId, { status, ...forcedAnswer });
    },
    documented,
    reset() {
      forced.clear();
      requests.length = 0;
    },
  };
}

async function bodyOf(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
