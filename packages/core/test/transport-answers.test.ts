// What the transport hands back for the answers a server gives: successes, empty and odd bodies,
// and the successes openapi-fetch could not parse. Over both senders, against real servers (support.ts).
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { json } from '../testing/server.js';
import {
  API_KEY,
  errors,
  post,
  REQUEST_BODY,
  rejectionOf,
  SENDERS,
  server,
  setSender,
  status,
  transport,
  useServer,
} from './support.js';

useServer();

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
  });

  describe('transport: answers', () => {
    it('returns a success with its body, headers and status', async () => {
      server.handle((_, res) => json(res, 201, { ok: true }, { 'x-request-id': 'req_1' }));
      const response = await transport()(post());
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('req_1');
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/x', body: REQUEST_BODY });
      expect(server.requests[0]!.headers['x-api-key']).toBe(API_KEY);
      expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    });

    it('keeps the query string', async () => {
      server.handle(status(200, {}));
      await transport()(post('/x?force_refresh=true&a=b%20c'));
      expect(server.requests[0]!.url).toBe('/x?force_refresh=true&a=b%20c');
    });

    it('sends a GET without a body', async () => {
      server.handle(status(200, { ok: 1 }));
      const response = await transport()(new Request(`${server.url}/y`));
      expect(await response.json()).toEqual({ ok: 1 });
      expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/y', body: '' });
    });

    it('returns an empty 200 body as empty text', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end();
      });
      const response = await transport()(post());
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    });

    it('returns a 204 with a null body', async () => {
      server.handle((_, res) => {
        res.writeHead(204);
        res.end();
      });
      const response = await transport()(post());
      expect(response.status).toBe(204);
      expect(response.body).toBeNull();
    });

    it('turns malformed JSON in a 200 into an APIError with status 200, not a SyntaxError', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"ok": tru');
      });
      const err = await rejectionOf(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).not.toBeInstanceOf(SyntaxError);
      const apiError = err as InstanceType<typeof errors.APIError>;
      expect(apiError.status).toBe(200);
      expect(apiError.message).toBe('The 200 response is not valid JSON (10 characters).');
      expect(apiError.body).toBeUndefined();
      expect(server.requests).toHaveLength(1);
    });

    // A success payload that fails to parse may hold a token that redaction cannot find in text.
    it('keeps a token out of the APIError for malformed JSON in a 200', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token":"tok_live_SECRET","expire":3600,}');
      });
      const err = await rejectionOf(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(JSON.stringify(err)).not.toContain('SECRET');
      expect(inspect(err, { depth: 10 })).not.toContain('SECRET');
    });

    // openapi-fetch parses every success as JSON, so a proxy's HTML page would be a SyntaxError.
    it('turns a success that is not JSON, whatever its content type, into an APIError', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>proxy login</html>');
      });
      const err = await rejectionOf(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).toMatchObject({ status: 200, message: 'The 200 response is not valid JSON (24 characters).' });
    });

    it('turns a status a Response cannot carry into an APIError', async () => {
      server.handle((_, __, socket) => void socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 2\r\n\r\n{}'));
      const err = await rejectionOf(transport({ maxRetries: 0 })(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err).toMatchObject({ status: 600, message: 'Unexpected HTTP status 600.' });
    });

    it('decodes UTF-8 split across chunks', async () => {
      server.handle(async (_, res) => {
        const bytes = Buffer.from(JSON.stringify({ name: 'Zoë 😀' }));
        res.writeHead(200, { 'content-type': 'application/json' });
        for (const byte of bytes) {
          res.write(Buffer.from([byte]));
        }
        res.end();
      });
      expect(await (await transport()(post())).json()).toEqual({ name: 'Zoë 😀' });
    });
  });
});
