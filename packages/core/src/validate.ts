// Checks input against the rules generated from a spec (scripts/operation-table.mjs) before
// anything is sent. It knows the JSON Schema keywords the generator keeps and nothing more:
// a small, dependency-free subset, since the clients may depend on openapi-fetch alone.
import type { ValidationIssue } from './errors.js';
import type { Idempotency } from './retry.js';

/** JSON Schema as the generator emits it: validation keywords only, $refs inlined. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

/** What one operation's request must satisfy, generated from its spec. */
export interface OperationRules {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly {
    readonly name: string;
    readonly in: string;
    readonly required: boolean;
    readonly schema: JsonSchema;
  }[];
  readonly body?: { readonly required: boolean; readonly schema: JsonSchema };
  /** The spec's `x-idempotent`: safe to repeat although its method is not (see retry.ts). */
  readonly idempotent?: Idempotency;
  /** The spec's `x-no-retry`: never repeated by the client, whatever the failure (a money movement). */
  readonly noRetry?: true;
}

/** The parts of a request the rules speak of. */
export interface RequestParts {
  params?: { query?: object; header?: object; path?: object } | undefined;
  body?: unknown;
}

/** Every rule of `rules` that `request` breaks; empty when it is valid. */
export function checkRequest(rules: OperationRules, request: RequestParts): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const param of rules.parameters) {
    const group = request.params?.[param.in as 'query' | 'header' | 'path'] as Record<string, unknown> | undefined;
    const value = group?.[param.name];
    if (value === undefined) {
      if (param.required) issues.push({ field: param.name, rule: 'required', message: `is required (${param.in})` });
    } else {
      check(param.schema, value, param.name, issues);
      if (param.in === 'header' && typeof value === 'string' && !HEADER_VALUE.test(value)) {
        issues.push({
          field: param.name,
          rule: 'header',
          message: 'must be text an HTTP header can carry: no line breaks, Latin-1 only',
        });
      }
    }
  }
  if (rules.body) {
    if (request.body === undefined) {
      if (rules.body.required) issues.push({ field: 'body', rule: 'required', message: 'is required' });
    } else {
      check(rules.body.schema, request.body, '', issues);
    }
  }
  return issues;
}

/** Every rule of `schema` that `value` breaks (`body` names the value itself). */
export function checkValue(schema: JsonSchema, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(schema, value, '', issues);
  return issues;
}

/** What an HTTP header value may hold (RFC 9110 field-value, as fetch's Headers accept it). */
export const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (v) => UUID.test(v),
  'date-time': (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v),
  email: (v) => /^[^\s@]+@[^\s@]+$/.test(v),
  uri: (v) => URL.canParse(v),
};

/** Tolerates binary floating point: 0.3 is a multiple of 0.1. */
function isMultiple(value: number, of: number): boolean {
  const quotient = value / of;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') {
    // Only a plain object is a JSON object: JSON.stringify sends a Map or a Set as {}. Plain
    // means its prototype is a root one, of this realm or another (an edge runtime's VM, a frame).
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
      return String(proto.constructor?.name || 'a class instance');
  }
  return typeof value;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function check(schema: JsonSchema, value: unknown, path: string, issues: ValidationIssue[]): void {
  const field = path || 'body';
  const fail = (rule: string, message: string) => issues.push({ field, rule, message });

  // JSON has no NaN or Infinity: JSON.stringify would send them as null.
  if (typeof value === 'number' && !Number.isFinite(value))
    return void fail('type', `must be a finite number, got ${value}`);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
      return void fail('type', `must be ${types.join(' or ')}, got ${actual}`);
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return void fail('enum', `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if ('const' in schema && value !== schema.const) return void fail('const', `must be ${JSON.stringify(schema.const)}`);

  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      fail('minLength', `must have at least ${plural(schema.minLength, 'character')}`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      fail('maxLength', `must have at most ${plural(schema.maxLength, 'character')}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      fail('pattern', `must match ${schema.pattern}`);
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format]!(value))
      fail('format', `must be a valid ${schema.format}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail('minimum', `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail('maximum', `must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      fail('exclusiveMinimum', `must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      fail('exclusiveMaximum', `must be < ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && !isMultiple(value, schema.multipleOf))
      fail('multipleOf', `must be a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      fail('minItems', `must have at least ${plural(schema.minItems, 'item')}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      fail('maxItems', `must have at most ${plural(schema.maxItems, 'item')}`);
    if (schema.items) for (const [i, item] of value.entries()) check(schema.items, item, `${path}[${i}]`, issues);
  }
  if (typeOf(value) === 'object') checkObject(schema, value as Record<string, unknown>, path, fail, issues);

  for (const part of schema.allOf ?? []) check(part, value, path, issues);
  for (const [keyword, options] of [
    ['anyOf', schema.anyOf],
    ['oneOf', schema.oneOf],
  ] as const) {
    if (!options) continue;
    const results = options.map((option) => {
      const found: ValidationIssue[] = [];
      check(option, value, path, found);
      return found;
    });
    const passing = results.filter((r) => r.length === 0).length;
    if (keyword === 'oneOf' && passing > 1) fail('oneOf', 'must match exactly one schema');
    if (passing === 0) {
      // Report the closest option: the one that failed only deeper, not on its type.
      const closest = results.find((r) => !r.some((i) => i.field === field && i.rule === 'type')) ?? results[0]!;
      issues.push(...closest);
    }
  }
}

function checkObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  fail: (rule: string, message: string) => void,
  issues: ValidationIssue[],
): void {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) issues.push({ field: join(path, name), rule: 'required', message: 'is required' });
  }
  if (schema.minProperties !== undefined && keys.length < schema.minProperties)
    fail('minProperties', `must have at least ${plural(schema.minProperties, 'property', 'properties')}`);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties)
    fail('maxProperties', `must have at most ${plural(schema.maxProperties, 'property', 'properties')}`);
  for (const key of keys) {
    const known = schema.properties?.[key];
    if (known) check(known, value[key], join(path, key), issues);
    else if (schema.additionalProperties === false) {
      issues.push({ field: join(path, key), rule: 'additionalProperties', message: 'is not a known property' });
    } else if (typeof schema.additionalProperties === 'object') {
      check(schema.additionalProperties, value[key], join(path, key), issues);
    }
  }
}
