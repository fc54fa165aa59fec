// What an operation of an OpenAPI document (ours or a vendor's, 3.0 or 3.1) sends and may
// answer, as far as comparing two documents goes: its parameters (and whether each is
// required), its JSON body's properties, and its response statuses. Used by
// tests/vendor-deviations.test.ts (our spec against the vendor's) and scripts/vendor-diff.mjs (a
// vendor's newer document against the copy pinned in vendor/).

import { resolveRef as deref } from './refs.mjs';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of `doc`, by `METHOD path`, with its shape. */
export function operationsOf(doc) {
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS)
      if (item[method]) out.set(`${method.toUpperCase()} ${path}`, shapeOf(doc, item, item[method]));
  }
  return out;
}

export function shapeOf(doc, item, op) {
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
  // Mesh's swagger wraps each body's $ref in a one-element allOf.
  const wrapped = deref(doc, op.requestBody?.content?.['application/json']?.schema ?? {}) ?? {};
  const body = wrapped.allOf?.length === 1 ? deref(doc, wrapped.allOf[0]) : wrapped;
  return {
    operationId: op.operationId,
    summary: op.summary,
    deprecated: op.deprecated === true,
    parameters: new Map(params.map((p) => [`${p.in} ${p.name}`, p.required === true])),
    body: new Set(Object.keys(deref(doc, body)?.properties ?? {})),
    hasBody: op.requestBody !== undefined,
    responses: new Set(Object.keys(op.responses ?? {})),
  };
}

/** The named enums of a document's components: name → its values. */
export function enumsOf(doc) {
  return new Map(
    Object.entries(doc.components?.schemas ?? {})
      .filter(([, schema]) => Array.isArray(schema.enum))
      .map(([name, schema]) => [name, schema.enum]),
  );
}
