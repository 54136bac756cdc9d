#pragma once
// Test helpers: temporary directories and running the real git with a clean environment.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace git_test {

// Deterministic bytes that do not compress: a linear congruential generator's high bytes.
inline std::vector<std::uint8_t> pseudo_random(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>((seed = seed * 1103515245u + 12345u) >> 24);
  return out;
}

// A fresh directory under $TMPDIR, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/git-test-XXXXXX";
    if (!mkdtemp(templ.data())) std::abort();
    path_ = templ;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Run {
  int status;
  std::string out;  // stdout (and stderr when asked)
};

// Runs a shell command; its standard output (binary-safe) and exit status.
inline Run run(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {-1, {}};
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

// A private HOME and no system config, so that git behaves the same on every machine.
class GitEnvironment {
 public:
  GitEnvironment() {
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("HOME", home_.path().c_str(), 1);
    setenv("XDG_CONFIG_HOME", home_.path().c_str(), 1);
    setenv("GIT_AUTHOR_NAME", "A U Thor", 1);
    setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
    setenv("GIT_COMMITTER_NAME", "C O Mitter", 1);
    setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    unsetenv("GIT_OBJECT_DIRECTORY");
    run("git config --global user.name 'A U Thor' && git config --global user.email author@example.com && "
        "git config --global init.defaultBranch main && git config --global gc.autoDetach false");
  }
  static bool git_available() { return run("git --version >/dev/null 2>&1").status == 0; }

 private:
  TempDir home_;
};

// `git -C dir <args>`, stderr folded into the output.
inline Run git(const std::string& dir, const std::string& args) { return run("git -C '" + dir + "' " + args + " 2>&1"); }

}  // namespace git_test
