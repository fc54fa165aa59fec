// `@org/refold/testing`: a mock of the Refold API for your own tests, built from the same spec
// and examples as this package's contract suite. Needs msw 2 (`npm install -D msw`).
import { type ApiMock, createApiMock } from '@org/core/mock';
import { documentedAnswers } from './generated/answers.js';
import { operationTable, servers } from './generated/operations.js';

export type { ForcedAnswer, MockRequest } from '@org/core/mock';

/** The mock of Refold: MSW `handlers`, the `requests` they received, answers a test can force. */
export type RefoldMock = ApiMock<keyof typeof operationTable>;

/**
 * A mock of every Refold operation, answering its documented example: on Refold's server, or on
 * `baseUrl` if you give your client one.
 *
 * ```ts
 * const refold = createRefoldMock();
 * const server = setupServer(...refold.handlers); // from 'msw/node'
 * refold.respond('getTokenForLinkedAccount', 401); // the documented 401, until refold.reset()
 * ```
 */
export function createRefoldMock(options: { baseUrl?: string } = {}): RefoldMock {
  return createApiMock(
    'Refold',
    operationTable,
    documentedAnswers,
    options.baseUrl ? [options.baseUrl] : servers.map((server) => server.url),
  );
}
