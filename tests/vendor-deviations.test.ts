// Our specs against the vendors' own published documents, as pinned in vendor/ (see its README):
// every difference in what a call sends or may answer must be recorded in the operation's
// `x-deviations`, with what the vendor says and why ours differs; and a recorded difference that
// is no longer one fails too, so that the record stays true.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { METHODS, type OperationShape, shapeOf } from '../scripts/vendor-shape.mjs';
import { type Doc, loadSpec, type SpecName } from './support/spec.js';

const pinned = (path: string) => fileURLToPath(new URL(`../vendor/${path}`, import.meta.url));
const VENDORS: { spec: SpecName; document: string; leftOut: string[] }[] = [
  { spec: 'refold', document: pinned('refold/openapi.v3.1.yaml'), leftOut: [] },
  // specs/mesh.yaml's info says why these three are not described.
  {
    spec: 'mesh',
    document: pinned('mesh/swagger.json'),
    leftOut: [
      'POST /api/v1/catalog/solana/getLatestBlockhash',
      'POST /api/v1/catalog/solana/getTokenProgram',
      'POST /api/v1/catalog/solana/isTokenAddressCreated',
    ],
  },
];

interface Deviation {
  what: string;
  vendor: string;
  why: string;
}

/** The differences between ours and the vendor's, each as the words a record of it must use. */
function differences(ours: OperationShape, theirs: OperationShape): { kind: string; words: RegExp }[] {
  const found: { kind: string; words: RegExp }[] = [];
  // Mesh's swagger names no operation: there is nothing to differ from.
  if (theirs.operationId !== undefined && ours.operationId !== theirs.operationId)
    found.push({ kind: `operationId ${theirs.operationId} → ${ours.operationId}`, words: /operationId/ });
  for (const key of new Set([...ours.parameters.keys(), ...theirs.parameters.keys()])) {
    if (ours.parameters.get(key) !== theirs.parameters.get(key)) {
      const name = key.split(' ')[1]!;
      found.push({
        kind: `parameter ${key}: ours ${ours.parameters.get(key) ?? 'absent'}, vendor ${theirs.parameters.get(key) ?? 'absent'}`,
        words: new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
      });
    }
  }
  const bodyDiff = [...ours.body, ...theirs.body].filter((name) => ours.body.has(name) !== theirs.body.has(name));
  if (bodyDiff.length || ours.hasBody !== theirs.hasBody) {
    const what =
      ours.hasBody !== theirs.hasBody
        ? `a request body ${ours.hasBody ? 'added' : 'removed'}`
        : `body properties ${bodyDiff.join(', ')}`;
    found.push({ kind: what, words: /body|request/i });
  }
  const statusDiff = [...ours.responses, ...theirs.responses].filter(
    (code) => ours.responses.has(code) !== theirs.responses.has(code),
  );
  if (statusDiff.length)
    found.push({ kind: `responses ${[...new Set(statusDiff)].join(', ')}`, words: /respons|status|\b[1-5]\d\d\b/i });
  return found;
}

describe.each(VENDORS.map((vendor) => [vendor.spec, vendor] as const))(
  'specs/%s.yaml against the vendor’s published document',
  (_, { spec, document, leftOut }) => {
    const ours = loadSpec(spec);
    const vendor = (
      document.endsWith('.json') ? JSON.parse(readFileSync(document, 'utf8')) : load(readFileSync(document, 'utf8'))
    ) as Doc;
    const operations: [string, Doc, Doc, Doc][] = [];
    for (const [path, item] of Object.entries<Doc>(vendor.paths)) {
      for (const method of METHODS) {
        if (item[method])
          operations.push([`${method.toUpperCase()} ${path}`, item, item[method], ours.paths[path] ?? {}]);
      }
    }

    it('has every operation of the vendor document, at its method and path, but those it says it leaves out', () => {
      const missing = operations
        .filter(([where, , , mine]) => !mine[where.split(' ')[0]!.toLowerCase()])
        .map(([where]) => where);
      expect(missing).toEqual(leftOut);
    });

    it.each(operations.filter(([where, , , mine]) => mine[where.split(' ')[0]!.toLowerCase()]))(
      '%s: records every difference, and only real ones',
      (where, item, op, mine) => {
        const method = where.split(' ')[0]!.toLowerCase();
        const recorded: Deviation[] = mine[method]['x-deviations'] ?? [];
        const found = differences(shapeOf(ours, mine, mine[method]), shapeOf(vendor, item, op));
        const unrecorded = found.filter((d) => !recorded.some((r) => d.words.test(r.what))).map((d) => d.kind);
        expect(unrecorded, 'differences from the vendor document with no x-deviations record').toEqual([]);
        // A record in one of the compared categories whose difference is gone is stale. (A property
        // called `status` in the content is no response status.)
        const compared = [/operationId/, /respons|(?<!content\.)status|\b[1-5]\d\d\b/i, /\bbody\b|\brequest body\b/i];
        const stale = recorded
          .filter((r) => compared.some((words) => words.test(r.what)) && !found.some((d) => d.words.test(r.what)))
          .map((r) => r.what);
        expect(stale, 'x-deviations records of differences that no longer exist').toEqual([]);
        for (const record of recorded)
          expect(record.vendor && record.why, `${record.what}: says what the vendor says and why`).toBeTruthy();
      },
    );
  },
);
