#include <dns/message.hpp>

#include <algorithm>
#include <cassert>

#include "rdata_codec.hpp"

namespace dns {

namespace {

constexpr std::size_t kOptFixed = 11;  // root name, type, class, ttl, rdlength

std::uint16_t flags_of(const Header& h, Rcode rcode) {
  return static_cast<std::uint16_t>(h.qr << 15 | (static_cast<unsigned>(h.opcode) & 15) << 11 |
                                    h.aa << 10 | h.tc << 9 | h.rd << 8 | h.ra << 7 | h.z << 6 |
                                    h.ad << 5 | h.cd << 4 | (static_cast<unsigned>(rcode) & 15));
}

std::size_t options_size(const Edns& e) {
  std::size_t n = 0;
  for (const auto& o : e.options) n += 4 + o.data.size();
  return n;
}

}  // namespace

// ---- Decoding ----

Result<Message> Message::decode(std::span<const std::uint8_t> bytes) {
  cstruct::Reader r(bytes);
  Message m;
  CSTRUCT_TRY(m.header.id, r.u16_be());
  CSTRUCT_TRY(const std::uint16_t flags, r.u16_be());
  std::uint16_t counts[4];
  for (auto& c : counts) {
    CSTRUCT_TRY(c, r.u16_be());
  }
  Header& h = m.header;
  h.qr = flags >> 15 & 1;
  h.opcode = Opcode(flags >> 11 & 15);
  h.aa = flags >> 10 & 1;
  h.tc = flags >> 9 & 1;
  h.rd = flags >> 8 & 1;
  h.ra = flags >> 7 & 1;
  h.z = flags >> 6 & 1;
  h.ad = flags >> 5 & 1;
  h.cd = flags >> 4 & 1;
  unsigned rcode = flags & 15;

  m.questions.reserve(std::min<std::size_t>(counts[0], r.remaining() / 5));
  for (unsigned i = 0; i < counts[0]; ++i) {
    Question& q = m.questions.emplace_back();
    CSTRUCT_TRY(q.name, wire::read_name(r, bytes));
    CSTRUCT_TRY(auto type, r.u16_be());
    CSTRUCT_TRY(auto qclass, r.u16_be());
    q.type = Type{type};
    q.qclass = Class{qclass};
  }
  std::vector<Record>* sections[] = {&m.answers, &m.authority, &m.additional};
  for (int s = 0; s < 3; ++s) {
    auto& records = *sections[s];
    records.reserve(std::min<std::size_t>(counts[s + 1], r.remaining() / 11));
    for (unsigned i = 0; i < counts[s + 1]; ++i) {
      const std::size_t start = r.absolute_offset();
      CSTRUCT_TRY(Name name, wire::read_name(r, bytes));
      CSTRUCT_TRY(const auto type, r.u16_be());
      CSTRUCT_TRY(const auto rclass, r.u16_be());
      CSTRUCT_TRY(const auto ttl, r.u32_be());
      CSTRUCT_TRY(cstruct::Reader rdata, r.u16_prefixed());
      if (Type{type} == Type::OPT) {
        if (s != 2 || m.edns || !name.is_root()) return std::unexpected(Error(Errc::BadOpt, start));
        CSTRUCT_TRY(auto opt, detail::decode_rdata(Type::OPT, rdata, bytes));
        Edns& e = m.edns.emplace();
        e.udp_payload_size = rclass;
        rcode |= (ttl >> 24) << 4;
        e.version = static_cast<std::uint8_t>(ttl >> 16);
        e.dnssec_ok = ttl >> 15 & 1;
        e.flags = ttl & 0x7fff;
        e.options = std::move(std::get<Opt>(opt).options);
        continue;
      }
      CSTRUCT_TRY(auto data, detail::decode_rdata(Type{type}, rdata, bytes));
      records.push_back(Record{std::move(name), Class{rclass}, ttl, std::move(data)});
      m.tsig_offset = Type{type} == Type::TSIG && s == 2 && i + 1 == counts[3] ? start : 0;
    }
  }
  CSTRUCT_TRY_VOID(r.expect_end());
  m.rcode = Rcode(rcode);
  return m;
}

// ---- Encoding ----

MessageEncoder::MessageEncoder(std::size_t max_size)
    : buf_(
          cstruct::Buffer::create(std::min<std::size_t>(std::max<std::size_t>(max_size, 12), 512))),
      limit_(std::clamp<std::size_t>(max_size, 12, 65535)) {}

void MessageEncoder::set_header(const Header& header, Rcode rcode) {
  header_ = header;
  rcode_ = rcode;
}

void MessageEncoder::set_edns(const Edns& edns, std::size_t padding_block) {
  edns_ = edns;
  padding_block_ = padding_block;
  reserved_ = kOptFixed + options_size(edns) + (padding_block > 0 ? 4 + padding_block - 1 : 0);
}

template <class F>
bool MessageEncoder::add_unit(Section section, std::size_t records, F&& write) {
  const auto index = static_cast<std::size_t>(section) + 1;
  assert(section >= section_ && "dns: MessageEncoder sections added out of order");
  section_ = section;
  if (failed_ || (truncated_ && section != Section::Additional) ||
      counts_[index] + records > 65535) {
    return false;
  }
  const std::size_t mark = comp_.mark();
  while (true) {
    const std::size_t room_end = std::min(buf_.size(), limit_ > reserved_ ? limit_ - reserved_ : 0);
    cstruct::Writer w(buf_.span().subspan(len_, room_end > len_ ? room_end - len_ : 0));
    detail::WireOut out{w, &comp_, buf_.data(), len_};
    write(out);
    if (w.status()) {
      len_ += w.size();
      counts_[index] = static_cast<std::uint16_t>(counts_[index] + records);
      return true;
    }
    comp_.rollback(mark);
    if (w.status().error().kind != cstruct::Error::Kind::Overflow) {
      failed_ = true;  // a field over its limit: the message cannot be made
      return false;
    }
    if (buf_.size() >= limit_) break;
    auto bigger = cstruct::Buffer::create(std::min(limit_, 2 * buf_.size()));
    bigger.blit(buf_.span().first(len_), 0);
    buf_ = std::move(bigger);
  }
  if (section != Section::Additional) truncated_ = true;
  return false;
}

bool MessageEncoder::add_question(const Question& q) {
  assert(counts_[1] + counts_[2] + counts_[3] == 0 && "dns: question added after records");
  const bool ok = add_unit(Section::Answer, 0, [&](detail::WireOut& out) {
    comp_.write(out.w, out.message, out.at(), q.name, true);
    out.w.u16_be(static_cast<std::uint16_t>(q.type));
    out.w.u16_be(static_cast<std::uint16_t>(q.qclass));
  });
  if (ok) ++counts_[0];
  return ok;
}

namespace {
void write_record(detail::WireOut& out, wire::Compressor& comp, const Name& owner, Type type,
                  Class rclass, std::uint32_t ttl, const Rdata& rdata) {
  comp.write(out.w, out.message, out.at(), owner, true);
  out.w.u16_be(static_cast<std::uint16_t>(type));
  out.w.u16_be(static_cast<std::uint16_t>(rclass));
  out.w.u32_be(ttl);
  out.w.u16_prefixed([&](cstruct::Writer&) { detail::encode_rdata(out, rdata); });
}
}  // namespace

bool MessageEncoder::add_rrset(Section section, const Name& owner, Type type, Class rclass,
                               std::uint32_t ttl, std::span<const Rdata> rdatas) {
  return add_unit(section, rdatas.size(), [&](detail::WireOut& out) {
    for (const auto& rdata : rdatas) write_record(out, comp_, owner, type, rclass, ttl, rdata);
  });
}

bool MessageEncoder::add_records(Section section, std::span<const Record> records) {
  return add_unit(section, records.size(), [&](detail::WireOut& out) {
    for (const auto& r : records)
      write_record(out, comp_, r.name, r.type(), r.rclass, r.ttl, r.data);
  });
}

Result<cstruct::Buffer> MessageEncoder::finish() {
  if (failed_ || (static_cast<unsigned>(rcode_) > 15 && !edns_) ||
      static_cast<unsigned>(rcode_) > 4095) {
    return std::unexpected(Error(Errc::BadValue));
  }
  std::size_t total = len_;
  if (edns_) {
    Edns& e = *edns_;
    const std::size_t unpadded = len_ + kOptFixed + options_size(e);
    if (padding_block_ > 0 && unpadded + 4 <= limit_) {
      const std::size_t pad = (padding_block_ - (unpadded + 4) % padding_block_) % padding_block_;
      e.options.push_back(make_padding(std::min(pad, limit_ - unpadded - 4)));
    }
    total = len_ + kOptFixed + options_size(e);
    if (total > limit_ || total - len_ > 65535 + kOptFixed)
      return std::unexpected(Error(Errc::NoRoom));
  }
  if (buf_.size() < total) {
    auto bigger = cstruct::Buffer::create(total);
    bigger.blit(buf_.span().first(len_), 0);
    buf_ = std::move(bigger);
  }
  if (edns_) {
    cstruct::Writer w(buf_.span().subspan(len_, total - len_));
    w.u8(0);
    w.u16_be(static_cast<std::uint16_t>(Type::OPT));
    w.u16_be(edns_->udp_payload_size);
    w.u32_be(static_cast<std::uint32_t>(static_cast<unsigned>(rcode_) >> 4) << 24 |
             static_cast<std::uint32_t>(edns_->version) << 16 |
             static_cast<std::uint32_t>(edns_->dnssec_ok) << 15 | (edns_->flags & 0x7fff));
    w.u16_prefixed([&](cstruct::Writer& inner) {
      detail::WireOut out{inner};
      detail::encode_rdata(out, Opt{edns_->options});
    });
    if (!w.status()) return std::unexpected(Error(Errc::NoRoom));
    ++counts_[3];
  }
  Header h = header_;
  h.tc = h.tc || truncated_;
  buf_.set_be16(0, h.id);
  buf_.set_be16(2, flags_of(h, rcode_));
  for (int i = 0; i < 4; ++i) buf_.set_be16(4 + 2 * i, counts_[i]);
  return buf_.sub(0, total);
}

Result<cstruct::Buffer> Message::encode(std::size_t max_size) const {
  MessageEncoder e(max_size);
  e.set_header(header, rcode);
  if (edns) e.set_edns(*edns);
  for (const auto& q : questions) {
    if (!e.add_question(q)) return std::unexpected(Error(Errc::NoRoom));
  }
  const std::vector<Record>* sections[] = {&answers, &authority, &additional};
  for (int s = 0; s < 3 && !e.truncated(); ++s) {
    std::span<const Record> all(*sections[s]);
    // Records of one owner, type and class go in together or not at all.
    for (std::size_t i = 0; i < all.size();) {
      std::size_t j = i + 1;
      while (j < all.size() && all[j].name == all[i].name && all[j].type() == all[i].type() &&
             all[j].rclass == all[i].rclass) {
        ++j;
      }
      // A miss truncates the answer and authority; in the additional section it only
      // ends it (RFC 2181 §9).
      if (!e.add_records(Section(s), all.subspan(i, j - i))) break;
      i = j;
    }
  }
  return e.finish();
}

Message Message::make_response() const {
  Message r;
  r.header.id = header.id;
  r.header.qr = true;
  r.header.opcode = header.opcode;
  r.header.rd = header.rd;
  r.header.cd = header.cd;
  r.questions = questions;
  if (edns) {
    r.edns.emplace();
    r.edns->dnssec_ok = edns->dnssec_ok;
  }
  return r;
}

}  // namespace dns
