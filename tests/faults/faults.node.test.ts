// The fault suite over the default transport on Node: Node's http.
import { faultSuite } from './suite.js';

faultSuite();
