/*
 * itmcp-read: opens one file inside the allowed directories without a check-then-use window, then
 * runs cat, head, tail or grep on the open file (as its standard input).
 *
 *   itmcp-read [--allow-hard-links] --root DIR [--root DIR]... --path FILE -- PROGRAM [ARG]...
 *
 * The path is resolved one component at a time with openat(O_NOFOLLOW) from a descriptor of the
 * allowed directory that lexically contains it. A symlink is never followed by the kernel: its
 * target is read and resolved by the same walk, so a relative target stays under the held
 * descriptors, ".." can only pop what the walk itself opened (never above the allowed directory),
 * and an absolute target must again lie in an allowed directory. A writer who swaps a symlink or a
 * directory during the walk changes which file inside the allowed directories is read, never
 * whether something outside is read. The file must be a regular file and, unless
 * --allow-hard-links, have exactly one link (a hard link can name a file of any directory).
 *
 * The program then reads the descriptor, not a path: nothing can be swapped between open and read.
 * Only the four readers may be run. Exit status: the program's own, or
 *   121  refused: the path leaves the allowed directories, or the file has more than one link
 *   122  the file cannot be read (missing, not a regular file, permission, too many symlinks)
 *   123  wrong usage (a bug in the caller)
 * with one line "itmcp-read: ..." on standard error.
 *
 * Built static (no library to trust at run time, usable in any sandbox): cc -static -O2 itmcp-read.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_REFUSED = 121, EXIT_UNREADABLE = 122, EXIT_USAGE = 123 };
enum { MAX_ROOTS = 64, MAX_DEPTH = 512, MAX_SYMLINKS = 40, WORK_SIZE = 2 * PATH_MAX };

static const char *const PROGRAMS[] = {"cat", "head", "tail", "grep", NULL};
static const char *requested_path = "";

static void fail(int status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  fprintf(stderr, "itmcp-read: %s%s: ", status == EXIT_REFUSED ? "refused " : "", requested_path);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
  exit(status);
}

/* Whether root (absolute, no trailing slash except "/") contains path lexically; returns the offset of the rest. */
static int contains(const char *root, const char *path, size_t *rest) {
  size_t n = strlen(root);
  if (strcmp(root, "/") == 0) {
    *rest = 1;
    return path[0] == '/';
  }
  if (strncmp(root, path, n) != 0 || (path[n] != '\0' && path[n] != '/')) {
    return 0;
  }
  *rest = path[n] == '/' ? n + 1 : n;
  return 1;
}

/* The longest root containing path, or -1. */
static int root_of(char *const *roots, int count, const char *path, size_t *rest) {
  int best = -1;
  size_t best_length = 0;
  for (int i = 0; i < count; i++) {
    size_t offset;
    if (contains(roots[i], path, &offset) && (best < 0 || strlen(roots[i]) > best_length)) {
      best = i;
      best_length = strlen(roots[i]);
      *rest = offset;
    }
  }
  return best;
}

struct walk {
  int fds[MAX_DEPTH];
  int depth; /* fds[0] is the allowed directory; fds[depth] the current directory */
  const char *root; /* the allowed directory of fds[0] */
  char work[WORK_SIZE]; /* components still to resolve, '/'-separated */
  size_t position;
  int symlinks;
};

static void close_all(struct walk *w) {
  for (int i = 0; i <= w->depth; i++) {
    close(w->fds[i]);
  }
  w->depth = -1;
}

static void start_at_root(struct walk *w, char *const *roots, int count, const char *path, const char *why) {
  size_t rest;
  int root = root_of(roots, count, path, &rest);
  if (root < 0) {
    fail(EXIT_REFUSED, "%s (rule allowedDirectories)", why);
  }
  if (w->depth >= 0) {
    close_all(w);
  }
  int fd = open(roots[root], O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    fail(EXIT_UNREADABLE, "the allowed directory %s cannot be opened: %s", roots[root], strerror(errno));
  }
  w->fds[0] = fd;
  w->depth = 0;
  w->root = roots[root];
  if (strlen(path + rest) >= WORK_SIZE) {
    fail(EXIT_UNREADABLE, "the path is too long");
  }
  strcpy(w->work, path + rest);
  w->position = 0;
}

/* The next component into name (empty when done); whether it is the last one. */
static int next_component(struct walk *w, char *name, size_t size) {
  while (w->work[w->position] == '/') {
    w->position++;
  }
  size_t start = w->position;
  while (w->work[w->position] != '\0' && w->work[w->position] != '/') {
    w->position++;
  }
  size_t length = w->position - start;
  if (length >= size) {
    fail(EXIT_UNREADABLE, "a path component is too long");
  }
  memcpy(name, w->work + start, length);
  name[length] = '\0';
  size_t after = w->position;
  while (w->work[after] == '/') {
    after++;
  }
  return w->work[after] == '\0';
}

/* dest = a "/" b, or the walk fails when it does not fit. */
static void join(char *dest, const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la + 1 + lb >= WORK_SIZE) {
    fail(EXIT_UNREADABLE, "symlinks expand to a path that is too long");
  }
  memcpy(dest, a, la);
  dest[la] = '/';
  memcpy(dest + la + 1, b, lb + 1);
}

/* Replaces the consumed part of the work list by the symlink's target. */
static void splice_target(struct walk *w, const char *target) {
  char rest[WORK_SIZE];
  strcpy(rest, w->work + w->position);
  join(w->work, target, rest);
  w->position = 0;
}

/* Follows the symlink name in the current directory by the walk's own rules; 0 when it is no longer one. */
static int follow(struct walk *w, const char *name, char *const *roots, int count) {
  if (++w->symlinks > MAX_SYMLINKS) {
    fail(EXIT_UNREADABLE, "more than %d symlinks on the way", MAX_SYMLINKS);
  }
  char target[PATH_MAX];
  ssize_t n = readlinkat(w->fds[w->depth], name, target, sizeof target - 1);
  if (n < 0) {
    if (errno == EINVAL) {
      return 0;
    }
    fail(EXIT_UNREADABLE, "cannot read the symlink %s: %s", name, strerror(errno));
  }
  target[n] = '\0';
  if (target[0] == '/') {
    char rest[WORK_SIZE];
    strcpy(rest, w->work + w->position);
    char absolute[WORK_SIZE];
    join(absolute, target, rest);
    char why[NAME_MAX + 2 * PATH_MAX];
    snprintf(why, sizeof why, "the symlink %s points to %s, outside the allowed directories", name, target);
    start_at_root(w, roots, count, absolute, why);
    return 1;
  }
  splice_target(w, target);
  return 1;
}

static int open_file(char *const *roots, int count, const char *path) {
  struct walk w = {.depth = -1};
  start_at_root(&w, roots, count, path, "it is outside the allowed directories");
  char name[NAME_MAX + 1];
  for (;;) {
    size_t before = w.position;
    int last = next_component(&w, name, sizeof name);
    if (name[0] == '\0') {
      fail(EXIT_UNREADABLE, "it is a directory, not a file");
    }
    if (strcmp(name, ".") == 0) {
      continue;
    }
    if (strcmp(name, "..") == 0) {
      if (w.depth == 0) {
        /* Above an allowed directory is allowed only where another allowed directory holds it. */
        char parent[WORK_SIZE];
        char rest[WORK_SIZE];
        strcpy(rest, w.work + w.position);
        strcpy(parent, w.root);
        char *slash = strrchr(parent, '/');
        if (strcmp(w.root, "/") == 0 || slash == NULL) {
          fail(EXIT_REFUSED, "'..' leads above / (rule allowedDirectories)");
        }
        slash[slash == parent ? 1 : 0] = '\0';
        char target[WORK_SIZE];
        join(target, parent, rest);
        start_at_root(&w, roots, count, target, "'..' leads above the allowed directory");
        continue;
      }
      close(w.fds[w.depth--]);
      if (last) {
        fail(EXIT_UNREADABLE, "it is a directory, not a file");
      }
      continue;
    }
    int flags = last ? O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC
                     : O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = openat(w.fds[w.depth], name, flags);
    if (fd < 0) {
      int error = errno;
      struct stat st;
      if ((error == ELOOP || error == ENOTDIR)
          && fstatat(w.fds[w.depth], name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
        if (!follow(&w, name, roots, count)) {
          w.position = before; /* no longer a symlink: resolve the component again */
        }
        continue;
      }
      if (error == ELOOP || error == ENOTDIR) {
        /* It changed between the two calls: resolve the component again (bounded by the symlink count). */
        if (++w.symlinks > MAX_SYMLINKS) {
          fail(EXIT_UNREADABLE, "%s keeps changing", name);
        }
        w.position = before;
        continue;
      }
      fail(EXIT_UNREADABLE, "%s: %s", name, strerror(error));
    }
    if (!last) {
      if (w.depth + 1 >= MAX_DEPTH) {
        fail(EXIT_UNREADABLE, "the path is too deep");
      }
      w.fds[++w.depth] = fd;
      continue;
    }
    close_all(&w);
    return fd;
  }
}

static void usage(const char *why) {
  fprintf(stderr, "itmcp-read: %s\nusage: itmcp-read [--allow-hard-links] --root DIR... --path FILE -- "
                  "cat|head|tail|grep [ARG]...\n", why);
  exit(EXIT_USAGE);
}

static int is_clean_absolute(const char *path) {
  if (path[0] != '/') {
    return 0;
  }
  return strlen(path) < PATH_MAX && strstr(path, "//") == NULL;
}

int main(int argc, char **argv) {
  char *roots[MAX_ROOTS];
  int root_count = 0;
  int allow_hard_links = 0;
  const char *path = NULL;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--allow-hard-links") == 0) {
      allow_hard_links = 1;
    } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
      char *root = argv[++i];
      size_t n = strlen(root);
      if (n > 1 && root[n - 1] == '/') {
        root[n - 1] = '\0';
      }
      if (!is_clean_absolute(root) || root_count == MAX_ROOTS) {
        usage("--root takes an absolute directory (at most 64 of them)");
      }
      roots[root_count++] = root;
    } else if (strcmp(argv[i], "--path") == 0 && i + 1 < argc) {
      path = argv[++i];
    } else {
      usage("unknown option");
    }
  }
  if (i + 1 >= argc || path == NULL || root_count == 0) {
    usage("--root, --path and a program are required");
  }
  requested_path = path;
  if (!is_clean_absolute(path)) {
    usage("--path takes an absolute path");
  }
  char **program = argv + i + 1;
  int known = 0;
  for (const char *const *p = PROGRAMS; *p != NULL; p++) {
    known |= strcmp(*p, program[0]) == 0;
  }
  if (!known) {
    usage("the program must be cat, head, tail or grep");
  }

  int fd = open_file(roots, root_count, path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    fail(EXIT_UNREADABLE, "%s", strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    fail(EXIT_UNREADABLE, "it is not a regular file");
  }
  if (st.st_nlink > 1 && !allow_hard_links) {
    fail(EXIT_REFUSED, "it has %lu hard links and could be a file of another directory (rule files.allowHardLinks)",
         (unsigned long) st.st_nlink);
  }
  int status_flags = fcntl(fd, F_GETFL);
  if (status_flags < 0 || fcntl(fd, F_SETFL, status_flags & ~O_NONBLOCK) < 0 || dup2(fd, STDIN_FILENO) < 0) {
    fail(EXIT_UNREADABLE, "%s", strerror(errno));
  }
  if (fd != STDIN_FILENO) {
    close(fd);
  }
  execvp(program[0], program);
  fprintf(stderr, "itmcp-read: cannot run %s: %s\n", program[0], strerror(errno));
  return EXIT_UNREADABLE;
}
