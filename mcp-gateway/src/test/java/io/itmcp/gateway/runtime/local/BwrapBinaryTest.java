package io.itmcp.gateway.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.itmcp.gateway.runtime.ExecRequest;
import io.itmcp.gateway.runtime.ExecResult;
import io.itmcp.gateway.runtime.ExecTarget;
import io.itmcp.gateway.runtime.ProgressListener;
import io.itmcp.gateway.runtime.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bwrap the local runtime runs is the one found when it was made, in an absolute directory of
 * PATH: attempts to have another one run instead.
 */
class BwrapBinaryTest {

  @TempDir Path dir;

  @Test
  void theFirstExecutableBwrapOnThePathIsChosen() throws IOException {
    Path first = Files.createDirectory(dir.resolve("first"));
    Path second = Files.createDirectory(dir.resolve("second"));
    Path third = Files.createDirectory(dir.resolve("third"));
    executable(second.resolve("bwrap"));
    executable(third.resolve("bwrap"));

    assertThat(BwrapBinary.onPath(path(first, second, third))).contains(second.resolve("bwrap"));
  }

  @Test
  void aBwrapThatIsNotAnExecutableFileIsPassedOver() throws IOException {
    Path notExecutable = Files.createDirectory(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("bwrap"), "#!/bin/sh\n");
    Path aDirectory = Files.createDirectory(dir.resolve("dir"));
    Files.createDirectory(aDirectory.resolve("bwrap"));
    Path real = Files.createDirectory(dir.resolve("real"));
    executable(real.resolve("bwrap"));

    assertThat(BwrapBinary.onPath(path(notExecutable, aDirectory, real)))
        .contains(real.resolve("bwrap"));
  }

  @Test
  void relativeAndEmptyEntriesAreNeverSearched() throws IOException {
    // an empty entry and "." both mean the working directory, which a caller may control
    Path bin = Files.createDirectory(dir.resolve("bin"));
    executable(bin.resolve("bwrap"));
    Path relative = Path.of("").toAbsolutePath().relativize(bin);
    assertThat(Files.isExecutable(relative.resolve("bwrap"))).isTrue();
    String searchPath = String.join(File.pathSeparator, "", ".", relative.toString(), "bin");

    assertThat(BwrapBinary.onPath(searchPath)).isEmpty();
  }

  @Test
  void withoutAnyPathTheDefaultSearchPathIsSearchedAsASpawnByNameDid() {
    assertThat(BwrapBinary.onPath((String) null))
        .isEqualTo(BwrapBinary.onPath(BwrapBinary.DEFAULT_SEARCH_PATH));
  }

  @Test
  void withoutOneTheProbeSaysWhereItLookedAndWhatToDo() {
    assertThat(BwrapBinary.notFound("/opt/none:/usr/none"))
        .isEqualTo("no executable bwrap in any absolute directory of PATH (/opt/none:/usr/none)");
    assertThat(BwrapFailure.explain(false, 127, BwrapBinary.notFound(null)))
        .contains("PATH (not set, so /bin:/usr/bin)")
        .contains("install the 'bubblewrap' package");
  }

  @Test
  void everyCallRunsTheBinaryTheRuntimeWasMadeWithNotWhateverPathFindsLater() throws Exception {
    // a stand-in "bwrap" that records that it ran and runs nothing else
    Path marker = dir.resolve("ran");
    Path pinned = dir.resolve("pinned-bwrap");
    Files.writeString(pinned, "#!/bin/sh\necho pinned >> " + marker + "\n");
    executable(pinned);
    LocalSandboxRuntime runtime =
        LocalSandboxRuntime.create(
            false,
            new LocalSandboxRuntime.Availability(true, "bubblewrap works", pinned.toString()));

    try (Sandbox sandbox = runtime.open("pinned", null, null)) {
      for (int i = 0; i < 2; i++) {
        ExecResult r =
            sandbox.exec(
                new ExecRequest(List.of("true"), ExecTarget.SANDBOX, Duration.ofSeconds(10), 4096),
                ProgressListener.NONE);
        assertThat(r.exitCode()).isZero();
      }
    }
    assertThat(Files.readAllLines(marker)).containsExactly("pinned", "pinned");
  }

  private static String path(Path... dirs) {
    return String.join(
        File.pathSeparator, java.util.Arrays.stream(dirs).map(Path::toString).toList());
  }

  private static void executable(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
