// Extracts from an OpenAPI 3.1 document what a client must check before it sends a request:
// per operation, its parameters and its JSON body as self-contained JSON Schema, $refs inlined
// and everything that is not a validation keyword (descriptions, examples) dropped.

const KEYWORDS = new Set([
  'type', 'enum', 'const', 'format', 'pattern',
  'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
  'required', 'properties', 'additionalProperties', 'items', 'anyOf', 'oneOf', 'allOf',
]);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function requestRules(doc) {
  const rules = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const body = op.requestBody && deref(doc, op.requestBody);
      const json = body?.content?.['application/json'];
      rules[op.operationId] = {
        method: method.toUpperCase(),
        path,
        parameters: params.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: clean(doc, p.schema ?? {}),
        })),
        ...(json && { body: { required: body.required === true, schema: clean(doc, json.schema ?? {}) } }),
        ...(op['x-idempotent'] !== undefined && { idempotent: idempotency(op['x-idempotent'], `${method.toUpperCase()} ${path}`, params, json) }),
      };
    }
  }
  return rules;
}

/**
 * `x-idempotent`: `true` when repeating the operation is always safe, or `{ unless: name }` when
 * it is safe unless input `name` (a parameter or a body property) is set. The retry policy reads it.
 */
function idempotency(value, where, params, json) {
  if (value === true) return true;
  const name = value?.unless;
  const known = params.some((p) => p.name === name) || json?.schema !== undefined;
  if (typeof name !== 'string' || !known || Object.keys(value).length !== 1) {
    throw new Error(`${where}: x-idempotent must be true or { unless: <a parameter or body property> }, got ${JSON.stringify(value)}`);
  }
  return { unless: name };
}

function deref(doc, node, seen = []) {
  if (!node || typeof node.$ref !== 'string') return node;
  const ref = node.$ref;
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
  if (seen.includes(ref)) throw new Error(`Circular $ref ${[...seen, ref].join(' -> ')}`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce((obj, key) => obj?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  if (target === undefined) throw new Error(`Unresolved $ref ${ref}`);
  // 3.1 allows siblings of $ref: they apply together with the target.
  const { $ref, ...siblings } = node;
  const resolved = deref(doc, target, [...seen, ref]);
  return Object.keys(siblings).length ? { allOf: [resolved], ...siblings } : resolved;
}

function clean(doc, schema, seen = []) {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) throw new Error(`Circular schema ${schema.$ref}`);
    return clean(doc, deref(doc, schema), [...seen, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(doc, v, seen)]));
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      out[key] = value.map((v) => clean(doc, v, seen));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = clean(doc, value, seen);
    } else {
      out[key] = value;
    }
  }
  return out;
}
