#pragma once
// kv: walks a read-only key-value store and prints "DIGEST  PATH" for every value, the
// SHA-256 of its contents in sha256sum's format. The same application runs over the
// directory crunched into the binary (`mirage configure --kv-ro crunch`) or read at run
// time (`--kv-ro direct`); its output can be checked with `sha256sum`.
#include <async/task.hpp>
#include <cstruct/hexdump.hpp>
#include <mirage/console.hpp>
#include <mirage/kv.hpp>
#include <nocrypto/sha2.hpp>

#include <string>

template <mirage::Console C, mirage::KvRo K>
struct Unikernel {
  static async::Task<int> start(C& console, K& files) { co_return co_await walk(console, files, mirage::KvKey()); }

 private:
  // Depth first, entries in name order; the first failure ends the walk with status 1.
  static async::Task<int> walk(C& console, K& files, mirage::KvKey dir) {
    auto entries = co_await files.list(dir);
    if (!entries) co_return co_await report(console, dir, entries.error());
    for (const auto& entry : *entries) {
      auto key = dir.append(entry.name);
      if (entry.kind == mirage::KvKind::Dictionary) {
        if (int status = co_await walk(console, files, key); status != 0) co_return status;
        continue;
      }
      auto contents = co_await files.get(key);
      if (!contents) co_return co_await report(console, key, contents.error());
      auto digest = nocrypto::sha256({reinterpret_cast<const std::uint8_t*>(contents->data()), contents->size()});
      std::string line = cstruct::to_hex(digest) + "  " + key.to_string().substr(1) + "\n";
      if (!co_await console.write(line)) co_return 1;
    }
    co_return 0;
  }

  static async::Task<int> report(C& console, const mirage::KvKey& key, mirage::KvError error) {
    (void)co_await console.write("kv: " + key.to_string() + ": " + std::string(mirage::to_string(error)) + "\n");
    co_return 1;
  }
};
