// Reads the specs the way the tests need them: parsed, with every documented example and the
// JSON pointer of the schema it documents, and an Ajv instance that validates against them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dump, load } from 'js-yaml';

/** `node`, or what its local `$ref` (`#/components/...`) points at, followed to the end. */
export { resolveRef } from '../../scripts/refs.mjs';

export const SPEC_NAMES = ['refold', 'mesh'] as const;
export type SpecName = (typeof SPEC_NAMES)[number];

export const specPath = (name: SpecName) => fileURLToPath(new URL(`../../specs/${name}.yaml`, import.meta.url));

// Specs are plain JSON-like data; `any` keeps the walkers below short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

const loaded = new Map<SpecName, Doc>();
/** The spec, parsed once per worker and shared by its files (and Ajv): callers must not change it. */
export function loadSpec(name: SpecName): Doc {
  if (!loaded.has(name)) loaded.set(name, load(readFileSync(specPath(name), 'utf8')) as Doc);
  return loaded.get(name)!;
}

/**
 * A Mesh spec's text with the link token request's `userId` renamed `endUserId`, as a vendor
 * might rename it: the change the maintainers' workflow is shown and tested on.
 */
export function withUserIdRenamed(text: string): string {
  const doc = load(text) as Doc;
  const schema = doc.components.schemas.GetLinkTokenRequest;
  const { userId, ...others } = schema.properties;
  if (!userId) throw new Error('GetLinkTokenRequest has no userId to rename');
  schema.properties = { ...others, endUserId: userId };
  schema.required = ['endUserId'];
  return dump(doc, { lineWidth: -1, noRefs: true });
}

export interface DocumentedExample {
  /** Where the example stands, e.g. `POST /session-token 401 invalidCredentials`. */
  where: string;
  operationId: string;
  /** `request`, a parameter name, or the response status (`200`, `401`, …). */
  part: string;
  name: string;
  value: unknown;
  /** JSON pointer (unescaped segments) to the schema the example must satisfy. */
  schemaPath: string[];
  /** A webhook the vendor sends (the spec's `webhooks`), not an operation a client calls. */
  webhook: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every example a spec documents for its operations and webhooks, with `$ref`d responses followed. */
export function documentedExamples(doc: Doc): DocumentedExample[] {
  const out: DocumentedExample[] = [];
  const items = [
    ...Object.entries<Doc>(doc.paths).map(([path, item]) => ['paths', path, item, false] as const),
    ...Object.entries<Doc>(doc.webhooks ?? {}).map(([name, item]) => ['webhooks', name, item, true] as const),
  ];
  for (const [section, path, item, webhook] of items) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const at = [section, path, method];
      const label = `${webhook ? 'webhook ' : ''}${method.toUpperCase()} ${path}`;
      const add = (part: string, examples: Doc | undefined, schemaPath: string[]) => {
        for (const [name, example] of Object.entries<Doc>(examples ?? {})) {
          out.push({
            where: `${label} ${part} ${name}`,
            operationId: op.operationId,
            part,
            name,
            value: example.value,
            schemaPath,
            webhook,
          });
        }
      };
      (op.parameters ?? []).forEach((p: Doc, i: number) => {
        if ('example' in p) add(p.name, { example: { value: p.example } }, [...at, 'parameters', String(i), 'schema']);
      });
      for (const [type, media] of Object.entries<Doc>(op.requestBody?.content ?? {})) {
        add('request', media.examples, [...at, 'requestBody', 'content', type, 'schema']);
      }
      for (const [status, response] of Object.entries<Doc>(op.responses)) {
        const ref: string | undefined = response.$ref;
        const base = ref ? ref.slice(2).split('/') : [...at, 'responses', status];
        const resolved = ref ? base.reduce((o: Doc, k: string) => o[k], doc) : response;
        for (const [type, media] of Object.entries<Doc>(resolved.content ?? {})) {
          add(status, media.examples, [...base, 'content', type, 'schema']);
        }
      }
    }
  }
  return out;
}

/** Ajv for OpenAPI 3.1 schemas, holding both specs under their names (`refold#/…`). */
export function specValidator(): SpecValidator {
  shared ??= createValidator();
  return shared;
}
/** Made once per worker and shared by the files it runs (they only read the specs). */
let shared: SpecValidator | undefined;
type SpecValidator = ReturnType<typeof createValidator>;

function createValidator() {
  // inlineRefs off: a referenced schema is compiled once, not again inside every schema using it.
  const ajv = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false });
  addFormats(ajv);
  for (const format of ['double', 'float', 'int32', 'int64'])
    ajv.addFormat(format, { type: 'number', validate: () => true });
  for (const name of SPEC_NAMES) ajv.addSchema(loadSpec(name), name);
  // One compiled validator per schema: Ajv caches by schema object, and each `{ $ref }` is new.
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  return {
    /** Errors of `value` against the schema at `schemaPath` in spec `name`, as text; '' when valid. */
    check(name: SpecName, schemaPath: string[], value: unknown): string {
      const pointer = schemaPath
        .map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1')))
        .join('/');
      const ref = `${name}#/${pointer}`;
      let validate = compiled.get(ref);
      if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
      return validate(value) ? '' : ajv.errorsText(validate.errors);
    },
  };
}
