package io.itmcp.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;

/** Test manifests: a base file from src/test/resources/api and edits addressed by JSON Pointer. */
final class Manifest {

  private Manifest() {}

  static JsonNode load(String resource) {
    try (InputStream in = Manifest.class.getResourceAsStream("/api/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test manifest /api/" + resource);
      }
      return GeneratedCrds.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a YAML snippet, for structured values in an edit. */
  static JsonNode yaml(String snippet) {
    try {
      return GeneratedCrds.YAML.readTree(snippet);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sets the value at a pointer (its parent must exist); a value that is not a JsonNode is
   * converted.
   */
  static UnaryOperator<JsonNode> set(String pointer, Object value) {
    return root -> {
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode parent = root.at(at.head());
      JsonNode node = value instanceof JsonNode json ? json : GeneratedCrds.YAML.valueToTree(value);
      if (parent instanceof ObjectNode object) {
        object.set(at.last().getMatchingProperty(), node);
      } else if (parent instanceof ArrayNode array) {
        int index = at.last().getMatchingIndex();
        if (index == array.size()) {
          array.add(node);
        } else {
          array.set(index, node);
        }
      } else {
        throw new IllegalArgumentException(
            "no object or array at " + at.head() + " to set " + pointer);
      }
      return root;
    };
  }

  static UnaryOperator<JsonNode> remove(String pointer) {
    return root -> {
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode parent = root.at(at.head());
      if (!(parent instanceof ObjectNode object)
          || object.remove(at.last().getMatchingProperty()) == null) {
        throw new IllegalArgumentException("nothing to remove at " + pointer);
      }
      return root;
    };
  }

  static JsonNode edited(String base, List<UnaryOperator<JsonNode>> edits) {
    JsonNode root = load(base);
    for (UnaryOperator<JsonNode> edit : edits) {
      root = edit.apply(root);
    }
    return root;
  }
}
