// x509: make keys, requests, CAs, certificates and CRLs, show them, verify chains.
// A unix program over the portable library; randomness from getrandom(2).
#include <x509/chain.hpp>
#include <x509/crl.hpp>
#include <x509/csr.hpp>
#include <x509/hostname.hpp>
#include <x509/issue.hpp>
#include <x509/pem.hpp>
#include <x509/pkcs12.hpp>
#include <x509/private_key.hpp>

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* usage = R"(usage: x509 COMMAND [options]

  genkey   [--type rsa|p256|p384|p521|ed25519] [--bits N] [--traditional] [-o FILE]
           a new private key (PKCS #8 PEM; --traditional: PKCS #1 / SEC 1)
  req      --key KEY --subject NAME [--dns NAME]... [--ip ADDR]... [-o FILE]
           a certification request (PKCS #10) signed by KEY
  selfsign --key KEY --subject NAME [--days N] [--ca] [--pathlen N] [--dns NAME]...
           [--ip ADDR]... [--eku server,client,...] [--serial HEX] [-o FILE]
           a self-signed certificate (a root CA with --ca)
  sign     --csr CSR --ca-cert CERT --ca-key KEY [--days N] [--ca] [--pathlen N]
           [--eku server,client,...] [--serial HEX] [-o FILE]
           a certificate for the request, issued by the CA
  crl      --ca-cert CERT --ca-key KEY [--revoke SERIAL[:REASON]]... [--number N]
           [--days N] [-o FILE]
           a CRL listing the serials (hex) with optional reasons (keyCompromise, ...)
  pkcs12   --key KEY --cert CERT [--chain FILE]... [--name NAME] [--iterations N]
           (--password TEXT | --password-file FILE) -o FILE.p12
           a PKCS #12 file (PBES2, AES-256-CBC, SHA-256 MAC) with the key and certificates
  pkcs12   --in FILE.p12 (--password TEXT | --password-file FILE) [-o FILE]
           the keys (PKCS #8 PEM) and certificates a PKCS #12 file holds
  show     FILE            what a PEM file holds: certificates, requests, CRLs, keys
  verify   --roots FILE [--untrusted FILE] [--crl FILE]... [--host NAME] [--time UNIX]
           [--allow-sha1] [--policy OID]... [--explicit-policy] [--inhibit-mapping]
           [--inhibit-any] CERT
           path validation of CERT (the first certificate of the file) to the roots;
           --policy: a policy acceptable to the caller (default: any)

  NAME is "C=US, O=Example, CN=www.example.com" or "/C=US/O=Example/CN=...".
  Signing: --hash sha256|sha384|sha512 and, for RSA keys, --pss.
)";

struct Args {
  std::string command;
  std::map<std::string, std::vector<std::string>> options;
  std::vector<std::string> positional;

  bool flag(const std::string& name) const { return options.contains(name); }
  std::optional<std::string> one(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
  }
  std::vector<std::string> all(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::vector<std::string>{} : it->second;
  }
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "x509: %s\n", message.c_str());
  std::exit(1);
}

[[noreturn]] void die_usage(const std::string& message) {
  std::fprintf(stderr, "x509: %s\n\n%s", message.c_str(), usage);
  std::exit(2);
}

template <class T>
T check(x509::Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().to_string());
  return std::move(*r);
}

// Options taking a value, and flags.
const std::map<std::string, bool, std::less<>> known = {
    {"--type", true},     {"--bits", true},    {"--traditional", false}, {"-o", true},
    {"--key", true},      {"--subject", true}, {"--dns", true},          {"--ip", true},
    {"--days", true},     {"--ca", false},     {"--pathlen", true},      {"--eku", true},
    {"--serial", true},   {"--csr", true},     {"--ca-cert", true},      {"--ca-key", true},
    {"--revoke", true},   {"--number", true},  {"--roots", true},        {"--untrusted", true},
    {"--crl", true},      {"--host", true},    {"--time", true},         {"--allow-sha1", false},
    {"--hash", true},     {"--pss", false},    {"--cert", true},         {"--chain", true},
    {"--name", true},     {"--iterations", true}, {"--password", true},  {"--password-file", true},
    {"--in", true},       {"--policy", true},  {"--explicit-policy", false},
    {"--inhibit-mapping", false}, {"--inhibit-any", false},
};

Args parse_args(int argc, char** argv) {
  Args a;
  if (argc < 2) die_usage("no command given");
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-') {
      auto it = known.find(arg);
      if (it == known.end()) die_usage("unknown option " + arg);
      if (it->second) {
        if (i + 1 >= argc) die_usage(arg + " needs a value");
        a.options[arg].push_back(argv[++i]);
      } else {
        a.options[arg];
      }
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) die("cannot read " + path + ": " + std::strerror(errno));
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fclose(f);
  return out;
}

void write_output(const Args& a, const std::string& text, bool secret = false) {
  const auto path = a.one("-o");
  if (!path) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::FILE* f = std::fopen(path->c_str(), "wb");
  if (!f) die("cannot write " + *path + ": " + std::strerror(errno));
  if (secret) std::fprintf(stderr, "x509: writing a private key to %s\n", path->c_str());
  std::fwrite(text.data(), 1, text.size(), f);
  if (std::fclose(f) != 0) die("cannot write " + *path + ": " + std::strerror(errno));
}

std::string require(const Args& a, const std::string& name) {
  auto v = a.one(name);
  if (!v) die_usage(a.command + " needs " + name);
  return *v;
}

long number(const std::string& text, const std::string& what, long lo, long hi) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < lo || v > hi)
    die_usage(what + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
              ", not \"" + text + "\"");
  return v;
}

x509::Bytes hex_bytes(const std::string& text, const std::string& what) {
  std::string digits;
  for (char c : text)
    if (c != ':') digits += c;
  if (digits.empty() || digits.size() > 40) die_usage(what + ": 1 to 40 hex digits");
  if (digits.size() % 2) digits.insert(digits.begin(), '0');
  x509::Bytes out;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    char pair[3] = {digits[i], digits[i + 1], 0};
    char* end = nullptr;
    const long v = std::strtol(pair, &end, 16);
    if (*end != '\0') die_usage(what + ": \"" + text + "\" is not hex");
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

std::string hex(x509::ByteView b) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i) out += ':';
    out += digits[b[i] >> 4];
    out += digits[b[i] & 15];
  }
  return out;
}

struct OsRandom {
  bool generate(std::span<std::uint8_t> out) noexcept {
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
};

asn1::DateTime now() { return asn1::DateTime::from_unix(static_cast<std::int64_t>(std::time(nullptr))); }

x509::SignOptions sign_options(const Args& a) {
  x509::SignOptions o;
  o.pss = a.flag("--pss");
  if (auto h = a.one("--hash")) {
    if (*h == "sha256")
      o.hash = x509::HashKind::Sha256;
    else if (*h == "sha384")
      o.hash = x509::HashKind::Sha384;
    else if (*h == "sha512")
      o.hash = x509::HashKind::Sha512;
    else
      die_usage("--hash takes sha256, sha384 or sha512");
  }
  return o;
}

std::vector<x509::Extension> san_extensions(const Args& a) {
  x509::SubjectAltName san;
  for (const auto& d : a.all("--dns")) san.names.emplace_back(x509::DnsName{d});
  for (const auto& i : a.all("--ip")) {
    auto bytes = x509::parse_ip_address(i);
    if (!bytes) die_usage("--ip: \"" + i + "\" is not an IPv4 or IPv6 address");
    san.names.emplace_back(x509::IpAddressName{*bytes});
  }
  if (san.names.empty()) return {};
  auto e = x509::make_extension(std::move(san));
  if (!e) die("subjectAltName: " + e.error().to_string());
  return {std::move(*e)};
}

x509::IssueOptions issue_options(const Args& a) {
  x509::IssueOptions o;
  const long days = a.one("--days") ? number(*a.one("--days"), "--days", 1, 36500) : 365;
  const auto start = now();
  o.not_before = start;
  o.not_after = asn1::DateTime::from_unix(start.to_unix() + days * 86400);
  o.ca = a.flag("--ca");
  if (auto p = a.one("--pathlen")) {
    if (!o.ca) die_usage("--pathlen needs --ca");
    o.path_length = number(*p, "--pathlen", 0, 100);
  }
  if (auto s = a.one("--serial")) o.serial = hex_bytes(*s, "--serial");
  for (const auto& list : a.all("--eku")) {
    std::string_view rest = list;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const std::string item(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (item == "server")
        o.extended_key_usage.push_back(x509::kp::server_auth);
      else if (item == "client")
        o.extended_key_usage.push_back(x509::kp::client_auth);
      else if (item == "code")
        o.extended_key_usage.push_back(x509::kp::code_signing);
      else if (item == "email")
        o.extended_key_usage.push_back(x509::kp::email_protection);
      else if (item == "ocsp")
        o.extended_key_usage.push_back(x509::kp::ocsp_signing);
      else if (item == "timestamp")
        o.extended_key_usage.push_back(x509::kp::time_stamping);
      else
        die_usage("--eku: \"" + item + "\" is not server, client, code, email, ocsp or timestamp");
    }
  }
  o.extensions = san_extensions(a);
  o.sign = sign_options(a);
  return o;
}

x509::PrivateKey load_key(const std::string& path) {
  return check(x509::parse_pem_private_key(read_file(path)), path);
}

x509::Certificate load_certificate(const std::string& path) {
  auto certs = check(x509::parse_pem_certificates(read_file(path)), path);
  if (certs.empty()) die(path + ": no CERTIFICATE block");
  return std::move(certs[0]);
}

std::string cert_pem(const x509::Certificate& c) {
  return x509::encode_pem("CERTIFICATE", check(x509::encode_certificate(c), "certificate"));
}

int cmd_genkey(const Args& a, OsRandom& rng) {
  const std::string type_name = a.one("--type").value_or("p256");
  const auto type = x509::key_type_from_name(type_name);
  if (!type) die_usage("--type: \"" + type_name + "\" is not rsa, p256, p384, p521 or ed25519");
  const long bits = a.one("--bits") ? number(*a.one("--bits"), "--bits", 2048, 16384) : 2048;
  if (a.one("--bits") && *type != x509::KeyType::Rsa) die_usage("--bits is for RSA keys");
  auto key = check(x509::generate_private_key(*type, rng, static_cast<std::size_t>(bits)), "genkey");
  if (a.flag("--traditional") && *type != x509::KeyType::Ed25519) {
    const char* label = *type == x509::KeyType::Rsa ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
    write_output(a, x509::encode_pem(label, x509::encode_traditional(key)), true);
  } else {
    write_output(a, x509::encode_pem_private_key(key), true);
  }
  return 0;
}

int cmd_req(const Args& a, OsRandom& rng) {
  const auto key = load_key(require(a, "--key"));
  const auto subject = check(x509::parse_name(require(a, "--subject")), "--subject");
  auto csr = check(x509::make_csr(subject, key, san_extensions(a), rng, sign_options(a)), "req");
  write_output(a, x509::encode_pem("CERTIFICATE REQUEST", check(x509::encode_csr(csr), "req")));
  return 0;
}

int cmd_selfsign(const Args& a, OsRandom& rng) {
  const auto key = load_key(require(a, "--key"));
  const auto subject = check(x509::parse_name(require(a, "--subject")), "--subject");
  auto cert = check(x509::self_signed_certificate(subject, key, issue_options(a), rng), "selfsign");
  write_output(a, cert_pem(cert));
  return 0;
}

int cmd_sign(const Args& a, OsRandom& rng) {
  if (a.flag("--dns") || a.flag("--ip"))
    die_usage("sign takes the names from the request (--dns/--ip go to req)");
  const auto csr_path = require(a, "--csr");
  const auto csr = check(x509::parse_pem_csr(read_file(csr_path)), csr_path);
  const auto ca = load_certificate(require(a, "--ca-cert"));
  const auto ca_key = load_key(require(a, "--ca-key"));
  auto cert = check(x509::issue_from_csr(csr, ca, ca_key, issue_options(a), rng), "sign");
  write_output(a, cert_pem(cert));
  return 0;
}

std::optional<x509::RevocationReason> reason_from(const std::string& name) {
  for (int i = 0; i <= 10; ++i) {
    if (i == 7) continue;
    const auto r = static_cast<x509::RevocationReason>(i);
    if (name == x509::reason_name(r)) return r;
  }
  return std::nullopt;
}

int cmd_crl(const Args& a, OsRandom& rng) {
  const auto ca = load_certificate(require(a, "--ca-cert"));
  const auto ca_key = load_key(require(a, "--ca-key"));
  std::vector<x509::CrlEntry> entries;
  const auto t = now();
  for (const auto& r : a.all("--revoke")) {
    const auto colon = r.find(':') == std::string::npos ? std::string::npos : r.rfind(':');
    // A serial may itself contain colons: the reason is the part after the last one
    // when it is a reason's name.
    x509::CrlEntry e{{}, t, std::nullopt};
    if (colon != std::string::npos) {
      if (auto reason = reason_from(r.substr(colon + 1))) {
        e.reason = reason;
        e.serial = hex_bytes(r.substr(0, colon), "--revoke");
      }
    }
    if (e.serial.empty()) e.serial = hex_bytes(r, "--revoke");
    entries.push_back(std::move(e));
  }
  const long days = a.one("--days") ? number(*a.one("--days"), "--days", 1, 3650) : 30;
  const auto next = asn1::DateTime::from_unix(t.to_unix() + days * 86400);
  const long n = a.one("--number") ? number(*a.one("--number"), "--number", 0, 1L << 40) : 1;
  x509::Bytes num;
  for (int shift = 40; shift >= 0; shift -= 8)
    if (!num.empty() || ((n >> shift) & 0xff) != 0 || shift == 0)
      num.push_back(static_cast<std::uint8_t>((n >> shift) & 0xff));
  auto crl = check(x509::make_crl(ca, ca_key, t, next, entries, num, rng, sign_options(a)), "crl");
  write_output(a, x509::encode_pem("X509 CRL", check(x509::encode_crl(crl), "crl")));
  return 0;
}

std::string time_text(const x509::Time& t) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02u UTC", t.value.year, t.value.month,
                t.value.day, t.value.hour, t.value.minute, t.value.second);
  return buf;
}

std::string key_text(const x509::PublicKeyInfo& k) {
  if (const auto* r = std::get_if<x509::RsaKey>(&k.key)) {
    std::size_t bytes = r->modulus.size();
    if (bytes && r->modulus[0] == 0) --bytes;
    return "RSA " + std::to_string(bytes * 8) + " bits";
  }
  if (const auto* e = std::get_if<x509::EcKey>(&k.key))
    return std::string("EC ") + nocrypto::ec::curve_name(e->curve);
  if (std::holds_alternative<x509::Ed25519Key>(k.key)) return "Ed25519";
  if (const auto* d = std::get_if<x509::DsaKey>(&k.key)) {
    std::size_t bytes = d->p.size();
    if (bytes && d->p[0] == 0) --bytes;
    return d->p.empty() ? "DSA (parameters inherited)" : "DSA " + std::to_string(bytes * 8) + " bits";
  }
  return "unknown algorithm " + k.algorithm.algorithm.to_string();
}

void show_names(const std::optional<std::vector<x509::Extension>>& exts) {
  if (!exts) return;
  for (const auto& e : *exts) {
    std::printf("  extension %s%s\n", e.id.to_string().c_str(), e.critical ? " (critical)" : "");
    if (const auto* san = std::get_if<x509::SubjectAltName>(&e.parsed))
      for (const auto& n : san->names) {
        if (const auto* d = std::get_if<x509::DnsName>(&n)) std::printf("    DNS:%s\n", d->value.c_str());
        if (const auto* i = std::get_if<x509::IpAddressName>(&n))
          std::printf("    IP:%s\n", hex(i->value).c_str());
      }
    if (const auto* bc = std::get_if<x509::BasicConstraints>(&e.parsed))
      std::printf("    CA:%s%s\n", bc->ca ? "TRUE" : "FALSE",
                  bc->path_length ? (", pathlen:" + std::to_string(*bc->path_length)).c_str() : "");
  }
}

// The password: the first line of --password-file, or --password.
std::string password(const Args& a) {
  if (auto f = a.one("--password-file")) {
    std::string text = read_file(*f);
    if (auto nl = text.find_first_of("\r\n"); nl != std::string::npos) text.resize(nl);
    return text;
  }
  if (auto p = a.one("--password")) return *p;
  die_usage(a.command + " needs --password or --password-file");
}

int cmd_pkcs12(const Args& a, OsRandom& rng) {
  const std::string pass = password(a);
  if (auto in = a.one("--in")) {
    if (a.one("--key") || a.one("--cert") || a.one("--chain"))
      die_usage("pkcs12 --in reads a file; --key, --cert and --chain are for making one");
    const std::string der = read_file(*in);
    const auto bytes = x509::ByteView(reinterpret_cast<const std::uint8_t*>(der.data()), der.size());
    const auto p12 = check(x509::parse_pkcs12(bytes, pass), *in);
    std::string out;
    for (const auto& k : p12.keys) out += x509::encode_pem_private_key(k.key);
    for (const auto& c : p12.certificates) out += cert_pem(c.certificate);
    if (out.empty()) die(*in + ": holds no key and no certificate");
    write_output(a, out, !p12.keys.empty());
    return 0;
  }
  const auto key = load_key(require(a, "--key"));
  std::vector<x509::Certificate> certificates = {load_certificate(require(a, "--cert"))};
  if (!(certificates[0].tbs.public_key == key.public_key_info()))
    die(require(a, "--cert") + " is not the certificate of " + require(a, "--key"));
  for (const auto& path : a.all("--chain")) {
    auto more = check(x509::parse_pem_certificates(read_file(path)), path);
    certificates.insert(certificates.end(), more.begin(), more.end());
  }
  x509::Pkcs12Options o;
  if (auto n = a.one("--iterations"))
    o.iterations = o.mac_iterations =
        static_cast<std::uint32_t>(number(*n, "--iterations", 1, 10'000'000));
  if (auto name = a.one("--name")) o.friendly_name = *name;
  if (!a.one("-o")) die_usage("pkcs12 writes a binary file: give -o FILE.p12");
  const auto der = check(x509::encode_pkcs12(key, certificates, pass, rng, o), "pkcs12");
  write_output(a, std::string(der.begin(), der.end()), true);
  return 0;
}

int cmd_show(const Args& a) {
  if (a.positional.size() != 1) die_usage("show takes one file");
  const std::string text = read_file(a.positional[0]);
  auto blocks = check(x509::decode_pem(text), a.positional[0]);
  if (blocks.empty()) die(a.positional[0] + ": no PEM block");
  for (const auto& b : blocks) {
    if (b.label == "CERTIFICATE") {
      const auto c = check(x509::parse_certificate(b.data), "certificate");
      std::printf("certificate\n  serial %s\n  issuer %s\n  subject %s\n  not before %s\n"
                  "  not after %s\n  key %s\n  signature %s\n",
                  hex(c.tbs.serial).c_str(), c.tbs.issuer.to_string().c_str(),
                  c.tbs.subject.to_string().c_str(), time_text(c.tbs.validity.not_before).c_str(),
                  time_text(c.tbs.validity.not_after).c_str(), key_text(c.tbs.public_key).c_str(),
                  c.signature_algorithm.algorithm.to_string().c_str());
      show_names(c.tbs.extensions);
    } else if (b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST") {
      const auto r = check(x509::parse_csr(b.data), "request");
      std::printf("certification request\n  subject %s\n  key %s\n  self-signature %s\n",
                  r.info.subject.to_string().c_str(), key_text(r.info.public_key).c_str(),
                  x509::verify_csr(r) ? "good" : "BAD");
      show_names(r.info.extensions);
    } else if (b.label == "X509 CRL") {
      const auto c = check(x509::parse_crl(b.data), "CRL");
      std::printf("CRL\n  issuer %s\n  this update %s\n", c.tbs.issuer.to_string().c_str(),
                  time_text(c.tbs.this_update).c_str());
      if (c.tbs.next_update) std::printf("  next update %s\n", time_text(*c.tbs.next_update).c_str());
      if (auto n = c.crl_number()) std::printf("  number %s\n", hex(*n).c_str());
      if (c.tbs.revoked)
        for (const auto& r : *c.tbs.revoked) {
          const auto reason = r.reason();
          std::printf("  revoked %s at %s%s%s\n", hex(r.serial).c_str(),
                      time_text(r.revocation_date).c_str(), reason ? ", " : "",
                      reason ? x509::reason_name(*reason) : "");
        }
    } else if (b.label == "PRIVATE KEY" || b.label == "RSA PRIVATE KEY" ||
               b.label == "EC PRIVATE KEY") {
      const auto k = check(x509::parse_private_key(b.data), "private key");
      std::printf("private key\n  %s (public part; the private part is not shown)\n",
                  key_text(k.public_key_info()).c_str());
    } else {
      std::printf("%s (not shown)\n", b.label.c_str());
    }
  }
  return 0;
}

int cmd_verify(const Args& a) {
  if (a.positional.size() != 1) die_usage("verify takes one certificate file");
  auto chain = check(x509::parse_pem_certificates(read_file(a.positional[0])), a.positional[0]);
  if (chain.empty()) die(a.positional[0] + ": no CERTIFICATE block");
  const auto roots_path = require(a, "--roots");
  const auto roots = check(x509::parse_pem_certificates(read_file(roots_path)), roots_path);
  std::vector<x509::Certificate> pool(chain.begin() + 1, chain.end());
  for (const auto& u : a.all("--untrusted")) {
    auto more = check(x509::parse_pem_certificates(read_file(u)), u);
    pool.insert(pool.end(), more.begin(), more.end());
  }
  std::vector<x509::Crl> crls;
  for (const auto& path : a.all("--crl")) {
    auto more = check(x509::parse_pem_crls(read_file(path)), path);
    crls.insert(crls.end(), more.begin(), more.end());
  }
  x509::ValidationOptions options;
  options.time = a.one("--time") ? asn1::DateTime::from_unix(number(*a.one("--time"), "--time", 0, 253402300799L))
                                  : now();
  options.verify.allow_sha1 = a.flag("--allow-sha1");
  options.crls = crls;
  std::vector<asn1::Oid> policies;
  for (const auto& text : a.all("--policy")) {
    auto id = asn1::Oid::parse(text);
    if (!id) die_usage("--policy: \"" + text + "\" is not a dotted OID such as 2.5.29.32.0");
    policies.push_back(*id);
  }
  options.policies = policies;
  options.require_explicit_policy = a.flag("--explicit-policy");
  options.inhibit_policy_mapping = a.flag("--inhibit-mapping");
  options.inhibit_any_policy = a.flag("--inhibit-any");
  auto path = x509::build_path(chain[0], pool, roots, options);
  if (!path) {
    std::printf("%s: %s\n", a.positional[0].c_str(), path.error().to_string().c_str());
    return 1;
  }
  if (auto host = a.one("--host"); host && !x509::matches_hostname(chain[0], *host)) {
    std::printf("%s: NameMismatch: the certificate does not name %s\n", a.positional[0].c_str(),
                host->c_str());
    return 1;
  }
  std::printf("%s: OK (", a.positional[0].c_str());
  for (std::size_t i = 0; i < path->size(); ++i)
    std::printf("%s%s", i ? " <- " : "", (*path)[i].tbs.subject.to_string().c_str());
  std::printf(")\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse_args(argc, argv);
  OsRandom rng;
  if (a.command == "genkey") return cmd_genkey(a, rng);
  if (a.command == "req") return cmd_req(a, rng);
  if (a.command == "selfsign") return cmd_selfsign(a, rng);
  if (a.command == "sign") return cmd_sign(a, rng);
  if (a.command == "crl") return cmd_crl(a, rng);
  if (a.command == "pkcs12") return cmd_pkcs12(a, rng);
  if (a.command == "show") return cmd_show(a);
  if (a.command == "verify") return cmd_verify(a);
  if (a.command == "help" || a.command == "--help" || a.command == "-h") {
    std::printf("%s", usage);
    return 0;
  }
  die_usage("unknown command \"" + a.command + "\"");
}
