/* The floor of the benchmark (issue 14): walk a repo, skipping .git and the names that start
 * with '.', and read every byte of every regular file, in one process, one thread. Nothing is
 * parsed. Prints the number of files and bytes read, and a checksum so the reads cannot be
 * optimised away.
 *
 *   cc -O2 -o read_floor bench/read_floor.c && ./read_floor REPO
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long files, bytes, sum;
static char buf[1 << 16];

static void walk(int dirfd) {
  DIR* dir = fdopendir(dirfd);
  if (!dir) {
    perror("fdopendir");
    exit(2);
  }
  struct dirent* e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue; /* ., .., .git, .firegrid, .gitignore, .vscode */
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) walk(fd);
    } else if (type == DT_REG) {
      int fd = openat(dirfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) {
        bytes += (unsigned long long)n;
        for (ssize_t i = 0; i < n; i += 64) sum += (unsigned char)buf[i];
      }
      close(fd);
      files++;
    }
  }
  closedir(dir);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s REPO\n", argv[0]);
    return 2;
  }
  int fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    perror(argv[1]);
    return 2;
  }
  walk(fd);
  printf("%llu files, %llu bytes, checksum %llu\n", files, bytes, sum);
  return 0;
}
