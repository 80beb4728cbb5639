// Connects to the gateway with the official TypeScript MCP SDK client, over stdio or Streamable
// HTTP, and prints one JSON object describing what it saw. Usage:
//   node client.mjs http URL TOKEN FILE
//   node client.mjs stdio FILE COMMAND [ARGS...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { bearerTransport, runAndReport } from "./session.mjs";

const [mode, ...rest] = process.argv.slice(2);
let transport;
let file;
if (mode === "http") {
  const [url, token, f] = rest;
  file = f;
  transport = bearerTransport(url, token);
} else if (mode === "stdio") {
  const [f, command, ...args] = rest;
  file = f;
  transport = new StdioClientTransport({ command, args, stderr: "inherit", env: process.env });
} else {
  console.error("usage: client.mjs http URL TOKEN FILE | stdio FILE COMMAND [ARGS...]");
  process.exit(2);
}

const client = new Client({ name: "itmcp-ts-sdk-test", version: "1.0.0" });
const out = {};
await runAndReport(client, out, async () => {
  await client.connect(transport);
  out.server = client.getServerVersion();
  const { tools } = await client.listTools();
  out.tools = tools.map((t) => ({
    name: t.name,
    hasInputSchema: !!t.inputSchema && t.inputSchema.type === "object",
    hasOutputSchema: !!t.outputSchema,
    readOnlyHint: t.annotations?.readOnlyHint ?? null,
    openWorldHint: t.annotations?.openWorldHint ?? null,
  }));
  const ok = await client.callTool({ name: "cat_tool", arguments: { file_path: file } });
  out.call = { isError: ok.isError ?? false, structuredContent: ok.structuredContent ?? null, text: ok.content?.[0]?.text };
  const refused = await client.callTool({ name: "cat_tool", arguments: { file_path: "--help" } });
  out.refused = { isError: refused.isError ?? false, text: refused.content?.[0]?.text, structuredContent: refused.structuredContent ?? null };
});
