#include "fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace git::fs {

namespace {

std::unexpected<Error> io_error(std::string_view what, const std::string& path) {
  const int e = errno;
  return fail(e == ENOENT ? Errc::NotFound : Errc::Io, std::string(what) + " " + path + ": " + std::strerror(e));
}

Result<void> write_all(int fd, std::span<const std::uint8_t> data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path);
    }
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return {};
}

void fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::string parent(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Result<std::vector<std::uint8_t>> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", path);
  std::vector<std::uint8_t> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  std::uint8_t buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto err = io_error("cannot read", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  ::close(fd);
  return out;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Result<void> make_directories(const std::string& path) {
  if (path.empty() || is_directory(path)) return {};
  if (const std::string up = parent(path); up != path) GIT_TRY_VOID(make_directories(up));
  if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) return io_error("cannot create directory", path);
  return {};
}

Result<std::vector<std::string>> list_directory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return io_error("cannot list", path);
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  return names;
}

Result<void> write_atomically(const std::string& path, std::span<const std::uint8_t> data, unsigned mode) {
  const std::string dir = parent(path);
  GIT_TRY_VOID(make_directories(dir));
  std::string tmp = dir + "/tmp_obj_XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return io_error("cannot create a temporary file in", dir);
  auto cleanup = [&] {
    ::close(fd);
    ::unlink(tmp.c_str());
  };
  if (auto w = write_all(fd, data, tmp); !w) {
    cleanup();
    return w;
  }
  if (::fsync(fd) != 0 || ::fchmod(fd, mode) != 0) {
    auto err = io_error("cannot sync", tmp);
    cleanup();
    return err;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto err = io_error("cannot rename into", path);
    ::unlink(tmp.c_str());
    return err;
  }
  fsync_directory(dir);
  return {};
}

Result<void> append_file(const std::string& path, std::string_view data, bool create) {
  if (create) GIT_TRY_VOID(make_directories(parent(path)));
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), 0666);
  if (fd < 0) return io_error("cannot open", path);
  auto w = write_all(fd, {reinterpret_cast<const std::uint8_t*>(data.data()), data.size()}, path);
  if (w && ::fsync(fd) != 0) w = io_error("cannot sync", path);
  ::close(fd);
  return w;
}

Result<void> remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return io_error("cannot remove", path);
  return {};
}

Result<LockFile> LockFile::acquire(const std::string& path) {
  GIT_TRY_VOID(make_directories(parent(path)));
  const std::string lock = path + ".lock";
  const int fd = ::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EEXIST) return fail(Errc::LockFailed, "cannot lock " + path + ": " + lock + " exists (another writer?)");
    return io_error("cannot create", lock);
  }
  return LockFile(path, fd);
}

LockFile::LockFile(LockFile&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_), done_(other.done_) {
  other.fd_ = -1;
  other.done_ = true;
}

LockFile::~LockFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!done_) ::unlink((path_ + ".lock").c_str());
}

Result<void> LockFile::commit(std::string_view contents) {
  const std::string lock = path_ + ".lock";
  GIT_TRY_VOID(write_all(fd_, {reinterpret_cast<const std::uint8_t*>(contents.data()), contents.size()}, lock));
  if (::fsync(fd_) != 0) return io_error("cannot sync", lock);
  ::close(fd_);
  fd_ = -1;
  if (::rename(lock.c_str(), path_.c_str()) != 0) return io_error("cannot rename into", path_);
  done_ = true;
  fsync_directory(parent(path_));
  return {};
}

Result<void> LockFile::remove_target() {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return io_error("cannot remove", path_);
  return {};
}

}  // namespace git::fs
