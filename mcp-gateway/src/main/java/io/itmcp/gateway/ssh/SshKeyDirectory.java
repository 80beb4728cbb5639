package io.itmcp.gateway.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.itmcp.api.v1alpha1.SessionContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials kept as files: a directory of private keys, an optional JSON credentials file, and a
 * known_hosts file.
 *
 * <p>Key choice for a host, first found wins: the key file the credentials file names for the host
 * (relative names resolved in the key directory); {@code <dir>/<host>}; {@code <dir>/<host>.key};
 * {@code <dir>/id_ed25519}; {@code <dir>/id_ecdsa}; {@code <dir>/id_rsa}.
 *
 * <p>The credentials file is the original ITMCP's JSON: either an object keyed by host, an object
 * with a "hosts" object, or a list of objects with a "host" field; each entry may give a user
 * ("username" or "user") and a key file ("key_file", "key_path", "private_key_path",
 * "private_key_file", "identity_file" or "key"). Passwords and passphrases in it are ignored — ssh
 * runs with BatchMode and key authentication only — and never copied out of the parsed file, so
 * they cannot reach an argv or a log: {@link #passwordsIgnored()} tells the caller to warn that
 * they are unused (without saying what they are).
 */
public final class SshKeyDirectory implements SshCredentials {

  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.:_-]+");
  private static final List<String> USER_FIELDS = List.of("username", "user");
  private static final List<String> KEY_FIELDS =
      List.of(
          "key_file", "key_path", "private_key_path", "private_key_file", "identity_file", "key");
  private static final List<String> SECRET_FIELDS =
      List.of("password", "passphrase", "key_passphrase");
  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final Optional<Path> keyDirectory;
  private final Optional<Path> credentialsFile;
  private final Optional<Path> knownHosts;

  public SshKeyDirectory(
      Optional<Path> keyDirectory, Optional<Path> credentialsFile, Optional<Path> knownHosts) {
    this.keyDirectory = keyDirectory;
    this.credentialsFile = credentialsFile;
    this.knownHosts = knownHosts;
  }

  /** The layout of the Kubernetes Secret mount: keys and {@code known_hosts} in one directory. */
  public static SshKeyDirectory mountedSecret(Path directory) {
    return new SshKeyDirectory(
        Optional.of(directory),
        Optional.empty(),
        Optional.of(directory.resolve(SessionContract.SSH_KNOWN_HOSTS_FILE)));
  }

  @Override
  public List<Path> locations() {
    List<Path> out = new ArrayList<>();
    keyDirectory.ifPresent(out::add);
    credentialsFile.ifPresent(out::add);
    knownHosts.ifPresent(out::add);
    try {
      credentialsFile.flatMap(this::keyFilesNamedIn).ifPresent(out::addAll);
    } catch (UncheckedIOException e) {
      // An unreadable credentials file refuses ssh calls later, with its own message.
    }
    return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
  }

  private Optional<List<Path>> keyFilesNamedIn(Path file) {
    return Optional.of(
        entries().values().stream()
            .map(e -> firstText(e, KEY_FIELDS))
            .flatMap(Optional::stream)
            .map(this::resolveKey)
            .toList());
  }

  @Override
  public Optional<Path> keyFor(String host) {
    if (!SAFE_HOST.matcher(host).matches()) {
      return Optional.empty();
    }
    Optional<Path> named = entry(host).flatMap(e -> firstText(e, KEY_FIELDS)).map(this::resolveKey);
    if (named.isPresent()) {
      return named.filter(Files::isRegularFile);
    }
    if (keyDirectory.isEmpty()) {
      return Optional.empty();
    }
    Path dir = keyDirectory.get();
    for (String candidate : List.of(host, host + ".key")) {
      Path p = dir.resolve(candidate);
      if (p.getParent().equals(dir) && Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return DEFAULT_KEYS.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
  }

  @Override
  public Optional<Path> knownHosts() {
    return knownHosts.filter(Files::isRegularFile);
  }

  @Override
  public Optional<String> userFor(String host) {
    return entry(host).flatMap(e -> firstText(e, USER_FIELDS));
  }

  /** Whether the credentials file holds passwords or passphrases (which are not used). */
  public boolean passwordsIgnored() {
    return entries().values().stream().anyMatch(e -> SECRET_FIELDS.stream().anyMatch(e::has));
  }

  private Path resolveKey(String reference) {
    Path p = Path.of(reference);
    if (p.isAbsolute()) {
      return p;
    }
    Path base = keyDirectory.orElseGet(() -> credentialsFile.get().toAbsolutePath().getParent());
    return base.resolve(p).normalize();
  }

  private Optional<JsonNode> entry(String host) {
    return Optional.ofNullable(entries().get(host.toLowerCase(Locale.ROOT)));
  }

  private Map<String, JsonNode> entries() {
    Map<String, JsonNode> byHost = new HashMap<>();
    if (credentialsFile.isEmpty() || !Files.isRegularFile(credentialsFile.get())) {
      return byHost;
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(credentialsFile.get().toFile());
    } catch (IOException e) {
      // The message may quote file content; name only the file.
      throw new UncheckedIOException(
          new IOException("cannot read ssh credentials file " + credentialsFile.get()));
    }
    if (root == null) {
      return byHost;
    }
    JsonNode hosts =
        root.has("hosts")
            ? root.get("hosts")
            : root.has("credentials") ? root.get("credentials") : root;
    if (hosts.isArray()) {
      for (JsonNode e : hosts) {
        firstText(e, List.of("host", "hostname", "target"))
            .ifPresent(h -> byHost.put(h.toLowerCase(Locale.ROOT), e));
      }
    } else if (hosts.isObject()) {
      hosts
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isObject()) {
                  byHost.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue());
                }
              });
    }
    return byHost;
  }

  private static Optional<String> firstText(JsonNode node, List<String> fields) {
    for (String f : fields) {
      JsonNode v = node.get(f);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        return Optional.of(v.asText());
      }
    }
    return Optional.empty();
  }
}
