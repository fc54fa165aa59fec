// The fault suite over the global fetch, as users who pass `fetch` get it.
import { faultSuite } from './suite.js';

faultSuite(globalThis.fetch);
