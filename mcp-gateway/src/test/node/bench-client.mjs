// The official TypeScript SDK client of a stdio gateway, driven by GatewayBenchmark: it spawns the
// gateway (COMMAND ARGS...), lists the tools as an MCP host does, prints "ready", then for each line
// "call" on its stdin makes one cat_tool call on FILE and prints "ok" or "error <what>".
//   node bench-client.mjs FILE COMMAND [ARGS...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createInterface } from "node:readline";

const [file, command, ...args] = process.argv.slice(2);
const client = new Client({ name: "itmcp-bench", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command, args, stderr: "ignore", env: process.env }));
await client.listTools();
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (line !== "call") {
    continue;
  }
  try {
    const r = await client.callTool({ name: "cat_tool", arguments: { file_path: file } });
    process.stdout.write(r.isError ? `error ${JSON.stringify(r.content)}\n` : "ok\n");
  } catch (e) {
    process.stdout.write(`error ${String(e?.message ?? e)}\n`);
  }
}
await client.close();
