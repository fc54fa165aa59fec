// Which operation of the spec a request is, found from its method and path. The transport sees
// only a Request (from a method or from `.api`), yet needs the operation's path template, to
// log `/linked-accounts/{id}` rather than a customer's e-mail, and its `x-idempotent`, to know
// whether a failed attempt may be repeated.
import type { OperationRules } from './validate.js';

export interface Operations {
  /** The operation `method` + `url` calls, if the spec has it. */
  find(method: string, url: URL): OperationRules | undefined;
}

export function indexOperations(operations: Readonly<Record<string, OperationRules>>, baseUrl: string): Operations {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const literal = new Map<string, OperationRules>();
  const templated: { method: string; pattern: RegExp; rules: OperationRules }[] = [];
  for (const rules of Object.values(operations)) {
    if (!rules.path.includes('{')) literal.set(`${rules.method} ${rules.path}`, rules);
    else {
      const source = rules.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      templated.push({ method: rules.method, pattern: new RegExp(`^${source.join('[^/]+')}$`), rules });
    }
  }
  return {
    find(method, url) {
      if (!url.pathname.startsWith(basePath)) return undefined;
      const path = url.pathname.slice(basePath.length);
      return literal.get(`${method} ${path}`) ?? templated.find((t) => t.method === method && t.pattern.test(path))?.rules;
    },
  };
}

/** The value of input `name` in a request to `rules`: a query or header parameter, or a body property. */
export function inputOf(rules: OperationRules, name: string, url: URL, headers: Headers, body: string | null): unknown {
  const param = rules.parameters.find((p) => p.name === name);
  if (param?.in === 'query') return url.searchParams.get(name) ?? undefined;
  if (param?.in === 'header') return headers.get(name) ?? undefined;
  if (param || body === null) return undefined;
  try {
    return (JSON.parse(body) as Record<string, unknown> | null)?.[name];
  } catch {
    return undefined;
  }
}
