// The unix main for hello, as `mirage configure -t unix` will generate it: declare the boot
// keys, parse them, construct the target's devices, run the application on the loop, and
// map the outcome to an exit status (mirage-runtime's exit_code.hpp).
#include "unikernel.hpp"

#include <mirage-runtime/keys.hpp>
#include <mirage_unix/devices.hpp>
#include <mirage_unix/platform.hpp>

#include <cstdio>

namespace {
struct BootKeys {
  std::string hello;
};
}  // namespace

int main(int argc, char** argv) {
  mirage_runtime::Keys keys("hello", "Prints a message four times, one second apart");
  auto hello = keys.declare<std::string>("hello", "Hello World!", "How to say hello.");
  auto parsed = keys.parse_argv(argc, argv);
  if (!parsed) {
    std::fputs(keys.error_text(parsed.error()).c_str(), stderr);
    return mirage_runtime::exit_code::argument_error;
  }
  if (*parsed == mirage_runtime::Outcome::HelpRequested) {
    std::fputs(keys.help().c_str(), stdout);
    return mirage_runtime::exit_code::success;
  }
  mirage_unix::Platform platform;
  async::Loop loop(platform);
  platform.watch_signals(loop);
  mirage_unix::Console console;
  mirage_unix::Time time(loop);
  const BootKeys boot{hello.get()};
  auto result = loop.run(Unikernel<mirage_unix::Console, mirage_unix::Time>::start(console, time, boot));
  if (!result) {
    if (auto sig = platform.signal()) return 128 + *sig;
    std::fputs("hello: the application can never finish (deadlock)\n", stderr);
    return mirage_runtime::exit_code::failure;
  }
  return *result;
}
