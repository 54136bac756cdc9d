#pragma once
// The types a boot key can hold and how each is read from and written as text.
// KeyType<T> is the customisation point: specialise it (docv, expected, parse, print) to
// declare keys of a type of your own.
#include <mirage-runtime/ipv4_interface.hpp>

#include <ipaddr/ipaddr.hpp>

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mirage_runtime {

using Duration = std::chrono::nanoseconds;

// One or more NUMBER UNIT groups, units h, m, s, ms, us, ns: "1s", "250ms", "1m30s".
// nullopt for a bare number, an unknown unit or more than fits in Duration.
std::optional<Duration> parse_duration(std::string_view text);
// The shortest text parse_duration reads back as the same duration: "1m30s", "0s".
std::string to_string(Duration duration);

// What a key of type T reads and how its help and errors describe it:
//   docv()      the placeholder in help, "--port=PORT"
//   expected()  completes "expected ...", "an integer in 0..65535"
//   parse(text) the value, or nullopt when text is malformed
//   print(v)    the text shown as a default ("" shows none)
template <class T>
struct KeyType;

// Integers other than bool, which is a flag.
template <class T>
concept Integer = std::integral<T> && !std::same_as<T, bool>;

template <Integer T>
struct KeyType<T> {
  static std::string docv() { return std::same_as<T, std::uint16_t> ? "PORT" : "INT"; }
  static std::string expected() {
    return "an integer in " + print(std::numeric_limits<T>::min()) + ".." +
           print(std::numeric_limits<T>::max());
  }
  static std::optional<T> parse(std::string_view text) {
    T value{};
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
  }
  static std::string print(T value) {
    char buf[24];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, ptr);
  }
};

template <>
struct KeyType<bool> {
  static std::string docv() { return "BOOL"; }
  static std::string expected() { return "true or false"; }
  static std::optional<bool> parse(std::string_view text);
  static std::string print(bool value) { return value ? "true" : "false"; }
};

template <>
struct KeyType<std::string> {
  static std::string docv() { return "STRING"; }
  static std::string expected() { return "a string"; }
  static std::optional<std::string> parse(std::string_view text) { return std::string(text); }
  static std::string print(const std::string& value) { return value; }
};

namespace detail {

// parse and print for a type with static parse -> std::expected and to_string().
template <class T>
struct TextKeyType {
  static std::optional<T> parse(std::string_view text) {
    auto value = T::parse(text);
    if (!value) return std::nullopt;
    return *value;
  }
  static std::string print(const T& value) { return value.to_string(); }
};

}  // namespace detail

template <>
struct KeyType<ipaddr::Ipv4Address> : detail::TextKeyType<ipaddr::Ipv4Address> {
  static std::string docv() { return "IPV4"; }
  static std::string expected() { return "an IPv4 address like 10.0.0.2"; }
};

template <>
struct KeyType<ipaddr::Ipv6Address> : detail::TextKeyType<ipaddr::Ipv6Address> {
  static std::string docv() { return "IPV6"; }
  static std::string expected() { return "an IPv6 address like fe80::1"; }
};

template <>
struct KeyType<ipaddr::IpAddress> : detail::TextKeyType<ipaddr::IpAddress> {
  static std::string docv() { return "IP"; }
  static std::string expected() { return "an IPv4 or IPv6 address like 10.0.0.2 or fe80::1"; }
};

template <>
struct KeyType<ipaddr::MacAddress> : detail::TextKeyType<ipaddr::MacAddress> {
  static std::string docv() { return "MAC"; }
  static std::string expected() { return "a MAC address like 02:00:00:00:00:01"; }
};

// An interface address and its network, as in --ipv4=10.0.0.2/24.
template <>
struct KeyType<Ipv4Interface> : detail::TextKeyType<Ipv4Interface> {
  static std::string docv() { return "CIDR"; }
  static std::string expected() { return "an IPv4 address and prefix length like 10.0.0.2/24"; }
};

template <>
struct KeyType<Duration> {
  static std::string docv() { return "DURATION"; }
  static std::string expected() { return "a duration like 1s, 250ms or 1m30s"; }
  static std::optional<Duration> parse(std::string_view t) { return parse_duration(t); }
  static std::string print(Duration value) { return to_string(value); }
};

// A key that may be absent: no default is shown, get() is nullopt unless given.
template <class T>
struct KeyType<std::optional<T>> {
  static std::string docv() { return KeyType<T>::docv(); }
  static std::string expected() { return KeyType<T>::expected(); }
  static std::optional<std::optional<T>> parse(std::string_view text) {
    auto value = KeyType<T>::parse(text);
    if (!value) return std::nullopt;
    return std::optional<T>(std::move(*value));
  }
  static std::string print(const std::optional<T>& value) {
    return value ? KeyType<T>::print(*value) : std::string();
  }
};

// A comma-separated list ("" is the empty list); elements cannot contain commas.
template <class T>
struct KeyType<std::vector<T>> {
  static std::string docv() { return KeyType<T>::docv() + ",..."; }
  static std::string expected() { return "a comma-separated list, each " + KeyType<T>::expected(); }
  static std::optional<std::vector<T>> parse(std::string_view text) {
    std::vector<T> values;
    while (!text.empty()) {
      const std::size_t comma = text.find(',');
      auto value = KeyType<T>::parse(text.substr(0, comma));
      if (!value) return std::nullopt;
      values.push_back(std::move(*value));
      if (comma == text.npos) break;
      text.remove_prefix(comma + 1);
      if (text.empty()) return std::nullopt;  // a trailing comma
    }
    return values;
  }
  static std::string print(const std::vector<T>& values) {
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text += ',';
      text += KeyType<T>::print(values[i]);
    }
    return text;
  }
};

}  // namespace mirage_runtime
