import { clientBuild } from '../core/tsup.client.ts';

export default clientBuild('mesh');
