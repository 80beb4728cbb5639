package io.itmcp.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The objects of one rendered kustomization, each parsed by fabric8 into its model class (a Role
 * becomes a {@code Role}); kinds fabric8 has no class for stay {@code GenericKubernetesResource}.
 */
record Manifests(List<HasMetadata> items, List<JsonNode> documents) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Manifests parse(String yaml) throws IOException {
    List<HasMetadata> items = new ArrayList<>();
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        KubernetesResource resource = SERIALIZATION.convertValue(doc, KubernetesResource.class);
        if (!(resource instanceof HasMetadata object)) {
          throw new IllegalArgumentException("not a Kubernetes object: " + doc);
        }
        items.add(object);
        documents.add(doc);
      }
    }
    return new Manifests(List.copyOf(items), List.copyOf(documents));
  }

  <T extends HasMetadata> List<T> ofType(Class<T> type) {
    return items.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return items.stream().filter(i -> kind.equals(i.getKind())).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    return ofType(type).stream()
        .filter(i -> Objects.equals(namespace, i.getMetadata().getNamespace()))
        .filter(i -> name.equals(i.getMetadata().getName()))
        .findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return find(type, namespace, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + type.getSimpleName()
                        + " "
                        + (namespace == null ? "" : namespace + "/")
                        + name
                        + " in the rendering; it has "
                        + items.stream().map(Manifests::describe).toList()));
  }

  /**
   * The parsed YAML document of an object (for comparisons that must not go through a model class).
   */
  JsonNode document(HasMetadata item) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == item) {
        return documents.get(i);
      }
    }
    throw new IllegalArgumentException("not in this rendering: " + describe(item));
  }

  static String describe(HasMetadata item) {
    String ns = item.getMetadata().getNamespace();
    return item.getKind() + " " + (ns == null ? "" : ns + "/") + item.getMetadata().getName();
  }
}
