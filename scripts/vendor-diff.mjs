#!/usr/bin/env node
// `pnpm vendor:diff <refold|mesh> <newer document>`: what a vendor changed in its published
// OpenAPI document since the copy our spec was curated from (pinned in vendor/, see its README),
// so that updating specs/<name>.yaml starts from a list. Prints Markdown; changes nothing.
//
//   curl -o /tmp/swagger.json https://integration-api.meshconnect.com/swagger/v1/swagger.json
//   pnpm vendor:diff mesh /tmp/swagger.json
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { enumsOf, operationsOf } from './vendor-shape.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PINNED = { refold: 'vendor/refold/openapi.v3.1.yaml', mesh: 'vendor/mesh/swagger.json' };

const load = (path) => {
  const text = readFileSync(path, 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : yaml.load(text);
};

/** The differences from `before` to `after`, as Markdown lines (none when they describe the same API). */
export function vendorChanges(before, after) {
  const was = operationsOf(before);
  const now = operationsOf(after);
  const lines = [];
  const section = (title, items) => {
    if (items.length) lines.push('', `## ${title}`, '', ...items.map((item) => `- ${item}`));
  };
  const named = (key, shape) => `\`${key}\`${shape.summary ? ` — ${shape.summary}` : ''}`;
  section(
    'Operations added',
    [...now].filter(([key]) => !was.has(key)).map(([key, shape]) => named(key, shape)),
  );
  section(
    'Operations removed',
    [...was].filter(([key]) => !now.has(key)).map(([key, shape]) => named(key, shape)),
  );

  const changed = [];
  for (const [key, old] of was) {
    const shape = now.get(key);
    if (!shape) continue;
    const changes = [];
    for (const param of new Set([...old.parameters.keys(), ...shape.parameters.keys()])) {
      const [a, b] = [old.parameters.get(param), shape.parameters.get(param)];
      if (a === b) continue;
      if (a === undefined) changes.push(`parameter \`${param}\` added${b ? ', required' : ''}`);
      else if (b === undefined) changes.push(`parameter \`${param}\` removed`);
      else changes.push(`parameter \`${param}\` is ${b ? 'now required' : 'no longer required'}`);
    }
    if (old.hasBody !== shape.hasBody) changes.push(`request body ${shape.hasBody ? 'added' : 'removed'}`);
    for (const property of shape.body) if (!old.body.has(property)) changes.push(`body property \`${property}\` added`);
    for (const property of old.body)
      if (!shape.body.has(property)) changes.push(`body property \`${property}\` removed`);
    for (const status of shape.responses) if (!old.responses.has(status)) changes.push(`response ${status} added`);
    for (const status of old.responses) if (!shape.responses.has(status)) changes.push(`response ${status} removed`);
    if (old.operationId !== shape.operationId)
      changes.push(`operationId \`${old.operationId}\` → \`${shape.operationId}\``);
    if (old.deprecated !== shape.deprecated) changes.push(shape.deprecated ? 'deprecated' : 'no longer deprecated');
    if (changes.length) changed.push(`\`${key}\`: ${changes.join('; ')}`);
  }
  section('Operations changed', changed);

  const [oldEnums, newEnums] = [enumsOf(before), enumsOf(after)];
  const enums = [];
  for (const [name, values] of newEnums) {
    const old = oldEnums.get(name);
    if (!old) {
      enums.push(`\`${name}\` added (${values.length} values)`);
      continue;
    }
    const added = values.filter((v) => !old.includes(v));
    const removed = old.filter((v) => !values.includes(v));
    if (added.length || removed.length) {
      enums.push(`\`${name}\`: ${[...added.map((v) => `+${v}`), ...removed.map((v) => `−${v}`)].join(', ')}`);
    }
  }
  for (const name of oldEnums.keys()) if (!newEnums.has(name)) enums.push(`\`${name}\` removed`);
  section('Enums changed', enums);

  const [oldSchemas, newSchemas] = [
    Object.keys(before.components?.schemas ?? {}),
    Object.keys(after.components?.schemas ?? {}),
  ];
  section(
    'Schemas added',
    newSchemas.filter((name) => !oldSchemas.includes(name)).map((name) => `\`${name}\``),
  );
  section(
    'Schemas removed',
    oldSchemas.filter((name) => !newSchemas.includes(name)).map((name) => `\`${name}\``),
  );
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, newer] = process.argv.slice(2);
  if (!Object.hasOwn(PINNED, name) || !newer) {
    console.error(
      `usage: pnpm vendor:diff <${Object.keys(PINNED).join('|')}> <newer vendor document (.json or .yaml)>`,
    );
    process.exit(2);
  }
  const lines = vendorChanges(load(join(root, PINNED[name])), load(newer));
  console.log(`# ${name}: ${PINNED[name]} (pinned) → ${relative(process.cwd(), newer) || newer}`);
  console.log(
    lines.length ? lines.join('\n') : '\nNo change to operations, parameters, bodies, responses, enums or schemas.',
  );
}
