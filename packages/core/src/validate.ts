/** JSON Schema as the generator emits it: validation keywords only, $refs inlined. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly [keyword: string]: unknown;
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
}
