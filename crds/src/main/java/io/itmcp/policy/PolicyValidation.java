package io.itmcp.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.itmcp.api.v1alpha1.ApiGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code validate FILE|DIR...}: every ItmcpPolicy manifest in the given files (multi-document YAML)
 * and directories (their {@code .yaml}/{@code .yml} files, recursively, hidden ones skipped)
 * checked offline as the cluster would check it — the generated CRD's schema and CEL rules — plus
 * the policy engine's own checks ({@link PolicyRules}). Other kinds are skipped (a GitOps directory
 * holds RoleBindings, Secrets, kustomization.yaml). Tool names must be the CRD's short names: the
 * cluster does not take the {@code ping_tool} spelling the local loader accepts.
 *
 * <p>Finding no ItmcpPolicy at all is a problem too: a CI step pointed at a mistyped directory must
 * not pass.
 */
public final class PolicyValidation {

  /**
   * A line that starts a new YAML document ({@code ---}, optionally followed by content or a
   * comment).
   */
  private static final Pattern DOCUMENT_START = Pattern.compile("^---(\\s.*)?$");

  private static final Pattern DOCUMENT_END = Pattern.compile("^\\.\\.\\.\\s*$");

  private PolicyValidation() {}

  /**
   * One problem: the file, the document's 1-based index in it (0: the file as a whole), the
   * policy's name if known.
   */
  public record Problem(String file, int document, String policy, String message) {
    public String line() {
      return file
          + (document > 0 ? " (document " + document + ")" : "")
          + (policy == null ? "" : " ItmcpPolicy " + policy)
          + ": "
          + message;
    }
  }

  /** What was checked and what is wrong; valid when there are policies and no problems. */
  public record Report(int files, int policies, List<Problem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    /** The closing line for a person reading a CI log. */
    public String summary() {
      String checked =
          policies
              + " ItmcpPolicy manifest"
              + (policies == 1 ? "" : "s")
              + " in "
              + files
              + " file"
              + (files == 1 ? "" : "s");
      return valid()
          ? checked + ": valid"
          : checked + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s");
    }
  }

  public static Report validate(List<Path> paths) {
    List<Problem> problems = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> isYaml(f) && !hidden(path, f))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          problems.add(
              new Problem(
                  path.toString(), 0, null, "cannot read the directory: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        problems.add(new Problem(path.toString(), 0, null, "no such file or directory"));
      }
    }
    int policies = 0;
    for (Path file : files) {
      policies += validateFile(file, problems);
    }
    if (policies == 0 && problems.isEmpty()) {
      problems.add(
          new Problem(
              String.join(" ", paths.stream().map(Path::toString).toList()),
              0,
              null,
              "no ItmcpPolicy manifest found (" + files.size() + " YAML files read)"));
    }
    return new Report(files.size(), policies, List.copyOf(problems));
  }

  /** Checks every document of one file; returns how many were ItmcpPolicy manifests. */
  private static int validateFile(Path file, List<Problem> problems) {
    String text;
    try {
      if (Files.size(file) > PolicyLoader.MAX_BYTES) {
        problems.add(
            new Problem(
                file.toString(), 0, null, "larger than " + PolicyLoader.MAX_BYTES + " bytes"));
        return 0;
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(new Problem(file.toString(), 0, null, "cannot read: " + e.getMessage()));
      return 0;
    }
    int policies = 0;
    List<String> documents = documents(text);
    for (int i = 0; i < documents.size(); i++) {
      if (validateDocument(file.toString(), i + 1, documents.get(i), problems)) {
        policies++;
      }
    }
    return policies;
  }

  /** Checks one document; true when it is (meant to be) an ItmcpPolicy. */
  private static boolean validateDocument(
      String file, int index, String document, List<Problem> problems) {
    JsonNode tree;
    try {
      PolicyLoader.refuseAnchorsAndTags(document, "document");
      tree = PolicyLoader.readTree(document);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, index, null, e.getMessage().replaceFirst("^document: ", "")));
      return false;
    } catch (JsonProcessingException e) {
      problems.add(new Problem(file, index, null, "not valid YAML: " + e.getOriginalMessage()));
      return false;
    }
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      return false;
    }
    if (!tree.isObject() || !PolicyLoader.KIND.equals(tree.path("kind").asText())) {
      return false;
    }
    String name = tree.path("metadata").path("name").asText(null);
    String apiVersion = tree.path("apiVersion").asText("");
    if (!ApiGroup.API_VERSION.equals(apiVersion)) {
      problems.add(
          new Problem(
              file,
              index,
              name,
              "apiVersion: Unsupported value: "
                  + Refusal.quote(apiVersion)
                  + ": supported values: \""
                  + ApiGroup.API_VERSION
                  + "\""));
      return true;
    }
    for (String problem : PolicyRules.problems(tree)) {
      problems.add(new Problem(file, index, name, problem));
    }
    return true;
  }

  /**
   * The documents of a multi-document YAML text, each with its own lines; blank ones kept so
   * indexes match the file.
   */
  static List<String> documents(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean started = false;
    for (String line : text.split("\r?\n", -1)) {
      if (DOCUMENT_START.matcher(line).matches()) {
        if (started || !onlyComments(current)) {
          out.add(current.toString());
        }
        current.setLength(0);
        started = true;
        String rest = line.substring(3).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
          current.append(rest).append('\n');
        }
      } else if (DOCUMENT_END.matcher(line).matches()) {
        out.add(current.toString());
        current.setLength(0);
        started = false;
      } else {
        current.append(line).append('\n');
      }
    }
    if (started || !onlyComments(current)) {
      out.add(current.toString());
    }
    return out;
  }

  /** Text before the first "---" that is only comments and blank lines is no document. */
  private static boolean onlyComments(CharSequence text) {
    return text.toString()
        .lines()
        .map(String::strip)
        .allMatch(l -> l.isEmpty() || l.startsWith("#"));
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** A file under a hidden directory (.git) or hidden itself, below the directory given. */
  private static boolean hidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
