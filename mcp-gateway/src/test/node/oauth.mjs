// Signs in to the gateway the way an MCP client does, with the official TypeScript MCP SDK client's
// own OAuth support: the first connect meets our 401, the SDK reads the protected resource metadata
// and the authorization server's metadata and sends the user to the authorization endpoint with
// PKCE and the resource indicator; here the "user agent" is a fetch that follows the server's
// scripted login to the redirect, whose code finishes the flow. Then initialize, tools/list and one
// call. Prints one JSON object.
//   node oauth.mjs URL TOOL ARGUMENTS_JSON
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const [url, tool, argsJson] = process.argv.slice(2);
const redirect = "http://127.0.0.1:1/callback";
const out = { steps: [] };
let code;
let verifier;
let saved;
const provider = {
  get redirectUrl() {
    return redirect;
  },
  get clientMetadata() {
    return { client_name: "itmcp-ts-oauth-test", redirect_uris: [redirect], grant_types: ["authorization_code"],
      response_types: ["code"], token_endpoint_auth_method: "none" };
  },
  clientInformation: () => ({ client_id: "itmcp-ts-client" }),
  tokens: () => saved,
  saveTokens: (t) => {
    saved = t;
    out.steps.push("token");
  },
  saveCodeVerifier: (v) => {
    verifier = v;
  },
  codeVerifier: () => verifier,
  redirectToAuthorization: async (authorizationUrl) => {
    out.steps.push("authorize");
    out.authorization = {
      pkce: authorizationUrl.searchParams.get("code_challenge_method"),
      resource: authorizationUrl.searchParams.get("resource"),
    };
    out.authorization.url = authorizationUrl.toString();
    // mock-oauth2-server, an OpenID provider, refuses an authorization request without the openid
    // scope; the SDK asks for the scopes of our resource metadata only (mcp:tools), as it should
    authorizationUrl.searchParams.set("scope", `openid ${authorizationUrl.searchParams.get("scope") ?? ""}`.trim());
    const login = await fetch(authorizationUrl, { redirect: "manual" });
    if (!login.headers.get("location")) {
      throw new Error(`the authorization server answered ${login.status} without a redirect: ${await login.text()}`);
    }
    const location = new URL(login.headers.get("location"));
    code = location.searchParams.get("code");
  },
};

function transport() {
  return new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
}

try {
  const first = new Client({ name: "itmcp-ts-oauth-test", version: "1.0.0" });
  const t = transport();
  try {
    await first.connect(t);
    throw new Error("the gateway let an unauthenticated client in");
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) {
      throw e;
    }
    out.steps.push("401");
  }
  await t.finishAuth(code);
  const client = new Client({ name: "itmcp-ts-oauth-test", version: "1.0.0" });
  await client.connect(transport());
  out.steps.push("initialize");
  const { tools } = await client.listTools();
  out.tools = tools.map((x) => x.name);
  const r = await client.callTool({ name: tool, arguments: JSON.parse(argsJson) });
  out.result = { isError: r.isError ?? false, text: r.content?.[0]?.text, structuredContent: r.structuredContent ?? null };
  out.ok = true;
  await client.close();
} catch (e) {
  out.ok = false;
  out.error = String(e?.stack ?? e);
}
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(out.ok ? 0 : 1);
