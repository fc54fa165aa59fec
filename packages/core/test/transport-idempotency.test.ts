// A request is repeated only when repeating it cannot do anything twice: the operation is safe to
// repeat (its method, or the spec's x-idempotent), or the failure proves it was not processed.
// Over both senders, against real servers (support.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countingFetch,
  deadUrl,
  errors,
  hang,
  post,
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

/** Sends the headers and half the body of a 200, then cuts the connection: the server did the work. */
const cutOff200 = () =>
  sequence(
    (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '40' });
      res.write('{"linkToken":"lt_');
      setTimeout(() => res.destroy(), 20);
    },
    status(200, { ok: true }),
  );

describe.each(SENDERS)('over %s', (_, fetchImpl) => {
  beforeAll(() => {
    setSender(fetchImpl);
  });

  describe('a POST that is not idempotent (minting, moving money)', () => {
    it.each([500, 502, 504, 408, 409])('is not repeated after a %i: the server may have processed it', async (code) => {
      server.handle(sequence(status(code), status(200, { ok: true })));
      const response = await transport()(post('/mint'));
      expect(response.status).toBe(code);
      expect(server.requests).toHaveLength(1);
    });

    it('is not repeated after its answer was cut off', async () => {
      server.handle(cutOff200());
      expect(await rejectionOf(transport()(post('/mint')))).toBeInstanceOf(errors.ConnectionError);
      expect(server.requests).toHaveLength(1);
    });

    it('is not repeated after a timeout once sent', async () => {
      server.handle(sequence(hang, status(200, { ok: true })));
      expect(await rejectionOf(transport({ timeoutMs: 100 })(post('/mint')))).toBeInstanceOf(errors.TimeoutError);
      expect(server.requests).toHaveLength(1);
    });

    it.each([503, 429])('is repeated after a %i, which says it was not processed', async (code) => {
      server.handle(sequence(status(code), status(200, { ok: true })));
      const response = await transport()(post('/mint'));
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(2);
    });

    it('is repeated after a refused connection, which never reached a server', async () => {
      const url = await deadUrl();
      const counted = countingFetch();
      const err = await rejectionOf(
        transport({ fetch: fetchImpl && counted.fetch, maxRetries: 2 })(
          new Request(`${url}/mint`, { method: 'POST', body: '{}' }),
        ),
      );
      expect(err).toBeInstanceOf(errors.ConnectionError);
      if (fetchImpl) expect(counted.calls()).toBe(3);
    });
  });

  describe('an operation the spec marks x-idempotent', () => {
    it('is repeated after a 500 or a cut-off answer, as a GET would be', async () => {
      server.handle(sequence(status(500), status(200, { ok: true })));
      expect((await transport()(post('/tokens'))).status).toBe(200);
      expect(server.requests).toHaveLength(2);
    });

    it('is not repeated when the input named by `unless` is set (force a new token)', async () => {
      server.handle(sequence(status(500), status(200, { ok: true })));
      expect((await transport()(post('/tokens?force=true'))).status).toBe(500);
      expect(server.requests).toHaveLength(1);
    });

    it('is repeated when that input is false', async () => {
      server.handle(sequence(status(502), status(200, { ok: true })));
      expect((await transport()(post('/tokens?force=false'))).status).toBe(200);
      expect(server.requests).toHaveLength(2);
    });
  });

  it('does not repeat a POST whose kept-alive connection broke after it was sent: the server may have processed it', async () => {
    let processed = 0;
    // A warm-up answer, then the server processes the POST and drops the connection (a crash, a deploy).
    server.handle(
      sequence(
        status(200, { ok: true }),
        (_, __, socket) => {
          processed++;
          socket.destroy();
        },
        status(200, { ok: true }),
      ),
    );
    const send = transport();
    expect((await send(post('/mint'))).status).toBe(200);
    expect(await rejectionOf(send(post('/mint')))).toBeInstanceOf(errors.ConnectionError);
    expect(processed).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('does not repeat a POST that a 303 answered, whatever befalls the GET that follows', async () => {
    // The 303 says the POST was processed; a 503 on the follow-up GET says nothing about the POST.
    server.handle((request, res) =>
      request.method === 'POST'
        ? void res.writeHead(303, { location: '/items/1' }).end()
        : status(503)(request, res, undefined as never),
    );
    const response = await transport()(post('/mint'));
    expect(response.status).toBe(503);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('does not repeat a request after close(): close() itself may have cut it', async () => {
    server.handle(hang);
    const send = transport({ timeoutMs: 5_000 });
    const pending = send(new Request(`${server.url}/items/1`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    send.close();
    const err = await rejectionOf(pending);
    expect(err).toBeInstanceOf(errors.SDKError);
    expect(server.requests).toHaveLength(1);
  });

  it('repeats a GET, PUT or DELETE after a cut-off answer', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      server.requests.length = 0;
      server.handle(cutOff200());
      const response = await transport()(
        new Request(`${server.url}/items/1`, { method, ...(method === 'PUT' && { body: '{}' }) }),
      );
      expect(response.status, method).toBe(200);
      expect(server.requests, method).toHaveLength(2);
    }
  });
});
