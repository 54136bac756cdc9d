#include <dns/zone_file.hpp>

#include <array>

#include "rdata_codec.hpp"
#include "text.hpp"

namespace dns {

namespace {

using text::Token;

class Parser {
 public:
  Parser(const ZoneFileOptions& options, const RecordSink& sink)
      : options_(options), sink_(sink), origin_(options.origin), rclass_(options.rclass) {}

  std::expected<void, ZoneError> parse(std::string_view text, const std::string& file,
                                       std::size_t depth) {
    text::Lexer lexer(text);
    text::Entry entry;
    while (true) {
      auto more = lexer.next(entry);
      if (!more) return fail(file, lexer.line(), more.error().message);
      if (!*more) return {};
      const Token& first = entry.tokens[0];
      const std::size_t line = entry.line;
      if (!entry.blank_owner && !first.quoted && first.text.starts_with('$')) {
        auto done = directive(entry, file, depth);
        if (!done) return done;
      } else if (auto r = record(entry.tokens, entry.blank_owner); !r) {
        return fail(file, line, r.error().message);
      }
    }
  }

 private:
  static std::unexpected<ZoneError> fail(const std::string& file, std::size_t line,
                                         std::string message) {
    return std::unexpected(ZoneError{file, line, std::move(message)});
  }

  // owner [ttl] [class] type rdata, or with a blank owner the owner of the last record.
  TextResult<void> record(std::span<const Token> tokens, bool blank_owner) {
    std::size_t i = 0;
    if (blank_owner) {
      if (!last_owner_)
        return std::unexpected(TextError{"a record with a blank owner but no previous owner"});
    } else {
      auto owner = Name::parse(tokens[0].text, origin_);
      if (!owner) return std::unexpected(TextError{"bad owner name: " + owner.error().message});
      last_owner_ = std::move(*owner);
      i = 1;
    }
    std::optional<std::uint32_t> ttl;
    std::optional<Class> rclass;
    for (int k = 0; k < 2 && i < tokens.size(); ++k) {
      if (!ttl && (ttl = text::parse_ttl(tokens[i].text))) {
        ++i;
      } else if (!rclass && (rclass = parse_class(tokens[i].text))) {
        ++i;
      }
    }
    const Token* type_token = i < tokens.size() ? &tokens[i] : nullptr;
    const auto type = type_token ? parse_type(type_token->text) : std::nullopt;
    if (!type) {
      return std::unexpected(text::expected(
          ttl || rclass ? "a record type" : "a TTL, class or record type", type_token));
    }
    if (is_meta_type(*type)) {
      return std::unexpected(
          TextError{"record type " + to_string(*type) + " cannot appear in a zone file"});
    }
    CSTRUCT_TRY(auto data, detail::parse_rdata_tokens(*type, tokens.subspan(i + 1), origin_));
    if (rclass) rclass_ = *rclass;
    if (ttl) {
      last_ttl_ = ttl;
    } else if (ttl_directive_) {
      ttl = ttl_directive_;
    } else if (last_ttl_) {
      ttl = last_ttl_;
    } else if (options_.default_ttl) {
      ttl = options_.default_ttl;
    } else if (const auto* soa = std::get_if<Soa>(&data)) {
      ttl = last_ttl_ = soa->minimum;  // as BIND: the SOA's MINIMUM becomes the default
    } else {
      return std::unexpected(TextError{"no TTL given and no $TTL before this record"});
    }
    return sink_(Record{*last_owner_, rclass_, *ttl, std::move(data)});
  }

  std::expected<void, ZoneError> directive(const text::Entry& entry, const std::string& file,
                                           std::size_t depth) {
    const auto& t = entry.tokens;
    const std::string_view name = t[0].text;
    const std::size_t line = entry.line;
    const auto arg = [&](std::size_t k) { return k < t.size() ? &t[k] : nullptr; };
    if (name == "$ORIGIN" || name == "$TTL") {
      if (t.size() != 2) {
        return fail(
            file, line,
            text::expected(name == "$TTL" ? "one TTL after $TTL" : "one name after $ORIGIN", arg(2))
                .message);
      }
      if (name == "$TTL") {
        auto ttl = text::parse_ttl(t[1].text);
        if (!ttl) return fail(file, line, text::expected("a TTL", &t[1]).message);
        ttl_directive_ = *ttl;
      } else {
        auto origin = Name::parse(t[1].text, origin_);
        if (!origin) return fail(file, line, "bad $ORIGIN: " + origin.error().message);
        origin_ = std::move(*origin);
      }
      return {};
    }
    if (name == "$INCLUDE") {
      if (t.size() < 2 || t.size() > 3) return fail(file, line, "expected $INCLUDE file [origin]");
      if (!options_.include) return fail(file, line, "$INCLUDE is not allowed here");
      if (depth >= options_.max_include_depth)
        return fail(file, line, "$INCLUDE nested too deeply");
      auto included = text::unescape(t[1].text);
      if (!included) return fail(file, line, included.error().message);
      auto body = options_.include(*included);
      if (!body) return fail(file, line, "cannot include '" + *included + "': " + body.error());
      Name saved = origin_;
      if (t.size() == 3) {
        auto origin = Name::parse(t[2].text, origin_);
        if (!origin) return fail(file, line, "bad $INCLUDE origin: " + origin.error().message);
        origin_ = std::move(*origin);
      }
      auto r = parse(*body, *included, depth + 1);
      origin_ = std::move(saved);  // RFC 1035 §5.1: an include never changes our origin
      return r;
    }
    if (name == "$GENERATE") return generate(entry, file);
    return fail(file, line, "unknown directive " + std::string(name));
  }

  // $GENERATE start-stop[/step] lhs [ttl] [class] type rhs...
  std::expected<void, ZoneError> generate(const text::Entry& entry, const std::string& file) {
    const auto& t = entry.tokens;
    const std::size_t line = entry.line;
    if (t.size() < 5)
      return fail(file, line, "expected $GENERATE range lhs [ttl] [class] type rhs");
    // start-stop[/step]
    std::string_view range = t[1].text;
    std::optional<std::uint64_t> step = 1;
    if (const std::size_t slash = range.find('/'); slash != std::string_view::npos) {
      step = text::parse_uint(range.substr(slash + 1), 0xffffffff);
      range = range.substr(0, slash);
    }
    const std::size_t dash = range.find('-');
    const auto start = text::parse_uint(range.substr(0, dash), 0xffffffff);
    const auto stop = dash == std::string_view::npos
                          ? start
                          : text::parse_uint(range.substr(dash + 1), 0xffffffff);
    if (dash == std::string_view::npos || !start || !stop || !step || *step == 0 ||
        *start > *stop) {
      return fail(file, line, text::expected("a range start-stop[/step]", &t[1]).message);
    }
    if ((*stop - *start) / *step + 1 > options_.max_generate) {
      return fail(
          file, line,
          "$GENERATE range makes more than " + std::to_string(options_.max_generate) + " records");
    }
    for (std::uint64_t v = *start; v <= *stop; v += *step) {
      std::vector<std::string> texts;
      texts.reserve(t.size() - 2);
      for (std::size_t k = 2; k < t.size(); ++k) {
        auto s = substitute(t[k].text, static_cast<std::int64_t>(v));
        if (!s) return fail(file, line, s.error().message);
        texts.push_back(std::move(*s));
      }
      std::vector<Token> tokens;
      for (std::size_t k = 0; k < texts.size(); ++k) {
        tokens.push_back({texts[k], t[k + 2].quoted, t[k + 2].line});
      }
      if (auto r = record(tokens, false); !r) return fail(file, line, r.error().message);
    }
    return {};
  }

  // BIND's $GENERATE templates: "$" is the value, "${offset[,width[,base]]}" formats it
  // (base d, o, x, X, or n/N for nibbles in reverse, as in ip6.arpa), "\$" is a "$".
  static TextResult<std::string> substitute(std::string_view s, std::int64_t value) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        if (s[i + 1] != '$') out.push_back('\\');
        out.push_back(s[++i]);
        continue;
      }
      if (s[i] != '$') {
        out.push_back(s[i]);
        continue;
      }
      std::int64_t offset = 0;
      std::size_t width = 0;
      char base = 'd';
      if (i + 1 < s.size() && s[i + 1] == '{') {
        const std::size_t close = s.find('}', i);
        if (close == std::string_view::npos) return std::unexpected(TextError{"'${' without '}'"});
        std::string_view spec = s.substr(i + 2, close - i - 2);
        std::array<std::string_view, 3> parts{};
        for (std::size_t p = 0; p < 3 && !spec.empty(); ++p) {
          const std::size_t comma = spec.find(',');
          parts[p] = spec.substr(0, comma);
          spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        }
        const bool negative = parts[0].starts_with('-');
        auto off = text::parse_uint(negative ? parts[0].substr(1) : parts[0], 0xffffffff);
        auto w =
            parts[1].empty() ? std::optional<std::uint64_t>(0) : text::parse_uint(parts[1], 255);
        if (!parts[2].empty()) base = parts[2].size() == 1 ? parts[2][0] : '?';
        if ((!parts[0].empty() && !off) || !w || !spec.empty() ||
            std::string_view("doxXnN").find(base) == std::string_view::npos) {
          return std::unexpected(TextError{"bad $GENERATE modifier '" +
                                           std::string(s.substr(i, close - i + 1)) + "'"});
        }
        offset =
            off ? (negative ? -static_cast<std::int64_t>(*off) : static_cast<std::int64_t>(*off))
                : 0;
        width = static_cast<std::size_t>(*w);
        i = close;
      }
      out += format(value + offset, width, base);
    }
    return out;
  }

  static std::string format(std::int64_t v, std::size_t width, char base) {
    const bool negative = v < 0;
    std::uint64_t u = negative ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
    const unsigned radix = base == 'd' ? 10 : base == 'o' ? 8 : 16;
    const char* digits = base == 'X' || base == 'N' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string d;
    do {
      d.insert(d.begin(), digits[u % radix]);
      u /= radix;
    } while (u != 0);
    while (d.size() < width) d.insert(d.begin(), '0');
    if (base == 'n' || base == 'N') {
      std::string nibbles;
      for (std::size_t k = d.size(); k-- > 0;) {
        nibbles.push_back(d[k]);
        if (k != 0) nibbles.push_back('.');
      }
      return nibbles;
    }
    return negative ? "-" + d : d;
  }

  const ZoneFileOptions& options_;
  const RecordSink& sink_;
  Name origin_;
  Class rclass_;
  std::optional<Name> last_owner_;
  std::optional<std::uint32_t> ttl_directive_, last_ttl_;
};

}  // namespace

std::string ZoneError::describe() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

std::expected<void, ZoneError> parse_zone_file(std::string_view text,
                                               const ZoneFileOptions& options,
                                               const RecordSink& sink) {
  Parser p(options, sink);
  return p.parse(text, options.file_name, 0);
}

std::expected<std::vector<Record>, ZoneError> parse_zone_file(std::string_view text,
                                                              const ZoneFileOptions& options) {
  std::vector<Record> records;
  RecordSink sink = [&](Record&& r) -> TextResult<void> {
    records.push_back(std::move(r));
    return {};
  };
  CSTRUCT_TRY_VOID(parse_zone_file(text, options, sink));
  return records;
}

TextResult<Record> Record::parse(std::string_view line, const Name& origin,
                                 std::uint32_t default_ttl) {
  ZoneFileOptions options;
  options.origin = origin;
  options.default_ttl = default_ttl;
  auto records = parse_zone_file(line, options);
  if (!records) return std::unexpected(TextError{records.error().message});
  if (records->size() != 1) return std::unexpected(TextError{"expected exactly one record"});
  return std::move(records->front());
}

}  // namespace dns
