// Calls one tool through the gateway with the official TypeScript MCP SDK client (legacy era,
// Streamable HTTP) and answers the gateway's approval question (elicitation/create) as told:
// accept, decline, cancel, never (the question is never answered), or none (the client does not
// declare the elicitation capability). Prints one JSON object: the question asked and the result.
//   node approval.mjs URL TOKEN ANSWER TOOL ARGUMENTS_JSON
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { bearerTransport, runAndReport } from "./session.mjs";

const [url, token, answer, tool, argsJson] = process.argv.slice(2);
const transport = bearerTransport(url, token);
const capabilities = answer === "none" ? {} : { elicitation: { form: {} } };
const client = new Client({ name: "itmcp-ts-approval-test", version: "1.0.0" }, { capabilities });
const out = { questions: [] };
if (answer !== "none") {
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    out.questions.push({ message: request.params.message, requestedSchema: request.params.requestedSchema });
    switch (answer) {
      case "accept":
        return { action: "accept", content: { approve: true } };
      case "decline":
        return { action: "decline" };
      case "cancel":
        return { action: "cancel" };
      default:
        return new Promise(() => {});
    }
  });
}
await runAndReport(client, out, async () => {
  await client.connect(transport);
  const r = await client.callTool({ name: tool, arguments: JSON.parse(argsJson) }, undefined, { timeout: 120000 });
  out.result = { isError: r.isError ?? false, text: r.content?.[0]?.text, structuredContent: r.structuredContent ?? null };
});
