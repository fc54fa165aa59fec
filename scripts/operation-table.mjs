// The operation table of a client, from its OpenAPI 3.1 document: per operation, what the runtime
// needs to call it (method, path, where each parameter goes, whether the body's properties sit
// beside the parameters) and to judge its answer (when it may be repeated, what makes a 2xx a
// success), with the request rules as self-contained JSON Schema: $refs inlined, everything that
// is not a validation keyword (descriptions, examples) dropped.
//
// Extensions read here, each explained where a spec uses it:
//   x-idempotent (operation)   true, or { unless: <input> }: safe to repeat although a POST;
//                              false: not safe although a PUT or DELETE
//   x-no-retry (operation)     true: never repeated by the client, whatever the failure (money movements)
//   x-failure (schema)         a 2xx body that matches this branch is a failure (Refold's {error})
//   x-envelope (document)      every answer is { <status>: <ok> | …, <content>: … } (Mesh's ApiResult)
//   x-open-enum (schema)       an enum the vendor grows: any value of its type is accepted, the known
//                              ones are listed for autocompletion
//   x-paginated (operation)    { items, cursor? | offset?, limit?, total? }: a list in pages, iterated by `.all()`

const KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
]);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function operationTable(doc) {
  const table = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) throw new Error(`${where} has no operationId`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p));
      const body = op.requestBody && deref(doc, op.requestBody);
      const json = body?.content?.['application/json'];
      const bodySchema = json && clean(doc, json.schema ?? {});
      table[op.operationId] = {
        method: method.toUpperCase(),
        path,
        parameters: params.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: clean(doc, p.schema ?? {}),
        })),
        ...(json && {
          body: { required: body.required === true, schema: bodySchema, spread: spreads(bodySchema, params) },
        }),
        ...(op['x-idempotent'] !== undefined && {
          idempotent: idempotency(op['x-idempotent'], where, params, bodySchema),
        }),
        ...(op['x-no-retry'] !== undefined && { noRetry: noRetry(op, where) }),
        success: success(doc, op, where),
        ...(op['x-paginated'] && { paginated: pagination(op['x-paginated'], where, params, bodySchema) }),
      };
    }
  }
  return table;
}

/**
 * `x-paginated`: `{ items }` names the answer's array of items; how the next page is asked for:
 *   { items }                          the `page` query parameter (and `limit`), with mongoose-paginate's
 *                                      `hasNextPage` / `nextPage` in the answer (Refold)
 *   { items, offset, limit?, total? }  input `offset` skips that many items, `limit` asks for a page size,
 *                                      the answer's `total` counts them all (Mesh's Count/Offset)
 *   { items, cursor }                  input `cursor` takes the answer's `cursor` of the page before
 */
function pagination(value, where, params, bodySchema) {
  const { items, cursor, offset, limit, total, ...unknown } = value ?? {};
  const input = (name) =>
    params.some((p) => p.name === name && p.in !== 'path') || Object.hasOwn(bodySchema?.properties ?? {}, name);
  const fail = (why) => {
    throw new Error(`${where}: x-paginated ${why}, got ${JSON.stringify(value)}`);
  };
  if (typeof items !== 'string' || Object.keys(unknown).length)
    fail('must be { items, cursor? | offset?, limit?, total? }');
  if (cursor !== undefined && (offset ?? limit ?? total) !== undefined) fail('pages by cursor or by offset, not both');
  for (const name of [cursor, offset, limit])
    if (name !== undefined && !input(name)) fail(`names ${JSON.stringify(name)}, which is no input of the operation`);
  if (total !== undefined && offset === undefined) fail('has a total without an offset');
  if (cursor === undefined && offset === undefined && !input('page'))
    fail('needs a `page` query parameter, or a cursor or offset');
  return {
    items,
    ...(cursor && { cursor }),
    ...(offset && { offset }),
    ...(limit && { limit }),
    ...(total && { total }),
  };
}

/**
 * Whether a method takes the body's properties beside the parameters (`{ linked_account_id,
 * slug, auth_object }`) or under `body`: beside them when the body is an object with named
 * properties, none of which a parameter shares.
 */
function spreads(schema, params) {
  const names = Object.keys(schema?.properties ?? {});
  return schema?.type === 'object' && names.length > 0 && !names.some((name) => params.some((p) => p.name === name));
}

/**
 * What makes an answer of the operation a success, beyond a 2xx status: the envelope's status
 * (x-envelope), no failure branch (x-failure), and the required properties of what the method
 * resolves to (the 2xx schema's, or its envelope content's), with their type, const and minLength.
 */
function success(doc, op, where) {
  const [status, response] = Object.entries(op.responses ?? {}).find(([code]) => /^2\d\d$/.test(code)) ?? [];
  const schema = response && deref(doc, response)?.content?.['application/json']?.schema;
  const envelope = doc['x-envelope'];
  const out = {};
  // An envelope whose 2xx schema has no content (an acknowledgement) resolves to nothing; one
  // the generator cannot read as an object of properties might have it, and is refused.
  const resolved = schema && derefSchema(doc, schema);
  if (envelope && resolved && !resolved.properties && (resolved.anyOf || resolved.oneOf || resolved.allOf)) {
    throw new Error(
      `${where} ${status}: an x-envelope answer must be an object of properties, to tell whether it has ${envelope.content}`,
    );
  }
  const content = resolved && Object.hasOwn(resolved.properties ?? {}, envelope?.content);
  if (envelope)
    out.envelope = { status: envelope.status, ok: envelope.ok, ...(content && { content: envelope.content }) };
  if (!schema) return out;
  const branches = (schema.oneOf ?? schema.anyOf ?? [schema]).map((branch) => derefSchema(doc, branch));
  const failures = branches.filter((branch) => branch['x-failure'] === true);
  if (failures.length) {
    const property = failures[0].required?.[0];
    if (failures.length > 1 || failures[0].required?.length !== 1)
      throw new Error(`${where} ${status}: an x-failure branch must require exactly one property`);
    out.failure = { property };
  }
  const result = branches.filter((branch) => !branch['x-failure']);
  if (result.length === 1) {
    const resolved = envelope ? contentOf(doc, result[0].properties?.[envelope.content]) : result[0];
    const required = resolved.required ?? [];
    if (required.length) {
      const properties = Object.fromEntries(
        required.map((name) => {
          const property = clean(doc, resolved.properties?.[name] ?? {});
          return [
            name,
            Object.fromEntries(
              Object.entries(property).filter(([key]) => ['type', 'const', 'minLength'].includes(key)),
            ),
          ];
        }),
      );
      out.requires = { type: 'object', required, properties };
    }
  }
  return out;
}

/** An envelope's content schema, without the `null` branch Mesh's swagger gives every content. */
function contentOf(doc, schema) {
  const resolved = derefSchema(doc, schema ?? {});
  const branches = resolved.anyOf?.filter((branch) => branch.type !== 'null');
  return branches?.length === 1 ? derefSchema(doc, branches[0]) : resolved;
}

function derefSchema(doc, schema) {
  return schema?.$ref ? derefSchema(doc, deref(doc, schema)) : schema;
}

/**
 * `x-idempotent`: `true` when repeating the operation is always safe, or `{ unless: name }` when
 * it is safe unless input `name` (a parameter or a body property) is set. The retry policy reads it.
 */
function idempotency(value, where, params, bodySchema) {
  if (value === true || value === false) return value;
  const name = value?.unless;
  // A misspelt name would make the operation always safe to repeat: it must be a real input.
  const known = params.some((p) => p.name === name) || Object.hasOwn(bodySchema?.properties ?? {}, name);
  if (typeof name !== 'string' || !known || Object.keys(value).length !== 1) {
    throw new Error(
      `${where}: x-idempotent must be true or { unless: <a parameter or body property> }, got ${JSON.stringify(value)}`,
    );
  }
  return { unless: name };
}

/** `x-no-retry: true`: never repeated, whatever the failure; it cannot also be x-idempotent. */
function noRetry(op, where) {
  if (op['x-no-retry'] !== true)
    throw new Error(`${where}: x-no-retry must be true, got ${JSON.stringify(op['x-no-retry'])}`);
  if (op['x-idempotent'] !== undefined) throw new Error(`${where}: x-no-retry and x-idempotent contradict each other`);
  return true;
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
    // An open enum (x-open-enum) takes values added after this release: any string of its type.
    if (!KEYWORDS.has(key) || (key === 'enum' && schema['x-open-enum'] === true)) continue;
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
