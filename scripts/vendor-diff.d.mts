// Types for scripts/vendor-diff.mjs, for the tests that import it.
export const PINNED: Record<'refold' | 'mesh', string>;
export function vendorChanges(before: object, after: object): string[];
