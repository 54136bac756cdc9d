#pragma once
// DNS messages (RFC 1035 §4): header, question, the three record sections and EDNS(0).
// Message is the plain decoded form; MessageEncoder writes a message piece by piece with
// name compression, keeps RRsets whole and truncates (TC) at a size limit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <cstruct/buffer.hpp>

#include <dns/edns.hpp>
#include <dns/error.hpp>
#include <dns/name.hpp>
#include <dns/rdata.hpp>
#include <dns/types.hpp>
#include <dns/wire.hpp>

namespace dns {

struct Header {
  std::uint16_t id = 0;
  bool qr = false;  // a response
  Opcode opcode = Opcode::Query;
  bool aa = false, tc = false, rd = false, ra = false, z = false, ad = false, cd = false;
  friend bool operator==(const Header&, const Header&) = default;
};

struct Question {
  Name name;
  Type type = Type::A;
  Class qclass = Class::IN;
  friend bool operator==(const Question&, const Question&) = default;
};

enum class Section : std::uint8_t { Answer, Authority, Additional };

struct Message {
  Header header;
  Rcode rcode = Rcode::NoError;  // all 12 bits: the header's 4 and EDNS's 8
  std::vector<Question> questions;
  std::vector<Record> answers, authority, additional;  // OPT is not among `additional`
  std::optional<Edns> edns;
  // After decode: where the last additional record starts when it is a TSIG (what
  // dns-tsig verifies up to), else 0.
  std::size_t tsig_offset = 0;

  // Parses a whole message. Rejects bad names (loops, forward pointers, limits), rdata
  // that does not fill its rdlength exactly, a misplaced or second OPT, trailing bytes.
  static Result<Message> decode(std::span<const std::uint8_t> bytes);
  // Encodes with name compression into at most max_size bytes (512 or the client's EDNS
  // size for UDP; 65535 for TCP). What does not fit is left out by whole RRsets, setting
  // TC when answer or authority records were left out. NoRoom when not even the
  // header, question and OPT fit; BadValue for a rcode over 15 without EDNS or a field
  // over its limit (a TXT string over 255 bytes...).
  Result<cstruct::Buffer> encode(std::size_t max_size = 65535) const;
  // The start of a response to this query: its id, opcode, RD and CD, its question, QR
  // set, and EDNS (payload 1232, DO copied) when the query had EDNS.
  Message make_response() const;

  friend bool operator==(const Message&, const Message&) = default;
};

class MessageEncoder {
 public:
  // An encoder whose output will be at most max_size bytes (12 to 65535).
  explicit MessageEncoder(std::size_t max_size = 65535);

  // The header and rcode, written by finish() (with the counts); any time before it.
  void set_header(const Header& header, Rcode rcode = Rcode::NoError);
  // Adds an OPT record at finish(); its room is set aside now, so call it before adding
  // records. With block > 0, a padding option makes the message a multiple of block bytes
  // (RFC 8467; the room for the worst case is set aside too).
  void set_edns(const Edns& edns, std::size_t padding_block = 0);
  // Adds a question; false when it does not fit.
  bool add_question(const Question& question);
  // Adds the records of one RRset, all or none: false when they do not fit (then, for the
  // answer and authority sections, TC is set and later additions there fail). Sections
  // must come in order (answer, authority, additional).
  bool add_rrset(Section section, const Name& owner, Type type, Class rclass, std::uint32_t ttl,
                 std::span<const Rdata> rdatas);
  // Adds records as one unit, all or none, each with its own owner, class and TTL.
  bool add_records(Section section, std::span<const Record> records);
  // Sets TC (e.g. when required glue did not fit).
  void set_truncated() { truncated_ = true; }
  // Whether TC will be set.
  bool truncated() const { return truncated_; }
  // Bytes written so far (header and OPT's room included).
  std::size_t size() const { return len_ + reserved_; }

  // The message; BadValue when a record could not be encoded or the rcode needs EDNS.
  // The encoder is spent afterwards.
  Result<cstruct::Buffer> finish();

 private:
  // Runs write() into the room left, all or nothing, growing the buffer up to the limit.
  template <class F>
  bool add_unit(Section section, std::size_t records, F&& write);

  cstruct::Buffer buf_;
  std::size_t len_ = 12;  // the header's room is taken from the start
  std::size_t limit_;
  std::size_t reserved_ = 0;  // for the OPT record
  wire::Compressor comp_;
  Header header_;
  Rcode rcode_ = Rcode::NoError;
  std::optional<Edns> edns_;
  std::size_t padding_block_ = 0;
  std::uint16_t counts_[4] = {0, 0, 0, 0};
  Section section_ = Section::Answer;
  bool truncated_ = false;
  bool failed_ = false;
};

}  // namespace dns
