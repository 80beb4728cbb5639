/**
 * The MCP layer over the container-backed node (testing tier 6): an MCP client reaches the real
 * gateway in kubernetes runtime over Streamable HTTP, and every tool call runs in a real
 * locked-down container that the real operator rendered and the node runs.
 *
 * <pre>
 * ./mvnw -B -pl e2e -am verify -Dtest='io.itmcp.e2e.mcp.**' -Dsurefire.failIfNoSpecifiedTests=false
 * ./mvnw -B -q -pl e2e -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp e2e/target/test-classes:$(cat e2e/target/cp.txt) io.itmcp.e2e.mcp.McpContainerNodeBenchmark 10 50
 * </pre>
 *
 * Needs Docker and root as the rest of the module; with {@code CI=true} a missing engine fails,
 * elsewhere the class is skipped with the reason.
 */
package io.itmcp.e2e.mcp;
