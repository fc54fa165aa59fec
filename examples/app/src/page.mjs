// The page: it asks the server for the signed-in user's tokens and shows what it would hand to
// Mesh Link (`createLink({ linkToken })`) and to Refold's frontend SDK (`new Cobalt({ token })`),
// and the webhooks the server received. It never sees a secret: only tokens meant for it.
export const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Example app: Refold and Mesh</title>
  <style>
    body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 44rem; color: #1d2330; }
    h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; }
    pre { background: #f3f5f8; padding: .8rem 1rem; border-radius: 6px; white-space: pre-wrap; word-break: break-all; }
    .error { color: #b00020; }
  </style>
</head>
<body>
  <h1>Connect your accounts</h1>
  <p>Signed in as <strong id="user">…</strong>.</p>
  <h2>Refold's frontend SDK gets</h2>
  <pre id="refold">loading…</pre>
  <h2>Mesh Link gets</h2>
  <pre id="mesh">loading…</pre>
  <h2>Webhooks received</h2>
  <ul id="events"></ul>
  <script type="module">
    const shown = (token) => token.length > 16 ? token.slice(0, 10) + '…' + token.slice(-4) + ' (' + token.length + ' characters)' : token;
    const answer = await fetch('/api/tokens', { method: 'POST' });
    const tokens = await answer.json();
    if (!answer.ok) {
      for (const id of ['refold', 'mesh']) Object.assign(document.getElementById(id), { textContent: tokens.error, className: 'error' });
    } else {
      document.getElementById('user').textContent = tokens.user;
      document.getElementById('refold').textContent = 'new Cobalt({ token: "' + shown(tokens.refold.sessionToken) + '" })\\nlinked account: ' + tokens.refold.linkedAccountId;
      document.getElementById('mesh').textContent = 'createLink({ linkToken: "' + shown(tokens.mesh.linkToken) + '" })';
    }
    async function showEvents() {
      const events = await (await fetch('/api/events')).json();
      document.getElementById('events').replaceChildren(...events.map((e) => Object.assign(document.createElement('li'), { textContent: e.vendor + ': ' + e.summary })));
    }
    await showEvents();
    setInterval(showEvents, 500);
    document.body.dataset.ready = 'true';
  </script>
</body>
</html>
`;
