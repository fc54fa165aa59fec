// Which redirects the transport follows, and the one it refuses. Over both senders (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type Handler } from '../testing/server.js';
import { errors, post, rejection, REQUEST_BODY, SENDERS, sequence, server, setSender, status, transport, useServer } from './support.js';

useServer();

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
  });

  describe('transport: redirects', () => {
    const redirect = (code: number, location: string): Handler => (_, res) => {
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

    it('refuses a redirect to another origin, so credentials and body stay where they were sent', async () => {
      const other = await startServer((_, res) => json(res, 200, { ok: true }));
      try {
        server.handle(redirect(308, `${other.url}/elsewhere`));
        const err = await rejection(transport()(post()));
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
      const err = await rejection(transport()(post()));
      expect(err.message).toMatch(/more than 5 times/);
      expect(server.requests).toHaveLength(6);
    });
  });
});
