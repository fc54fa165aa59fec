// Entry for workerd: a module worker whose every request runs the suite and answers with the
// report. The server URL comes from a text binding in the config the test writes.
import { runSmoke } from './smoke.mjs';

export default {
  /**
   * @param {Request} _request
   * @param {{ SERVER_URL: string }} env
   * @returns {Promise<Response>}
   */
  async fetch(_request, env) {
    return Response.json(await runSmoke(env.SERVER_URL));
  },
};
