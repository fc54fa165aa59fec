// One resolver of local `$ref`s for the scripts and the test suites that read OpenAPI documents
// (ours or a vendor's): the node a `$ref` points at, followed until it is no `$ref`; siblings of
// a `$ref` are dropped. (operation-table.mjs has its own, stricter one: it refuses remote and
// circular refs, and keeps siblings, since the rules it generates must be exact.)

/** The node `node.$ref` points at in `doc` (after `#/`), or `node` itself. */
export function resolveRef(doc, node, depth = 0) {
  if (!node || typeof node.$ref !== 'string' || depth > 32) return node;
  const target = node.$ref
    .slice(2)
    .split('/')
    .reduce((at, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
  return resolveRef(doc, target, depth + 1);
}
