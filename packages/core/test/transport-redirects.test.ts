// Which redirects the transport follows, and the one it refuses. Over both senders (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { type Handler, json, startServer } from '../testing/server.js';
import {
  API_KEY,
  errors,
  post,
  REQUEST_BODY,
  rejectionOf,
  SENDERS,
  sequence,
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

  describe('transport: redirects', () => {
    const redirect =
      (code: number, location: string): Handler =>
      (_, res) => {
        res.writeHead(code, { location, 'content-length': '0' });
        res.end();
      };

    it('follows a 307, repeating the POST with its body', async () => {
      server.handle(sequence(redirect(307, '/moved'), status(200, { ok: true })));
      const response = await transport()(post());
      expect(await response.json()).toEqual({ ok: true });
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/x', REQUEST_BODY],
        ['POST', '/moved', REQUEST_BODY],
      ]);
    });

    it('follows a 303 with a GET and no body', async () => {
      server.handle(sequence(redirect(303, '/result'), status(200, { ok: true })));
      await transport()(post());
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/x', REQUEST_BODY],
        ['GET', '/result', ''],
      ]);
    });

    it.each([301, 302])(
      'turns a POST into a GET without body or content-type after a %i, as fetch does',
      async (code) => {
        server.handle(sequence(redirect(code, '/moved'), status(200, { ok: true })));
        await transport()(post());
        const [, followed] = server.requests;
        expect([followed!.method, followed!.url, followed!.body]).toEqual(['GET', '/moved', '']);
        expect(followed!.headers['content-type']).toBeUndefined();
        expect(followed!.headers['x-api-key']).toBe(API_KEY); // same origin: credentials stay
      },
    );

    it('keeps a PUT as it is after a 301', async () => {
      server.handle(sequence(redirect(301, '/moved'), status(200, { ok: true })));
      await transport()(post('/x', { method: 'PUT' }));
      expect(server.requests.map((r) => [r.method, r.body])).toEqual([
        ['PUT', REQUEST_BODY],
        ['PUT', REQUEST_BODY],
      ]);
    });

    it('refuses a redirect whose location is not a URL', async () => {
      server.handle(redirect(307, 'http://[invalid'));
      const err = await rejectionOf(transport()(post()));
      expect(err).toBeInstanceOf(errors.APIError);
      expect(err.message).toMatch(/invalid location/);
    });

    it('refuses a redirect to another origin, so credentials and body stay where they were sent', async () => {
      const other = await startServer((_, res) => json(res, 200, { ok: true }));
      try {
        server.handle(redirect(308, `${other.url}/elsewhere`));
        const err = await rejectionOf(transport()(post()));
        expect(err).toBeInstanceOf(errors.APIError);
        expect(err).toMatchObject({ status: 308 });
        expect(err.message).toContain(`another origin (${other.url})`);
        expect(other.requests).toHaveLength(0);
      } finally {
        await other.close();
      }
    });

    it('stops after 5 redirects', async () => {
      server.handle(redirect(302, '/x'));
      const err = await rejectionOf(transport()(post()));
      expect(err.message).toMatch(/more than 5 times/);
      expect(server.requests).toHaveLength(6);
    });
  });
});
