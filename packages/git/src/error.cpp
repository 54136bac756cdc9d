#include <git/error.hpp>

namespace git {

const char* to_string(Errc code) noexcept {
  switch (code) {
    case Errc::Truncated: return "truncated input";
    case Errc::BadHeader: return "bad object header";
    case Errc::BadId: return "bad object id";
    case Errc::BadMode: return "bad file mode";
    case Errc::BadTree: return "bad tree";
    case Errc::BadIdent: return "bad ident";
    case Errc::BadCommit: return "bad commit";
    case Errc::BadTag: return "bad tag";
    case Errc::Zlib: return "bad zlib stream";
    case Errc::TooLarge: return "object too large";
    case Errc::BadPack: return "bad pack";
    case Errc::BadIndex: return "bad pack index";
    case Errc::BadDelta: return "bad delta";
    case Errc::DeltaTooDeep: return "delta chain too deep";
    case Errc::Checksum: return "checksum mismatch";
    case Errc::NotFound: return "not found";
    case Errc::WrongType: return "wrong object type";
    case Errc::BadRef: return "bad ref";
    case Errc::LockFailed: return "lock failed";
    case Errc::Stale: return "stale value";
    case Errc::BadConfig: return "bad config";
    case Errc::Io: return "i/o error";
  }
  return "unknown error";
}

}  // namespace git
