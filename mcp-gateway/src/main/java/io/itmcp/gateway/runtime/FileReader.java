package io.itmcp.gateway.runtime;

/**
 * The race-free file reader every runtime provides inside its sandbox ({@code itmcp-read}, built
 * from {@code sandbox-image/reader/itmcp-read.c}): in the sandbox image at {@code
 * /usr/local/bin/itmcp-read}; in the local runtime a static binary carried in the jar and bound
 * into each bubblewrap sandbox. It opens the file one path component at a time with {@code
 * openat(O_NOFOLLOW)} under the allowed directory, resolves symlinks itself without ever leaving
 * the allowed directories, refuses files with more than one hard link unless allowed, and runs
 * cat/head/tail/grep on the open descriptor (its standard input): one exec, no window between check
 * and read.
 */
public final class FileReader {

  /** argv[0] of a file-tool call; runtimes may put their own path to the reader in its place. */
  public static final String PROGRAM = "itmcp-read";

  /** The path leaves the allowed directories, or the file has more than one hard link. */
  public static final int EXIT_REFUSED = 121;

  /** Missing, not a regular file, unreadable, too many symlinks. */
  public static final int EXIT_UNREADABLE = 122;

  /** The reader was called wrongly (a gateway bug, never the user's input). */
  public static final int EXIT_USAGE = 123;

  private FileReader() {}
}
