#include <kv_unix/store.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace kv_unix {

using mirage::KvError;
using mirage::KvKey;
using mirage::KvKind;

namespace {

template <class T>
using Result = std::expected<T, KvError>;

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

KvError from_errno(int e) {
  switch (e) {
    case ENOENT: return KvError::NotFound;
    case ENOTDIR: return KvError::DictionaryExpected;
    case EISDIR: return KvError::ValueExpected;
    case EXDEV:
    case ELOOP: return KvError::OutsideStore;
    case ENOSPC:
    case EDQUOT: return KvError::NoSpace;
    case EROFS: return KvError::ReadOnly;
    case EEXIST:
    case ENOTEMPTY: return KvError::AlreadyPresent;
    case EINVAL: return KvError::Invalid;
    default: return KvError::Io;
  }
}

std::unexpected<KvError> last_error() { return std::unexpected(from_errno(errno)); }

std::string relative(const KvKey& key) {
  std::string out;
  for (const auto& s : key.segments()) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out.empty() ? "." : out;
}

// Opens `path` below `dirfd`; the kernel refuses any resolution that would leave dirfd
// (through "..", an absolute symlink or one that climbs out). Kernels without openat2
// get a walk that opens one segment at a time and follows no symbolic link at all.
Result<Fd> open_beneath(int dirfd, const std::string& path, int flags, mode_t mode = 0) {
  open_how how{};
  how.flags = std::uint64_t(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  int fd = int(::syscall(SYS_openat2, dirfd, path.c_str(), &how, sizeof how));
  if (fd >= 0) return Fd(fd);
  if (errno != ENOSYS) return last_error();
  Fd cur(::fcntl(dirfd, F_DUPFD_CLOEXEC, 0));
  std::size_t start = 0;
  while (true) {
    auto slash = path.find('/', start);
    std::string seg = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    bool last = slash == std::string::npos;
    int f = last ? (flags | O_NOFOLLOW | O_CLOEXEC) : (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int next = ::openat(cur.get(), seg.c_str(), f, mode);
    if (next < 0) return last_error();
    cur = Fd(next);
    if (last) return cur;
    start = slash + 1;
  }
}

Result<struct stat> stat_of(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return last_error();
  return st;
}

Result<Fd> open_value(int dirfd, const KvKey& key, int flags) {
  auto fd = open_beneath(dirfd, relative(key), flags);
  if (!fd) return fd;
  auto st = stat_of(fd->get());
  if (!st) return std::unexpected(st.error());
  if (S_ISDIR(st->st_mode)) return std::unexpected(KvError::ValueExpected);
  if (!S_ISREG(st->st_mode)) return std::unexpected(KvError::NotFound);
  return fd;
}

Result<std::string> read_range(int fd, std::uint64_t offset, std::uint64_t length) {
  std::string out;
  char buf[65536];
  while (length > 0) {
    auto want = std::min<std::uint64_t>(length, sizeof buf);
    ssize_t n = ::pread(fd, buf, want, off_t(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    if (n == 0) break;
    out.append(buf, std::size_t(n));
    offset += std::uint64_t(n);
    length -= std::uint64_t(n);
  }
  return out;
}

Result<void> write_all(int fd, std::uint64_t offset, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::pwrite(fd, data.data(), data.size(), off_t(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return last_error();
    }
    data.remove_prefix(std::size_t(n));
    offset += std::uint64_t(n);
  }
  return {};
}

// The directory that holds `key`, created with its parents when `create` is set.
Result<Fd> open_parent(int dirfd, const KvKey& key, bool create) {
  Fd cur(::fcntl(dirfd, F_DUPFD_CLOEXEC, 0));
  const auto& segs = key.segments();
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    if (create && ::mkdirat(cur.get(), segs[i].c_str(), 0755) != 0 && errno != EEXIST)
      return last_error();
    auto next = open_beneath(cur.get(), segs[i], O_PATH | O_DIRECTORY);
    if (!next) return next;
    cur = std::move(*next);
  }
  return cur;
}

Result<void> remove_tree(int parent, const char* name) {
  if (::unlinkat(parent, name, 0) == 0) return {};
  if (errno != EISDIR && errno != EPERM) return last_error();
  auto dir = open_beneath(parent, name, O_RDONLY | O_DIRECTORY);
  if (!dir) return std::unexpected(dir.error());
  DIR* d = ::fdopendir(::fcntl(dir->get(), F_DUPFD_CLOEXEC, 0));
  if (!d) return last_error();
  std::vector<std::string> names;
  while (auto* e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      names.emplace_back(e->d_name);
  ::closedir(d);
  for (const auto& n : names)
    if (auto r = remove_tree(dir->get(), n.c_str()); !r) return r;
  if (::unlinkat(parent, name, AT_REMOVEDIR) != 0) return last_error();
  return {};
}

}  // namespace

std::string OpenError::describe() const {
  return "cannot open store directory " + path + ": " + std::strerror(errno_value);
}

std::expected<Store, OpenError> Store::open(const std::string& directory, bool read_only) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(OpenError{directory, errno});
  return Store(fd, read_only);
}

Store::Store(Store&& other) noexcept
    : dirfd_(std::exchange(other.dirfd_, -1)), read_only_(other.read_only_) {}

Store& Store::operator=(Store&& other) noexcept {
  std::swap(dirfd_, other.dirfd_);
  read_only_ = other.read_only_;
  return *this;
}

Store::~Store() {
  if (dirfd_ >= 0) ::close(dirfd_);
}

async::Task<Result<std::optional<KvKind>>> Store::exists(const KvKey& key) {
  auto fd = open_beneath(dirfd_, relative(key), O_PATH);
  if (!fd) {
    if (fd.error() == KvError::NotFound) co_return std::optional<KvKind>{};
    co_return std::unexpected(fd.error());
  }
  auto st = stat_of(fd->get());
  if (!st) co_return std::unexpected(st.error());
  if (S_ISDIR(st->st_mode)) co_return std::optional<KvKind>(KvKind::Dictionary);
  if (S_ISREG(st->st_mode)) co_return std::optional<KvKind>(KvKind::Value);
  co_return std::optional<KvKind>{};
}

async::Task<Result<std::string>> Store::get(const KvKey& key) {
  auto fd = open_value(dirfd_, key, O_RDONLY);
  if (!fd) co_return std::unexpected(fd.error());
  co_return read_range(fd->get(), 0, UINT64_MAX);
}

async::Task<Result<std::string>> Store::get_partial(const KvKey& key, std::uint64_t offset,
                                                   std::uint64_t length) {
  auto fd = open_value(dirfd_, key, O_RDONLY);
  if (!fd) co_return std::unexpected(fd.error());
  auto st = stat_of(fd->get());
  if (!st) co_return std::unexpected(st.error());
  if (offset > std::uint64_t(st->st_size)) co_return std::unexpected(KvError::BadRange);
  co_return read_range(fd->get(), offset, length);
}

async::Task<Result<std::vector<mirage::KvEntry>>> Store::list(const KvKey& key) {
  auto fd = open_beneath(dirfd_, relative(key), O_RDONLY | O_DIRECTORY);
  if (!fd) co_return std::unexpected(fd.error());
  DIR* d = ::fdopendir(::fcntl(fd->get(), F_DUPFD_CLOEXEC, 0));
  if (!d) co_return last_error();
  std::vector<std::string> names;
  while (auto* e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      names.emplace_back(e->d_name);
  ::closedir(d);
  std::vector<mirage::KvEntry> out;
  for (auto& name : names) {
    // Resolved like any key: a link that leads outside, or to something that is neither a
    // file nor a directory, is not part of the store.
    auto child = open_beneath(fd->get(), name, O_PATH);
    if (!child) continue;
    auto st = stat_of(child->get());
    if (!st) continue;
    if (S_ISDIR(st->st_mode)) out.push_back({std::move(name), KvKind::Dictionary});
    else if (S_ISREG(st->st_mode)) out.push_back({std::move(name), KvKind::Value});
  }
  std::sort(out.begin(), out.end());
  co_return out;
}

async::Task<Result<std::uint64_t>> Store::size(const KvKey& key) {
  auto fd = open_value(dirfd_, key, O_RDONLY);
  if (!fd) co_return std::unexpected(fd.error());
  auto st = stat_of(fd->get());
  if (!st) co_return std::unexpected(st.error());
  co_return std::uint64_t(st->st_size);
}

async::Task<Result<mirage::Ptime>> Store::last_modified(const KvKey& key) {
  auto fd = open_beneath(dirfd_, relative(key), O_PATH);
  if (!fd) co_return std::unexpected(fd.error());
  auto st = stat_of(fd->get());
  if (!st) co_return std::unexpected(st.error());
  co_return mirage::Ptime{st->st_mtim.tv_sec, std::uint32_t(st->st_mtim.tv_nsec)};
}

async::Task<Result<void>> Store::set(const KvKey& key, std::string_view data) {
  if (read_only_) co_return std::unexpected(KvError::ReadOnly);
  if (key.is_root()) co_return std::unexpected(KvError::ValueExpected);
  auto parent = open_parent(dirfd_, key, true);
  if (!parent) co_return std::unexpected(parent.error());
  // Write a temporary file and rename it over the value, so readers see the old value
  // or the new one, never a mix.
  auto dir = open_beneath(parent->get(), ".", O_RDONLY | O_DIRECTORY);
  if (!dir) co_return std::unexpected(dir.error());
  const std::string name(key.basename());
  const std::string tmpname = ".kv-unix-tmp-" + std::to_string(::getpid()) + "-" + name;
  ::unlinkat(dir->get(), tmpname.c_str(), 0);  // a leftover from a crash, if any
  Fd tmp(::openat(dir->get(), tmpname.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (tmp.get() < 0) co_return last_error();
  if (auto w = write_all(tmp.get(), 0, data); !w) {
    ::unlinkat(dir->get(), tmpname.c_str(), 0);
    co_return w;
  }
  if (::renameat(dir->get(), tmpname.c_str(), dir->get(), name.c_str()) != 0) {
    auto err = last_error();
    ::unlinkat(dir->get(), tmpname.c_str(), 0);
    co_return err;
  }
  co_return Result<void>{};
}

async::Task<Result<void>> Store::set_partial(const KvKey& key, std::uint64_t offset,
                                            std::string_view data) {
  if (read_only_) co_return std::unexpected(KvError::ReadOnly);
  auto fd = open_value(dirfd_, key, O_WRONLY);
  if (!fd) co_return std::unexpected(fd.error());
  co_return write_all(fd->get(), offset, data);
}

async::Task<Result<void>> Store::remove(const KvKey& key) {
  if (read_only_) co_return std::unexpected(KvError::ReadOnly);
  if (key.is_root()) {
    auto entries = co_await list(key);
    if (!entries) co_return std::unexpected(entries.error());
    for (const auto& e : *entries)
      if (auto r = remove_tree(dirfd_, e.name.c_str()); !r) co_return r;
    co_return Result<void>{};
  }
  auto parent = open_parent(dirfd_, key, false);
  if (!parent) co_return std::unexpected(parent.error());
  auto dir = open_beneath(parent->get(), ".", O_RDONLY | O_DIRECTORY);
  if (!dir) co_return std::unexpected(dir.error());
  co_return remove_tree(dir->get(), std::string(key.basename()).c_str());
}

async::Task<Result<void>> Store::rename(const KvKey& from, const KvKey& to) {
  if (read_only_) co_return std::unexpected(KvError::ReadOnly);
  if (from.is_root() || to.is_root()) co_return std::unexpected(KvError::Invalid);
  auto src = open_parent(dirfd_, from, false);
  if (!src) co_return std::unexpected(src.error());
  auto dst = open_parent(dirfd_, to, false);
  if (!dst) co_return std::unexpected(dst.error());
  auto srcdir = open_beneath(src->get(), ".", O_RDONLY | O_DIRECTORY);
  auto dstdir = open_beneath(dst->get(), ".", O_RDONLY | O_DIRECTORY);
  if (!srcdir) co_return std::unexpected(srcdir.error());
  if (!dstdir) co_return std::unexpected(dstdir.error());
  if (::renameat(srcdir->get(), std::string(from.basename()).c_str(), dstdir->get(),
                 std::string(to.basename()).c_str()) != 0) {
    if (errno == EISDIR || errno == ENOTDIR) co_return std::unexpected(KvError::AlreadyPresent);
    co_return last_error();
  }
  co_return Result<void>{};
}

}  // namespace kv_unix
