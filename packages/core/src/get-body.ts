// Mesh's transfer verification (`GET /api/v1/transfers/managed/verify`) is a GET that reads a
// JSON body. A fetch Request refuses a body on a GET, so openapi-fetch is given this Request
// class for such a call: it keeps the body beside the request, for the transport to send.

const bodies = new WeakMap<Request, string>();
let GetWithBody: typeof Request | undefined;

/** A Request class whose instances keep a GET's (or HEAD's) body aside instead of refusing it. */
export function requestKeepingGetBody(): typeof Request {
  GetWithBody ??= class extends Request {
    constructor(input: Request | string | URL, init: RequestInit = {}) {
      const { body, ...rest } = init;
      super(input, rest);
      if (typeof body === 'string') bodies.set(this, body);
    }
  };
  return GetWithBody;
}

/** The body a request carries, in the request or kept aside. */
export async function bodyOf(request: Request): Promise<string | null> {
  return bodies.get(request) ?? (request.body ? await request.text() : null);
}

export const refusesBody = (method: string): boolean => method === 'GET' || method === 'HEAD';
