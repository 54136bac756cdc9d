#pragma once
// Internal: rdata on the wire inside a message (names compressed against the message),
// used by the message encoder and decoder.
#include <cstddef>
#include <cstdint>
#include <span>

#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>

#include <dns/rdata.hpp>
#include <dns/wire.hpp>
#include "text.hpp"

namespace dns::detail {

// Where encoded rdata goes: w, whose next byte is at message offset at0 + w.size();
// comp (null outside a message) compresses names against `message`.
struct WireOut {
  cstruct::Writer& w;
  wire::Compressor* comp = nullptr;
  const std::uint8_t* message = nullptr;
  std::size_t at0 = 0;
  bool canonical = false;
  std::size_t at() const { return at0 + w.size(); }
};

// Decodes a `type`'s rdata from all of r (an rdlength-sized reader whose outermost input
// is `message`, so names may point back into it).
Result<Rdata> decode_rdata(Type type, cstruct::Reader r, std::span<const std::uint8_t> message);
void encode_rdata(WireOut& out, const Rdata& rdata);
// Parses an rdata's tokens (one zone-file entry's, after the type), \\# form included.
TextResult<Rdata> parse_rdata_tokens(Type type, std::span<const text::Token> tokens,
                                     const Name& origin);

}  // namespace dns::detail
