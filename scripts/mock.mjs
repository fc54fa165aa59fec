// `pnpm mock`: runs the Prism mock servers on fixed ports until you stop them (Ctrl-C).
import { startMocks } from './mocks.mjs';

const MOCK_PORTS = { refold: 4010, mesh: 4011 };
const mocks = await startMocks(Object.keys(MOCK_PORTS), MOCK_PORTS);
console.log(`Refold mock: ${mocks.urls.refold}  (new Refold({ baseUrl: '${mocks.urls.refold}', apiKey: 'tk_test' }))`);
console.log(
  `Mesh mock:   ${mocks.urls.mesh}  (new Mesh({ baseUrl: '${mocks.urls.mesh}', clientId: 'id', clientSecret: 'secret' }))`,
);
console.log('Press Ctrl-C to stop them.');
setInterval(() => {}, 1 << 30);
