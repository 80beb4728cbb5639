package io.itmcp.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the build writes the CRDs, where they are committed, and how a test reads them. */
final class GeneratedCrds {

  /** Surefire runs in the module directory. */
  static final Path GENERATED_DIR = Path.of("target", "generated-crds");

  static final Path COMMITTED_DIR = Path.of(".");
  static final Path DEPLOY_DIR = Path.of("..", "deploy", "crds");
  static final String POLICY_FILE = "itmcppolicies.itmcp.io-v1.yml";
  static final String SESSION_FILE = "itmcpsessions.itmcp.io-v1.yml";
  static final List<String> FILES = List.of(POLICY_FILE, SESSION_FILE);
  static final String REFRESH_COMMAND = "./mvnw -B -pl crds -Pcrd-refresh process-classes";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private GeneratedCrds() {}

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode generated(String file) {
    Path path = GENERATED_DIR.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          path.toAbsolutePath()
              + " is missing: run the build through "
              + "process-classes (./mvnw -B -pl crds verify) so crd-generator-maven-plugin writes it");
    }
    return read(path);
  }

  /** The openAPIV3Schema of the only version of a generated CRD. */
  static JsonNode schema(String file) {
    return generated(file).at("/spec/versions/0/schema/openAPIV3Schema");
  }
}
