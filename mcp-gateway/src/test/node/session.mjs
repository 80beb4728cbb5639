// What client.mjs and approval.mjs share: the Streamable HTTP transport with a bearer token, and a
// session run to its end that prints one JSON object (out, with ok and, on failure, error) and exits
// 0 when it went through, 1 when it did not.
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export function bearerTransport(url, token) {
  return new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
}

export async function runAndReport(client, out, session) {
  try {
    await session();
    out.ok = true;
  } catch (e) {
    out.ok = false;
    out.error = String(e?.message ?? e);
  } finally {
    try {
      await client.close();
    } catch {
      // closing after a failure
    }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exit(out.ok ? 0 : 1);
}
