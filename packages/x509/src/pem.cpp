// PEM (RFC 7468) and base64 (RFC 4648).
#include <x509/pem.hpp>

namespace x509 {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// RFC 7468 section 3: label characters are printable ASCII except '-', with single
// spaces or hyphens between them; the label may be empty.
bool valid_label(std::string_view label) {
  for (std::size_t i = 0; i < label.size(); ++i) {
    const char c = label[i];
    if (c == ' ' || c == '-') {
      if (i == 0 || i + 1 == label.size() || label[i - 1] == ' ' || label[i - 1] == '-')
        return false;
    } else if (c < 0x21 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

constexpr std::string_view begin_marker = "-----BEGIN ";
constexpr std::string_view end_marker = "-----END ";
constexpr std::string_view dashes = "-----";

// The line starting at `at` (without its end of line) and where the next one starts.
std::pair<std::string_view, std::size_t> line_at(std::string_view text, std::size_t at) {
  std::size_t end = text.find('\n', at);
  std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(at, end - at);
  while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
  return {line, next};
}

}  // namespace

std::string base64_encode(ByteView data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (data.size() - i == 1) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16;
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (data.size() - i == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<Bytes> base64_decode(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  std::size_t count = 0;  // base64 characters so far, padding included
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_space(c)) continue;
    if (c == '=') {
      ++padding;
      ++count;
      if (padding > 2) return fail(ErrorCode::Pem, "base64: more than two '=' of padding");
      continue;
    }
    const int v = sextet(c);
    if (v < 0)
      return fail(ErrorCode::Pem, "base64: character " +
                                      std::to_string(static_cast<unsigned char>(c)) +
                                      " at offset " + std::to_string(i) + " is not base64");
    if (padding != 0) return fail(ErrorCode::Pem, "base64: data after '=' padding");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    ++count;
    if (count % 4 == 0) {
      out.push_back(static_cast<std::uint8_t>(acc >> 16));
      out.push_back(static_cast<std::uint8_t>(acc >> 8));
      out.push_back(static_cast<std::uint8_t>(acc));
      acc = 0;
    }
  }
  if (count % 4 != 0)
    return fail(ErrorCode::Pem, "base64: length is not a multiple of four characters");
  if (padding == 1) {
    // The last quantum held 3 characters: 18 bits, of which the low 2 must be zero.
    if (acc & 3) return fail(ErrorCode::Pem, "base64: non-zero bits in the padding");
    out.push_back(static_cast<std::uint8_t>(acc >> 10));
    out.push_back(static_cast<std::uint8_t>(acc >> 2));
  } else if (padding == 2) {
    if (acc & 15) return fail(ErrorCode::Pem, "base64: non-zero bits in the padding");
    out.push_back(static_cast<std::uint8_t>(acc >> 4));
  }
  return out;
}

Result<std::vector<PemBlock>> decode_pem(std::string_view text) {
  std::vector<PemBlock> blocks;
  std::size_t at = 0;
  std::size_t line_number = 0;
  while (at < text.size()) {
    auto [line, next] = line_at(text, at);
    ++line_number;
    at = next;
    // A BEGIN line may follow leading whitespace; anything else outside blocks is text.
    std::size_t lead = 0;
    while (lead < line.size() && is_space(line[lead])) ++lead;
    line.remove_prefix(lead);
    if (line.substr(0, end_marker.size()) == end_marker)
      return fail(ErrorCode::Pem,
                  "PEM: END line " + std::to_string(line_number) + " without a BEGIN");
    if (line.substr(0, begin_marker.size()) != begin_marker) continue;
    if (line.size() < begin_marker.size() + dashes.size() ||
        line.substr(line.size() - dashes.size()) != dashes)
      return fail(ErrorCode::Pem,
                  "PEM: BEGIN line " + std::to_string(line_number) + " does not end in -----");
    const std::string_view label =
        line.substr(begin_marker.size(), line.size() - begin_marker.size() - dashes.size());
    if (!valid_label(label))
      return fail(ErrorCode::Pem, "PEM: invalid label \"" + std::string(label) + "\"");
    const std::size_t begin_line = line_number;
    const std::size_t body = at;
    bool ended = false;
    std::size_t body_end = at;
    while (at < text.size()) {
      auto [l, n] = line_at(text, at);
      ++line_number;
      std::size_t lead2 = 0;
      while (lead2 < l.size() && is_space(l[lead2])) ++lead2;
      l.remove_prefix(lead2);
      if (l.substr(0, end_marker.size()) == end_marker) {
        const std::string expected =
            std::string(end_marker) + std::string(label) + std::string(dashes);
        if (l != expected)
          return fail(ErrorCode::Pem, "PEM: line " + std::to_string(line_number) + " \"" +
                                          std::string(l) + "\" does not close the BEGIN " +
                                          std::string(label) + " of line " +
                                          std::to_string(begin_line));
        body_end = at;
        at = n;
        ended = true;
        break;
      }
      if (l.substr(0, begin_marker.size()) == begin_marker)
        return fail(ErrorCode::Pem, "PEM: BEGIN on line " + std::to_string(line_number) +
                                        " inside the block of line " + std::to_string(begin_line));
      if (l.find(':') != std::string_view::npos)
        return fail(ErrorCode::Pem, "PEM: header line " + std::to_string(line_number) +
                                        " (RFC 1421 encapsulated headers are not supported)");
      at = n;
    }
    if (!ended)
      return fail(ErrorCode::Pem, "PEM: BEGIN " + std::string(label) + " on line " +
                                      std::to_string(begin_line) + " has no END");
    auto data = base64_decode(text.substr(body, body_end - body));
    if (!data) {
      data.error().message = "PEM block " + std::string(label) + " at line " +
                             std::to_string(begin_line) + ": " + data.error().message;
      return std::unexpected(std::move(data.error()));
    }
    blocks.push_back(PemBlock{std::string(label), std::move(*data)});
  }
  return blocks;
}

Result<std::vector<Bytes>> decode_pem_label(std::string_view text, std::string_view label) {
  auto blocks = decode_pem(text);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  std::vector<Bytes> out;
  for (auto& b : *blocks)
    if (b.label == label) out.push_back(std::move(b.data));
  if (out.empty()) return fail(ErrorCode::Pem, "PEM: no " + std::string(label) + " block");
  return out;
}

std::string encode_pem(std::string_view label, ByteView data) {
  const std::string b64 = base64_encode(data);
  std::string out;
  out.reserve(b64.size() + b64.size() / 64 + 2 * label.size() + 40);
  out += begin_marker;
  out += label;
  out += "-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out += b64.substr(i, 64);
    out += '\n';
  }
  out += end_marker;
  out += label;
  out += "-----\n";
  return out;
}

}  // namespace x509
