// `pnpm demo`: uses @org/refold and @org/mesh as an application would. By default against
// Prism mock servers started from the specs; with `--live`, against the real APIs with the
// credentials in the environment.
import { Mesh, MeshError } from '@org/mesh';
import { Refold, RefoldError, SessionTokenCache } from '@org/refold';
import { startMocks } from './mocks.mjs';

const live = process.argv.includes('--live');
/** Enough of a token to tell two apart, never enough to use one. */
const short = (token) =>
  token && token.length > 16 ? `${token.slice(0, 6)}…${token.slice(-4)} (${token.length} chars)` : '(empty)';

async function main() {
  let mocks;
  let refold;
  let mesh;
  let linkedAccountId = 'markwood@some_email.com';
  if (live) {
    const missing = ['REFOLD_API_KEY', 'REFOLD_LINKED_ACCOUNT_ID', 'MESH_CLIENT_ID', 'MESH_CLIENT_SECRET'].filter(
      (v) => !process.env[v],
    );
    if (missing.length) {
      console.error(`--live needs ${missing.join(', ')} in the environment.`);
      process.exit(2);
    }
    linkedAccountId = process.env.REFOLD_LINKED_ACCOUNT_ID;
    refold = new Refold();
    mesh = new Mesh({ environment: process.env.MESH_ENVIRONMENT ?? 'sandbox' });
    console.log(`Live: Refold at ${refold.baseUrl}, Mesh ${mesh.environment ?? mesh.baseUrl}`);
  } else {
    mocks = await startMocks();
    refold = new Refold({ apiKey: 'tk_demo', baseUrl: mocks.urls.refold });
    mesh = new Mesh({ clientId: 'demo-client', clientSecret: 'demo-secret', baseUrl: mocks.urls.mesh });
    console.log(`Mocks: Refold at ${mocks.urls.refold}, Mesh at ${mocks.urls.mesh} (Prism, from specs/)`);
  }
  try {
    const session = await refold.getTokenForLinkedAccount({ linked_account_id: linkedAccountId });
    console.log(`Refold session token for ${linkedAccountId}: ${short(session.token)}`);

    let mints = 0;
    const counted = {
      getTokenForLinkedAccount: (...args) => {
        mints++;
        return refold.getTokenForLinkedAccount(...args);
      },
    };
    const cache = new SessionTokenCache(counted);
    await Promise.all([cache.get(linkedAccountId), cache.get(linkedAccountId)]);
    await cache.get(linkedAccountId);
    console.log(`SessionTokenCache: 3 gets, ${mints} mint${mints === 1 ? '' : 's'}`);

    if (!live) {
      // A whole integration, as the Refold README walks through it (writes: mocks only).
      const account = await refold.createLinkedAccount({ account_id: 'user_12345', name: 'Acme Inc.' });
      const apps = await refold.listApplicationsForLinkedAccount({ linked_account_id: account.account_id });
      const run = await refold.executeWorkflow({
        workflowId: '6495792b9b6ca6d77a17e513',
        slug: 'hubspot',
        linked_account_id: account.account_id,
        payload: { email: 'jane@example.com' },
      });
      // The mock answers every page with the same example, which says another page follows: take 5.
      let executions = 0;
      for await (const execution of refold.listExecutions.all({ linked_account_id: account.account_id, limit: 50 })) {
        if (execution && ++executions === 5) break;
      }
      console.log(
        `Refold: linked account ${account.account_id}, ${apps.length} apps, workflow run ${'execution_id' in run ? run.execution_id : 'done'}, ${executions} executions paged through`,
      );
    }

    if (live) {
      console.log("Refold migrateToken: skipped with --live (it would overwrite the account's credentials)");
    } else {
      const migrated = await refold.migrateToken({
        linked_account_id: linkedAccountId,
        slug: 'slack',
        auth_object: { bot_token: 'demo-bot-token' },
      });
      console.log(`Refold migrateToken: ${migrated.message}`);
    }

    const { linkToken } = await mesh.createLinkToken({ userId: 'demo-user-1' });
    console.log(`Mesh link token: ${short(linkToken)}`);

    if (live) {
      console.log('Mesh transfer: skipped with --live (it needs an account that Link connected, and would move money)');
    } else {
      // A managed transfer, as the Mesh README walks through it (mocks only).
      const refreshed = await mesh.refreshToken({ type: 'coinbase', refreshToken: 'demo-refresh-token' });
      const accessToken = refreshed.accessToken ?? refreshed.brokerAccountTokens?.[0]?.accessToken ?? '';
      const holdings = await mesh.getHoldings({ type: 'coinbase', authToken: accessToken });
      const from = { fromAuthToken: accessToken, fromType: 'coinbase' };
      const to = {
        networkId: 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611',
        symbol: 'USDC',
        address: '0x0Ff0000f0A0f0000F0F000000000ffFf00f0F0f0',
      };
      await mesh.configureTransfer({ ...from, toAddresses: [to], amountInFiat: 10 });
      const preview = await mesh.previewTransfer({
        ...from,
        networkId: to.networkId,
        symbol: to.symbol,
        toAddress: to.address,
        amountInFiat: 10,
      });
      const executed = await mesh.executeTransfer({ ...from, previewId: preview.previewResult.previewId });
      console.log(
        `Mesh: broker token refreshed (${refreshed.status}), ${holdings.cryptocurrencyPositions?.length ?? 0} crypto positions, ` +
          `transfer configured → previewed (${preview.status}) → executed: ${executed.status}, transfer ${executed.executeTransferResult?.transferId}`,
      );
    }
  } finally {
    mocks?.stop();
  }
}

main().catch((error) => {
  // Our errors never carry secrets, so their message is safe to print.
  const known = error instanceof RefoldError || error instanceof MeshError;
  console.error(known ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
