// The error family both clients build their own classes from. Each client declares its classes
// by name in its own errors.ts (so editors show `RefoldAPIError`, not an anonymous class) on top
// of these bases, and bundles its own copy of this module, so the two families share no class.
import { redactBody } from './redact.js';

/** What the server answered, as an API error carries it. */
export interface APIErrorInit {
  status: number;
  message: string;
  code?: string | undefined;
  requestId?: string | undefined;
  /** The parsed body (JSON) or its text; token values already redacted. */
  body: unknown;
  headers: Record<string, string>;
}

export interface ValidationIssue {
  /** Where the bad value is, e.g. `transferOptions.toAddresses[0].networkId`. */
  field: string;
  /** The JSON Schema keyword it breaks, e.g. `maxLength`. */
  rule: string;
  /** What the rule demands, e.g. `must have at most 300 characters`. */
  message: string;
}

/** The names of an error's classes, kept on it so that another copy of the package can recognise it. */
const CLASSES = Symbol.for('@org/sdk.errorClasses');

/** Base of every error a client throws. */
export class SDKError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const names: string[] = [];
    for (
      let proto = Object.getPrototypeOf(this);
      proto && proto !== Error.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      if (Object.hasOwn(proto, 'name')) names.push(proto.name);
    }
    Object.defineProperty(this, CLASSES, { value: names });
  }

  /**
   * `instanceof` across copies of a package: an application bundling both the ESM and the CJS
   * build (or two versions) holds two `RefoldAPIError` classes; an error from either is an
   * instance of both, by class name.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // An Error of any realm whose class names were recorded by an SDKError's constructor.
    if (Object.prototype.toString.call(value) !== '[object Error]') return false;
    const names = (value as { [CLASSES]?: unknown })[CLASSES];
    return Array.isArray(names) && Object.hasOwn(this.prototype, 'name') && names.includes(this.prototype.name);
  }

  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

// Mixins: the classes each client derives from its own base, so that `RefoldAPIError` is both
// a `RefoldError` and an API error. TypeScript requires a mixin's constructor to take any[];
// each mixin then says the constructor it really has.
type ErrorBase = abstract new (...args: any[]) => SDKError;
type Derived<Base extends ErrorBase, Args extends unknown[], Fields> = Omit<Base, 'prototype'> &
  (new (
    ...args: Args
  ) => InstanceType<Base> & Fields);

export interface APIErrorFields {
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** The server answered with a failure: an HTTP error status, or a failure inside a 200. */
export function APIErrorOf<Base extends ErrorBase>(base: Base) {
  abstract class APIError extends base implements APIErrorFields {
    readonly status: number;
    readonly code: string | undefined;
    readonly requestId: string | undefined;
    readonly body: unknown;
    readonly headers: Record<string, string>;

    constructor(...args: any[]) {
      const init = args[0] as APIErrorInit;
      super(init.message);
      this.status = init.status;
      this.code = init.code;
      this.requestId = init.requestId;
      this.body = redactBody(init.body);
      this.headers = init.headers;
    }
  }
  return APIError as unknown as Derived<Base, [init: APIErrorInit], APIErrorFields>;
}

/** The input breaks a rule of the spec; nothing was sent. */
export function ValidationErrorOf<Base extends ErrorBase>(base: Base) {
  abstract class ValidationError extends base {
    readonly issues: readonly ValidationIssue[];

    constructor(...args: any[]) {
      const [issues, operation] = args as [readonly ValidationIssue[], string];
      super(`Invalid ${operation} request: ${issues.map((i) => `${i.field} ${i.message} (${i.rule})`).join('; ')}`);
      this.issues = issues;
    }
  }
  return ValidationError as unknown as Derived<
    Base,
    [issues: readonly ValidationIssue[], operation: string],
    { readonly issues: readonly ValidationIssue[] }
  >;
}

/** Gives each class its public name (on the prototype: it survives minifiers, and stays out of JSON). */
export function nameErrors(classes: Record<string, abstract new (...args: any[]) => Error>): void {
  for (const [name, cls] of Object.entries(classes)) {
    Object.defineProperty(cls, 'name', { value: name });
    Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  }
}

type Message = new (message: string, options?: ErrorOptions) => SDKError;

/** One client's classes, as the shared runtime raises them. */
export interface ErrorFamily {
  SDKError: Message;
  APIError: new (init: APIErrorInit) => SDKError & APIErrorFields;
  /** No response: DNS, refused or reset connection, a body cut off. */
  ConnectionError: Message;
  /** An attempt, or the whole call, took longer than allowed. */
  TimeoutError: Message;
  /** The caller's `AbortSignal` fired. Never retried. */
  AbortError: Message;
  ValidationError: new (
    issues: readonly ValidationIssue[],
    operation: string,
  ) => SDKError & { issues: readonly ValidationIssue[] };
}

/** A field of a vendor's error envelope, if it is a non-empty string. */
export const envelopeText = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;
