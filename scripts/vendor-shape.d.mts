// Types for scripts/vendor-shape.mjs, for the tests that import it.
export interface OperationShape {
  operationId: string | undefined;
  summary: string | undefined;
  deprecated: boolean;
  /** `in name` → required. */
  parameters: Map<string, boolean>;
  body: Set<string>;
  hasBody: boolean;
  responses: Set<string>;
}
export const METHODS: string[];
export function operationsOf(doc: object): Map<string, OperationShape>;
export function shapeOf(doc: object, item: object, op: object): OperationShape;
export function enumsOf(doc: object): Map<string, unknown[]>;
