// Our directory store and authenticator against `openssl verify -CApath` over the same
// hashed directory, for chains openssl made: valid, expired, untrusted, wrong host.
#include <ca-certs/anchors.hpp>
#include <ca-certs/unix.hpp>

#include <x509/x509.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

std::pair<std::string, bool> run(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return {out, false};
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  return {out, pclose(p) == 0};
}

TEST(Interop, DirectoryStoreAgreesWithOpensslCapath) {
  if (!run("openssl version").second) GTEST_SKIP() << "no openssl";
  namespace fs = std::filesystem;
  std::string templ = (fs::temp_directory_path() / "ca-certs-XXXXXX").string();
  ASSERT_NE(mkdtemp(templ.data()), nullptr);
  const std::string d = templ;
  const std::string store = d + "/store";
  fs::create_directory(store);
  const std::string cmds[] = {
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
          "/root.key -out " + store + "/root.pem -days 30 -subj '/CN=CApath Root'",
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
          "/other.key -out " + d + "/other.pem -days 30 -subj '/CN=Other Root'",
      "openssl rehash " + store,
      "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + d +
          "/leaf.key -out " + d + "/leaf.csr -subj '/CN=host.test'",
      "printf 'subjectAltName=DNS:host.test\\nextendedKeyUsage=serverAuth\\n' > " + d + "/ext",
      "openssl x509 -req -in " + d + "/leaf.csr -CA " + store + "/root.pem -CAkey " + d +
          "/root.key -set_serial 5 -days 10 -extfile " + d + "/ext -out " + d + "/leaf.pem",
      "openssl x509 -req -in " + d + "/leaf.csr -CA " + d + "/other.pem -CAkey " + d +
          "/other.key -set_serial 6 -days 10 -extfile " + d + "/ext -out " + d + "/stranger.pem",
  };
  for (const auto& c : cmds) ASSERT_TRUE(run(c).second) << c;
  auto anchors = ca_certs::unix_store::load_directory(store);
  ASSERT_TRUE(anchors) << anchors.error().to_string();
  EXPECT_EQ(anchors->size(), 1u);  // root.pem and its hashed link are one anchor
  const std::time_t now = std::time(nullptr);
  for (const char* leaf : {"leaf.pem", "stranger.pem"}) {
    const std::string path = d + "/" + leaf;
    for (std::time_t at : {now, now + 20 * 86400}) {
      const bool openssl_ok =
          run("openssl verify -CApath " + store + " -purpose sslserver -attime " +
              std::to_string(at) + " " + path)
              .second;
      auto certs = x509::parse_pem_certificates(*ca_certs::unix_store::read_text(path));
      ASSERT_TRUE(certs);
      x509::ValidationOptions o;
      o.time = asn1::DateTime::from_unix(at);
      const bool ours = static_cast<bool>(anchors->authenticate(*certs, "host.test", o));
      EXPECT_EQ(ours, openssl_ok) << leaf << " at " << at;
      EXPECT_EQ(ours, std::string(leaf) == "leaf.pem" && at == now) << leaf;
    }
  }
  std::error_code ec;
  fs::remove_all(d, ec);
}

}  // namespace
