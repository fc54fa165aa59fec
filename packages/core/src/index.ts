export type { OperationRules } from './validate.js';
