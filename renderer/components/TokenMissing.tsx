// A browser page opened without the token that `streamlab serve` prints: say so instead of retrying a socket
// the host will refuse. (The token keeps other pages of the same machine out of the console.)

export function TokenMissing() {
  return (
    <main className="token-missing" role="alert">
      <h1>This link has no token</h1>
      <p>Streamlab&apos;s web UI needs the token that <code>streamlab serve</code> printed when it started, in the address:
        <code> http://127.0.0.1:PORT/?token=…#/…</code>.</p>
      <p>Open the full address from the terminal where <code>npm run serve</code> runs; a shared link keeps its place
        (the part after <code>#</code>) when the token is added in front of it.</p>
    </main>
  );
}
