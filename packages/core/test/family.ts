// An error family like the ones each client declares in its errors.ts, for the core's tests.
import { APIErrorOf, type ErrorFamily, nameErrors, SDKError, ValidationErrorOf } from '../src/index.js';

export function defineFamily(prefix: string) {
  class Base extends SDKError {}
  class API extends APIErrorOf(Base) {}
  class Connection extends Base {}
  class Timeout extends Base {}
  class Abort extends Base {}
  class Validation extends ValidationErrorOf(Base) {}
  nameErrors({
    [`${prefix}Error`]: Base,
    [`${prefix}APIError`]: API,
    [`${prefix}ConnectionError`]: Connection,
    [`${prefix}TimeoutError`]: Timeout,
    [`${prefix}AbortError`]: Abort,
    [`${prefix}ValidationError`]: Validation,
  });
  return {
    SDKError: Base,
    APIError: API,
    ConnectionError: Connection,
    TimeoutError: Timeout,
    AbortError: Abort,
    ValidationError: Validation,
  } satisfies ErrorFamily;
}
