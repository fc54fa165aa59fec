// The types of the methods generated from an operation table: what a method takes and what it
// resolves to, read off openapi-typescript's `operations` and the table's own entry, so that
// no method's types are written by hand.

/** One group of an operation's parameters (`path`, `query`, `header`), or nothing if it has none. */
type Group<O, In extends string> = O extends { parameters: infer P }
  ? P extends { [K in In]?: infer G }
    ? [G] extends [never] | [undefined]
      ? {}
      : NonNullable<G>
    : {}
  : {};

// `requestBody?: never` (no body) must give never, not the unknown a bare conditional would infer.
type JsonBody<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? never
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never;

/** The body's properties beside the parameters when the table says it spreads, else under `body`. */
type BodyPart<O, Entry> = [JsonBody<O>] extends [never]
  ? {}
  : Entry extends { body: { spread: true } }
    ? JsonBody<O>
    : O extends { requestBody: {} }
      ? { body: JsonBody<O> }
      : { body?: JsonBody<O> };

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** What a method takes: path, query and header parameters by wire name, and the body. */
export type OperationParams<O, Entry> = Flatten<
  Group<O, 'path'> & Group<O, 'query'> & Group<O, 'header'> & BodyPart<O, Entry>
>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type SuccessBody<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends SuccessStatus
        ? R[S] extends { content: { 'application/json': infer B } }
          ? B
          : undefined
        : never;
    }[keyof R]
  : never;

/** A 2xx body without the branch the spec marks `x-failure` (a failure reported with HTTP 200). */
type WithoutFailure<B, Entry> = Entry extends { success: { failure: { property: infer F extends string } } }
  ? Exclude<B, { [K in F]: unknown }>
  : B;

/** The envelope's content, where the spec has an `x-envelope`; nothing for an envelope without one. */
type Unwrapped<B, Entry> = Entry extends { success: { envelope: infer E } }
  ? E extends { content: infer C extends string }
    ? B extends { [K in C]?: infer Content }
      ? NonNullable<Content>
      : never
    : void
  : B;

/** What a method resolves to: the success body, unwrapped from its envelope. */
export type OperationResult<O, Entry> = Unwrapped<WithoutFailure<SuccessBody<O>, Entry>, Entry>;
