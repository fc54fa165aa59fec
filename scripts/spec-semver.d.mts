// Types for scripts/spec-semver.mjs, for the tests that import it.
export interface Classified {
  major: string[];
  minor: string[];
  patch: string[];
}
export function classifySpecChange(before: object, after: object): Classified;
export function declaredBumps(dir: string): Record<string, 'major' | 'minor' | 'patch'>;
export function requiredBump(found: Classified): 'major' | 'minor' | 'patch' | 'none';
