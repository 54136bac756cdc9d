#pragma once
// Boot parameters ("keys"): declared with a name, a type, a default and help, parsed from
// argv or from one boot command line, read back through typed handles.
//
//   mirage_runtime::Keys keys("hello", "Says hello");
//   auto port = keys.declare<std::uint16_t>("port", 8080, "Port to listen on.");
//   auto ip = keys.declare_required<mirage_runtime::Ipv4Interface>("ipv4", "Address and network.");
//   auto outcome = keys.parse_argv(argc, argv);   // then see exit_code.hpp
//   serve(port.get(), ip.get());
//
// Accepted: --key=value, --key value, --flag and --no-flag for bool keys (--flag=false too),
// --help, and the built-in --logs=SPEC that sets log levels through logs::set_levels once
// everything else parsed. Nothing is printed here: the platform prints help() or
// error_text() and exits.
#include <mirage-runtime/exit_code.hpp>
#include <mirage-runtime/key_error.hpp>
#include <mirage-runtime/values.hpp>

#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace mirage_runtime {

enum class Outcome {
  Run,            // every key parsed: run the application
  HelpRequested,  // --help was given: print Keys::help() and exit with exit_code::success
};

namespace detail {

// A declared key without its type: what parsing and help need.
struct Slot {
  std::string name;
  std::string help;
  std::string docv;
  std::string expected;
  std::string default_text;
  bool required = false;
  bool flag = false;  // a bool key: --name, --no-name
  bool seen = false;
  virtual ~Slot() = default;
  virtual bool set(std::string_view text) = 0;  // false when text is malformed
  virtual void reset() = 0;                     // back to the default, not seen
};

template <class T>
struct TypedSlot final : Slot {
  T initial;
  T value;
  explicit TypedSlot(T v) : initial(v), value(std::move(v)) {}
  bool set(std::string_view text) override {
    auto parsed = KeyType<T>::parse(text);
    if (parsed) value = std::move(*parsed);
    return parsed.has_value();
  }
  void reset() override {
    value = initial;
    seen = false;
  }
};

}  // namespace detail

// A typed handle on one declared key. Valid while the Keys that declared it lives; get()
// is the default until a parse sets it.
template <class T>
class Key {
 public:
  // The value the last parse gave (or the default); the key's name without "--".
  const T& get() const { return slot_->value; }
  const T& operator*() const { return slot_->value; }
  std::string_view name() const { return slot_->name; }
  // Whether the last parse set this key (rather than leaving its default).
  bool given() const { return slot_->seen; }

 private:
  friend class Keys;
  explicit Key(const detail::TypedSlot<T>* slot) : slot_(slot) {}
  const detail::TypedSlot<T>* slot_;
};

class Keys {
 public:
  // name and synopsis head the help text ("hello - Says hello").
  Keys(std::string_view name, std::string_view synopsis);

  // Declares an optional key. Names are lowercase letters, digits and inner dashes, unique,
  // not "help" or "logs" (a bug: asserts). Help text is wrapped for --help.
  template <class T>
  Key<T> declare(std::string_view name, T default_value, std::string_view help) {
    return add<T>(name, std::move(default_value), help, false);
  }

  // Declares a key that parse rejects with MissingRequired when it is not given.
  template <class T>
  Key<T> declare_required(std::string_view name, std::string_view help) {
    static_assert(!std::is_same_v<T, bool>, "a flag cannot be required");
    return add<T>(name, T{}, help, true);
  }

  // Parses arguments (without the program name), resetting every key to its default
  // first. Returns the outcome, or the first error. On error, keys hold unspecified values
  // and log levels are unchanged.
  std::expected<Outcome, KeyError> parse(std::span<const std::string_view> args);
  // parse over argv[1..argc).
  std::expected<Outcome, KeyError> parse_argv(int argc, const char* const* argv);
  // split_command_line, then parse.
  std::expected<Outcome, KeyError> parse_command_line(std::string_view line);

  // The --help text in cmdliner's layout: NAME, SYNOPSIS, OPTIONS (keys by name, each
  // with placeholder, default or "required", and help), COMMON OPTIONS, EXIT STATUS.
  std::string help() const;
  // What to print on error: "hello: MESSAGE", a usage line and a pointer to --help.
  std::string error_text(const KeyError& error) const;

 private:
  template <class T>
  Key<T> add(std::string_view name, T initial, std::string_view help, bool required) {
    auto slot = std::make_unique<detail::TypedSlot<T>>(std::move(initial));
    const detail::TypedSlot<T>* typed = slot.get();
    slot->docv = KeyType<T>::docv();
    slot->expected = KeyType<T>::expected();
    slot->default_text = required ? "" : KeyType<T>::print(slot->initial);
    slot->flag = std::is_same_v<T, bool>;
    register_slot(name, help, required, std::move(slot));
    return Key<T>(typed);
  }
  void register_slot(std::string_view name, std::string_view help, bool required,
                     std::unique_ptr<detail::Slot> slot);
  detail::Slot* find(std::string_view name) const;

  std::string name_;
  std::string synopsis_;
  std::vector<std::unique_ptr<detail::Slot>> slots_;  // in declaration order; [0] is --logs
};

}  // namespace mirage_runtime
