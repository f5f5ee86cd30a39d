#include <firegrid/store/hooks.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/process.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::store {

const char* const kHookMarker = "# firegrid pre-commit hook";
const char* const kMergeAttributes = "grid/**/*.yaml merge=firegrid";

namespace {

std::string hook_git_line(const std::string& root, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv, root);
  if (r.status != 0)
    throw Error(msg("{} is not in a git repository", root),
                tr("`git init` the repo first (or clone it): the hook is git's"));
  std::string s = r.output;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// A word for /bin/sh in single quotes.
std::string hook_quoted(const std::string& s) {
  std::string q = "'";
  for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

std::string pre_commit_hook(const std::string& prefix, const std::string& program) {
  return fmt::format(
    "#!/bin/sh\n"
    "{}: written by `firegrid hooks install`.\n"
    "# Refuses a commit whose staged records have errors (`firegrid check --staged`: git's\n"
    "# index, not the working tree). `git commit --no-verify` skips it once.\n"
    "fg={}\n"
    "[ -x \"$fg\" ] || fg=firegrid\n"
    "exec \"$fg\" -q -C {} check --staged\n",
    kHookMarker, hook_quoted(program), hook_quoted(prefix.empty() ? "." : prefix));
}

HookInstalled install_pre_commit(const std::string& root, const std::string& program, bool force) {
  const std::string prefix = hook_git_line(root, {"rev-parse", "--show-prefix"});
  std::string path = hook_git_line(root, {"rev-parse", "--git-path", "hooks/pre-commit"});
  if (path.empty() || path[0] != '/') path = root + "/" + path;  // git answers from its working folder
  HookInstalled done;
  done.path = path;
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream old;
    old << in.rdbuf();
    if (old.str().find(kHookMarker) != std::string::npos) {
      done.replaced = true;
    } else if (!force) {
      throw Error(msg("{} is another pre-commit hook, not firegrid's", path),
                  tr("add `firegrid check --staged` to it yourself, or `firegrid hooks install --force` (it keeps "
                  "that hook as pre-commit.before-firegrid)"));
    } else {
      done.kept_as = path + ".before-firegrid";
      if (std::rename(path.c_str(), done.kept_as.c_str()) != 0)
        throw Error(msg("cannot move {} aside: {}", path, std::strerror(errno)));
    }
  }
  const std::string dir = path.substr(0, path.rfind('/'));
  ::mkdir(dir.c_str(), 0777);  // a hooksPath folder may not exist yet
  const std::string text = pre_commit_hook(prefix, program);
  const std::string temp = fmt::format("{}.fg-tmp-{}", path, ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
  if (fd < 0) throw Error(msg("cannot write {}: {}", path, std::strerror(errno)));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::fchmod(fd, 0755);
  ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw Error(msg("cannot write {}: {}", path, std::strerror(errno)));
  }
  return done;
}

MergeDriverInstalled install_merge_driver(const std::string& root, const std::string& program) {
  const std::string prefix = hook_git_line(root, {"rev-parse", "--show-prefix"});
  std::string driver = hook_quoted(program) + " merge-driver --marker-size %L";
  if (!prefix.empty()) driver += " --prefix " + hook_quoted(prefix);
  driver += " %O %A %B %P";
  hook_git_line(root, {"config", "merge.firegrid.name", "firegrid: records whose steps both sides appended, merged by date"});
  hook_git_line(root, {"config", "merge.firegrid.driver", driver});

  MergeDriverInstalled done;
  done.attributes = root + "/.gitattributes";
  std::string text;
  if (std::ifstream in(done.attributes, std::ios::binary); in) {
    std::stringstream old;
    old << in.rdbuf();
    text = old.str();
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line == kMergeAttributes) return done;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "# records: lists both clones appended to (hazard steps ...) merged by date (`firegrid hooks install`)\n";
  text += std::string(kMergeAttributes) + "\n";
  const std::string temp = fmt::format("{}.fg-tmp-{}", done.attributes, ::getpid());
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush() || (out.close(), std::rename(temp.c_str(), done.attributes.c_str()) != 0)) {
    ::unlink(temp.c_str());
    throw Error(msg("cannot write {}: {}", done.attributes, std::strerror(errno)));
  }
  done.attributes_written = true;
  return done;
}

}  // namespace firegrid::store
