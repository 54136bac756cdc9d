// Fuzzes cstruct::Reader (and Writer, as its mirror) with inputs that are programs.
//
// Input: byte 0 = mode << 6 | program length (0..63); then the program, one opcode byte
// per operation plus one argument byte for bytes/skip/sub; the rest of the input is the
// data the program reads. Prefixed reads and sub() run the following operations on the
// inner reader until an opcode "end" (or the program) ends, so nesting is exercised.
//
// Checked after every operation: offset + remaining == size; nothing returned lies outside
// the data; a failed read leaves the reader unchanged and names the right position; a
// successful one consumed exactly its bytes and decoded them as an independent byte-loop
// model does. Every successful read is written back through a Writer (prefixes through
// the nested writes), so at the end the Writer's output must equal the bytes consumed:
// a round trip. Modes 2 and 3 write into a fixed span (of the data's size, or half of it)
// and then the writer must fail exactly when more was consumed than fits.
#include <cstruct/hexdump.hpp>
#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (false)

using cstruct::Error;
using cstruct::Reader;
using cstruct::Writer;
using Bytes = std::span<const std::uint8_t>;

constexpr int kMaxDepth = 24;

struct Program {
  Bytes ops;
  std::size_t next = 0;
  bool done() const { return next == ops.size(); }
  std::uint8_t take() { return done() ? 0 : ops[next++]; }
  // A length argument; 0xff stands for SIZE_MAX, to try wrap-around.
  std::size_t length() {
    const std::uint8_t a = take();
    return a == 0xff ? SIZE_MAX : a;
  }
};

std::uint64_t model(const std::uint8_t* p, std::size_t n, bool big_endian) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v |= std::uint64_t{p[i]} << (8 * (big_endian ? n - 1 - i : i));
  }
  return v;
}

struct Fuzz {
  Bytes data;  // everything the program reads, the outermost input

  bool inside(Bytes s) const {
    return s.data() >= data.data() && s.data() + s.size() <= data.data() + data.size();
  }

  // What a reader looks like, to compare before and after a failed read.
  struct State {
    std::size_t offset, remaining, absolute;
    bool operator==(const State&) const = default;
  };
  static State state(const Reader& r) { return {r.offset(), r.remaining(), r.absolute_offset()}; }

  void check_reader(const Reader& r, std::size_t size) const {
    FUZZ_CHECK(r.offset() + r.remaining() == size);
    FUZZ_CHECK(r.rest().size() == r.remaining());
    FUZZ_CHECK(r.rest().data() == data.data() + r.absolute_offset());
    FUZZ_CHECK(inside(r.rest()));
    FUZZ_CHECK(r.empty() == (r.remaining() == 0));
  }

  // A failed read: the reader did not move and the error says where it stood.
  template <class T>
  static void check_failed(const std::expected<T, Error>& result, const Reader& r,
                           const State& before, std::size_t needed) {
    FUZZ_CHECK(!result.has_value());
    FUZZ_CHECK(result.error() == (Error{Error::Kind::Truncated, before.absolute}));
    FUZZ_CHECK(state(r) == before);
    FUZZ_CHECK(before.remaining < needed);
  }

  template <std::size_t N, bool BigEndian, class Read, class Write>
  void integer(Reader& r, Writer& w, Read read, Write write) {
    const State before = state(r);
    const auto v = (r.*read)();
    if (!v) return check_failed(v, r, before, N);
    FUZZ_CHECK(r.offset() == before.offset + N);
    FUZZ_CHECK(*v == model(data.data() + before.absolute, N, BigEndian));
    (w.*write)(*v);
  }

  // Runs the inner reader's share of the program, then writes what it left unread.
  void nested(Reader& inner, Writer& w, Program& p, int depth) {
    if (depth < kMaxDepth) run(inner, w, p, depth + 1);
    w.bytes(inner.rest());
  }

  template <std::size_t N>
  void prefixed(Reader& r, Writer& w, Program& p, int depth) {
    const State before = state(r);
    auto inner = N == 1   ? r.u8_prefixed()
                 : N == 2 ? r.u16_prefixed()
                 : N == 3 ? r.u24_prefixed()
                          : r.u32_prefixed();
    if (!inner) {
      const std::size_t len =
          before.remaining < N ? 0 : model(data.data() + before.absolute, N, true);
      return check_failed(inner, r, before, N + len);
    }
    const std::size_t len = inner->remaining();
    FUZZ_CHECK(inner->offset() == 0);
    FUZZ_CHECK(inner->absolute_offset() == before.absolute + N);
    FUZZ_CHECK(len == model(data.data() + before.absolute, N, true));
    FUZZ_CHECK(r.offset() == before.offset + N + len);
    const auto body = [&](Writer& b) { nested(*inner, b, p, depth); };
    if constexpr (N == 1) w.u8_prefixed(body);
    if constexpr (N == 2) w.u16_prefixed(body);
    if constexpr (N == 3) w.u24_prefixed(body);
    if constexpr (N == 4) w.u32_prefixed(body);
    check_reader(*inner, len);
  }

  void run(Reader& r, Writer& w, Program& p, int depth) {
    const std::size_t size = r.remaining() + r.offset();
    while (!p.done()) {
      const std::uint8_t op = p.take() % 22;
      const State before = state(r);
      switch (op) {
        case 0:
          integer<1, true>(r, w, &Reader::u8, &Writer::u8);
          break;
        case 1:
          integer<2, true>(r, w, &Reader::u16_be, &Writer::u16_be);
          break;
        case 2:
          integer<3, true>(r, w, &Reader::u24_be, &Writer::u24_be);
          break;
        case 3:
          integer<4, true>(r, w, &Reader::u32_be, &Writer::u32_be);
          break;
        case 4:
          integer<8, true>(r, w, &Reader::u64_be, &Writer::u64_be);
          break;
        case 5:
          integer<2, false>(r, w, &Reader::u16_le, &Writer::u16_le);
          break;
        case 6:
          integer<3, false>(r, w, &Reader::u24_le, &Writer::u24_le);
          break;
        case 7:
          integer<4, false>(r, w, &Reader::u32_le, &Writer::u32_le);
          break;
        case 8:
          integer<8, false>(r, w, &Reader::u64_le, &Writer::u64_le);
          break;
        case 9: {
          const std::size_t n = p.length();
          const auto b = r.bytes(n);
          if (!b) {
            check_failed(b, r, before, n);
            break;
          }
          FUZZ_CHECK(b->data() == data.data() + before.absolute && b->size() == n);
          FUZZ_CHECK(inside(*b));
          w.bytes(*b);
          break;
        }
        case 10: {
          const std::size_t n = p.length();
          const auto s = r.skip(n);
          if (!s) {
            check_failed(s, r, before, n);
            break;
          }
          FUZZ_CHECK(r.offset() == before.offset + n);
          w.bytes(data.subspan(before.absolute, n));
          break;
        }
        case 11: {
          const std::size_t n = p.length();
          auto inner = r.sub(n);
          if (!inner) {
            check_failed(inner, r, before, n);
            break;
          }
          FUZZ_CHECK(inner->remaining() == n && inner->absolute_offset() == before.absolute);
          FUZZ_CHECK(r.offset() == before.offset + n);
          nested(*inner, w, p, depth);
          check_reader(*inner, n);
          break;
        }
        case 12:
          prefixed<1>(r, w, p, depth);
          break;
        case 13:
          prefixed<2>(r, w, p, depth);
          break;
        case 14:
          prefixed<3>(r, w, p, depth);
          break;
        case 15:
          prefixed<4>(r, w, p, depth);
          break;
        case 16: {
          const auto v = r.peek_u8();
          FUZZ_CHECK(state(r) == before);
          FUZZ_CHECK(v ? before.remaining > 0 && *v == data[before.absolute]
                       : before.remaining == 0);
          break;
        }
        case 17: {
          const auto end = r.expect_end();
          FUZZ_CHECK(state(r) == before);
          FUZZ_CHECK(end.has_value() == (before.remaining == 0));
          if (!end) FUZZ_CHECK(end.error() == (Error{Error::Kind::TrailingData, before.absolute}));
          break;
        }
        case 18: {
          // hexdump and hex round trip over what is left, without consuming it.
          const auto rest = r.rest();
          const std::string dump = cstruct::hexdump(rest);
          FUZZ_CHECK(rest.empty() == dump.empty());
          const auto back = cstruct::of_hex(cstruct::to_hex(rest));
          FUZZ_CHECK(back && back->equal(rest));
          break;
        }
        case 19:
          if (depth > 0) return;  // end of this nesting level
          break;
        default:  // 20, 21: a copy of the reader reads independently
        {
          Reader copy = r;
          (void)copy.skip(1);
          FUZZ_CHECK(state(r) == before);
          break;
        }
      }
      check_reader(r, size);
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t size) {
  if (size == 0) return 0;
  const unsigned mode = input[0] >> 6;
  const std::size_t program_size = std::min<std::size_t>(input[0] & 63, size - 1);
  Program program{Bytes(input + 1, program_size)};
  Fuzz fuzz{Bytes(input + 1 + program_size, size - 1 - program_size)};

  const std::size_t capacity = mode == 3 ? fuzz.data.size() / 2 : fuzz.data.size();
  std::vector<std::uint8_t> fixed(capacity);
  Writer writer = mode < 2 ? Writer() : Writer(std::span(fixed));
  Reader reader(fuzz.data);
  fuzz.run(reader, writer, program, 0);

  const std::size_t consumed = reader.offset();
  FUZZ_CHECK(reader.absolute_offset() == consumed);
  const auto out = writer.finish_span();
  if (mode < 2 || consumed <= capacity) {
    FUZZ_CHECK(out.has_value());
    FUZZ_CHECK(out->size() == consumed);
    FUZZ_CHECK(consumed == 0 || std::memcmp(out->data(), fuzz.data.data(), consumed) == 0);
  } else {
    FUZZ_CHECK(!out.has_value() && out.error().kind == Error::Kind::Overflow);
    FUZZ_CHECK(out.error().offset <= capacity);
  }
  return 0;
}
