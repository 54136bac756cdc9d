// Uses three installed packages and what they pull in (mirage-types, async, cstruct,
// ipaddr, logs): parse a boot key, store it in kv-mem, read it back on the event loop.
#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <kv_mem/store.hpp>
#include <mirage-runtime/keys.hpp>

#include <cstdio>

namespace {
async::Task<std::string> round_trip(kv_mem::Store& store, const std::string& value) {
  auto key = *mirage::KvKey::parse("/greeting/name");
  if (!co_await store.set(key, value)) co_return "set failed";
  auto got = co_await store.get(key);
  co_return got ? *got : std::string(mirage::to_string(got.error()));
}
}  // namespace

int main(int argc, char** argv) {
  mirage_runtime::Keys keys("consumer", "A downstream project");
  auto name = keys.declare<std::string>("name", "nobody", "Who to greet.");
  auto parsed = keys.parse_argv(argc, argv);
  if (!parsed) {
    std::fputs(keys.error_text(parsed.error()).c_str(), stderr);
    return mirage_runtime::exit_code::argument_error;
  }
  async::ManualPlatform platform;
  async::Loop loop(platform);
  kv_mem::Store store;
  auto value = loop.run(round_trip(store, name.get()));
  if (!value || *value != name.get()) return 1;
  std::printf("consumer: hello, %s (through kv-mem)\n", value->c_str());
  return 0;
}
