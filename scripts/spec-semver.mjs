#!/usr/bin/env node
// What a change of specs/<name>.yaml means for the package's users, in semver: against the spec
// of the package's last release (its changesets tag, `@org/<name>@<version>`), every difference
// is classified major, minor or patch; `--check` fails when the changesets in .changeset/ ask for
// less than that, listing what breaks. `pnpm test` runs it first.
//
// Hand-written on purpose: openapi-diff (the maintained npm diff tool) refuses OpenAPI 3.1
// documents ("Swagger Parser only supports versions 3.0.x"), and our specs' x-open-enum decides
// whether a new enum value breaks anyone.
//
//   node scripts/spec-semver.mjs [--check] [--base <git ref>]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { resolveRef as deref } from './refs.mjs';
import { METHODS } from './vendor-shape.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LEVELS = ['none', 'patch', 'minor', 'major'];

/** Every operation of a spec by operationId: where it is, its parameters, body and responses. */
function operations(doc) {
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const parameters = new Map(
        [...(item.parameters ?? []), ...(op.parameters ?? [])]
          .map((p) => deref(doc, p))
          .map((p) => [`${p.in} ${p.name}`, p]),
      );
      const body = deref(doc, op.requestBody);
      out.set(op.operationId, {
        where: `${method.toUpperCase()} ${path}`,
        parameters,
        body,
        responses: op.responses ?? {},
      });
    }
  }
  return out;
}

/**
 * The changes from `before` to `after`, each with the bump it needs: `{ major, minor, patch }`,
 * lists of what changed. `input` schemas are what callers send, `output` what they receive.
 */
export function classifySpecChange(before, after) {
  const found = { major: [], minor: [], patch: [] };
  const was = operations(before);
  const now = operations(after);
  for (const [id, op] of was) {
    const next = now.get(id);
    if (!next) {
      found.major.push(`${id}: operation removed (${op.where})`);
      continue;
    }
    if (next.where !== op.where) found.major.push(`${id}: moved from ${op.where} to ${next.where}`);
    for (const [key, param] of op.parameters) {
      const nextParam = next.parameters.get(key);
      if (!nextParam) found.major.push(`${id}: parameter ${key} removed`);
      else {
        if (nextParam.required && !param.required) found.major.push(`${id}: parameter ${key} now required`);
        if (!nextParam.required && param.required) found.minor.push(`${id}: parameter ${key} now optional`);
        compareSchemas(before, after, param.schema, nextParam.schema, `${id}: parameter ${key}`, 'input', found);
      }
    }
    for (const [key, param] of next.parameters) {
      if (!op.parameters.has(key))
        (param.required ? found.major : found.minor).push(
          `${id}: parameter ${key} added${param.required ? ', required' : ''}`,
        );
    }
    const [body, nextBody] = [
      op.body?.content?.['application/json']?.schema,
      next.body?.content?.['application/json']?.schema,
    ];
    if (body && !nextBody) found.major.push(`${id}: request body removed`);
    else if (!body && nextBody) (next.body.required ? found.major : found.minor).push(`${id}: request body added`);
    else if (body) {
      if (next.body.required && !op.body.required) found.major.push(`${id}: request body now required`);
      compareSchemas(before, after, body, nextBody, `${id}: body`, 'input', found);
    }
    for (const [status, response] of Object.entries(op.responses)) {
      const nextResponse = next.responses[status];
      if (!nextResponse) {
        found.major.push(`${id}: response ${status} removed`);
        continue;
      }
      const [schema, nextSchema] = [response, nextResponse].map(
        (r, i) => deref(i ? after : before, r)?.content?.['application/json']?.schema,
      );
      if (schema && nextSchema)
        compareSchemas(before, after, schema, nextSchema, `${id}: response ${status}`, 'output', found);
    }
    for (const status of Object.keys(next.responses))
      if (!Object.hasOwn(op.responses, status)) found.minor.push(`${id}: response ${status} added`);
  }
  for (const [id, op] of now) if (!was.has(id)) found.minor.push(`${id}: operation added (${op.where})`);
  // Whatever else differs (descriptions, examples, servers' descriptions) is a patch.
  if (!found.major.length && !found.minor.length && JSON.stringify(before) !== JSON.stringify(after))
    found.patch.push('descriptions, examples or other documentation');
  return found;
}

const typesOf = (schema) => {
  if (!schema) return new Set();
  if (schema.type) return new Set([schema.type].flat());
  const branches = schema.anyOf ?? schema.oneOf;
  return branches ? new Set(branches.flatMap((b) => [...typesOf(b)])) : new Set();
};

/** What changed between two schemas at `where`, for what callers send (`input`) or receive (`output`). */
function compareSchemas(beforeDoc, afterDoc, a, b, where, direction, found, depth = 0) {
  const before = resolve(beforeDoc, a);
  const after = resolve(afterDoc, b);
  if (!before || !after || depth > 12) return;
  const [was, now] = [typesOf(before), typesOf(after)];
  const lost = [...was].filter((t) => !now.has(t));
  const gained = [...now].filter((t) => !was.has(t));
  if (was.size && now.size) {
    // A break where callers may send less (input) or must handle more (output).
    const change = `${where}: type ${[...was].join('|')} → ${[...now].join('|')}`;
    if (direction === 'input' ? lost.length : gained.length) found.major.push(change);
    else if (lost.length || gained.length) found.minor.push(change);
  }
  if (Array.isArray(before.enum) || Array.isArray(after.enum)) {
    const [values, nextValues] = [before.enum ?? [], after.enum ?? []];
    const removed = values.filter((v) => !nextValues.includes(v));
    const added = nextValues.filter((v) => !values.includes(v));
    const open = after['x-open-enum'] === true;
    // An open enum's type takes any string: its known values are for autocompletion.
    if (removed.length) (open ? found.minor : found.major).push(`${where}: enum values ${removed.join(', ')} removed`);
    if (added.length)
      (direction === 'output' && !open ? found.major : found.minor).push(
        `${where}: enum values ${added.join(', ')} added`,
      );
  }
  const [props, nextProps] = [objectOf(beforeDoc, before), objectOf(afterDoc, after)];
  if (props && nextProps) {
    for (const [name, schema] of Object.entries(props.properties)) {
      const at = `${where}.${name}`;
      if (!Object.hasOwn(nextProps.properties, name)) {
        found.major.push(`${at} removed`);
        continue;
      }
      const required = props.required.includes(name);
      const nextRequired = nextProps.required.includes(name);
      if (direction === 'input' && nextRequired && !required) found.major.push(`${at} now required`);
      if (direction === 'input' && !nextRequired && required) found.minor.push(`${at} now optional`);
      if (direction === 'output' && !nextRequired && required) found.major.push(`${at} no longer always present`);
      if (direction === 'output' && nextRequired && !required) found.minor.push(`${at} now always present`);
      compareSchemas(beforeDoc, afterDoc, schema, nextProps.properties[name], at, direction, found, depth + 1);
    }
    for (const name of Object.keys(nextProps.properties)) {
      if (Object.hasOwn(props.properties, name)) continue;
      const required = nextProps.required.includes(name);
      (direction === 'input' && required ? found.major : found.minor).push(
        `${where}.${name} added${direction === 'input' && required ? ', required' : ''}`,
      );
    }
  }
  if (before.items || after.items)
    compareSchemas(beforeDoc, afterDoc, before.items, after.items, `${where}[]`, direction, found, depth + 1);
}

function resolve(doc, schema) {
  return schema?.$ref ? resolve(doc, deref(doc, schema)) : schema;
}

/** The object a schema describes (its properties and required), looking through `allOf` and a nullable `anyOf`. */
function objectOf(doc, schema) {
  const resolved = resolve(doc, schema);
  if (!resolved) return undefined;
  if (resolved.properties) return { properties: resolved.properties, required: resolved.required ?? [] };
  const branches = (resolved.anyOf ?? resolved.oneOf ?? resolved.allOf)
    ?.map((b) => resolve(doc, b))
    .filter((b) => b?.type !== 'null');
  return branches?.length === 1 ? objectOf(doc, branches[0]) : undefined;
}

/** The bump the changesets in `dir` ask for, per package. */
export function declaredBumps(dir) {
  const bumps = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? '';
    for (const [, name, bump] of front.matchAll(/^\s*['"]?(@org\/[\w-]+)['"]?\s*:\s*(major|minor|patch)\s*$/gm)) {
      if (LEVELS.indexOf(bump) > LEVELS.indexOf(bumps[name] ?? 'none')) bumps[name] = bump;
    }
  }
  return bumps;
}

/** The level a classification needs. */
export const requiredBump = (found) =>
  found.major.length ? 'major' : found.minor.length ? 'minor' : found.patch.length ? 'patch' : 'none';

function lastRelease(name, base) {
  if (base) return base;
  const tags = execFileSync('git', ['tag', '--list', `@org/${name}@*`, '--sort=-v:refname'], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .filter(Boolean);
  return tags[0];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const base = args.includes('--base') ? args[args.indexOf('--base') + 1] : undefined;
  const bumps = declaredBumps(join(root, '.changeset'));
  let failed = false;
  for (const name of ['refold', 'mesh']) {
    const pkg = `@org/${name}`;
    const release = lastRelease(name, base);
    if (!release) {
      console.log(`${pkg}: no release yet (no ${pkg}@* tag): everything is part of the first release.`);
      continue;
    }
    const before = load(
      execFileSync('git', ['show', `${release}:specs/${name}.yaml`], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      }),
    );
    const after = load(readFileSync(join(root, 'specs', `${name}.yaml`), 'utf8'));
    const found = classifySpecChange(before, after);
    const needed = requiredBump(found);
    const declared = bumps[pkg] ?? 'none';
    console.log(
      `${pkg}: specs/${name}.yaml since ${release} needs a ${needed} release; the changesets ask for ${declared}.`,
    );
    for (const level of ['major', 'minor']) for (const item of found[level]) console.log(`  ${level}: ${item}`);
    if (check && LEVELS.indexOf(declared) < LEVELS.indexOf(needed)) {
      failed = true;
      console.error(
        `\n${pkg} needs a ${needed} changeset (\`pnpm changeset\`), for:\n${found[needed].map((item) => `  - ${item}`).join('\n')}\n`,
      );
    }
  }
  if (failed) process.exit(1);
}
