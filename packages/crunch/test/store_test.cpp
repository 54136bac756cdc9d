#include <gtest/gtest.h>

#include <crunch/generated/crunch_test_data.hpp>
#include <mirage/testing/kv_conformance.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using mirage::KvEntry;
using mirage::KvKind;
using mirage::testing::key;
using mirage::testing::run;
namespace fs = std::filesystem;

namespace {
// The directory crunch_add embedded, read from disk at test time.
std::map<std::string, std::string> files_on_disk() {
  const char* dir = std::getenv("CRUNCH_TEST_DATA");
  EXPECT_NE(dir, nullptr);
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out["/" + fs::relative(e.path(), dir).generic_string()] = ss.str();
  }
  return out;
}
}  // namespace

TEST(Crunch, EmbedsExactlyTheDirectory) {
  const auto& store = crunch::generated::crunch_test_data();
  auto files = files_on_disk();
  ASSERT_EQ(store.file_count(), files.size());
  mirage::testing::check_kv_ro(store, files);
}

TEST(Crunch, ListsDirectoriesImpliedByPaths) {
  const auto& store = crunch::generated::crunch_test_data();
  EXPECT_EQ(run(store.list(mirage::KvKey())),
            (std::vector<KvEntry>{{"css", KvKind::Dictionary},
                                  {"empty.txt", KvKind::Value},
                                  {"index.html", KvKind::Value},
                                  {"random.bin", KvKind::Value}}));
  EXPECT_EQ(run(store.list(key("css"))), (std::vector<KvEntry>{{"site.css", KvKind::Value}}));
  EXPECT_EQ(run(store.exists(key("cs"))), mirage::testing::is_absent());
}

TEST(Crunch, ServesBytesWithoutCopying) {
  const auto& store = crunch::generated::crunch_test_data();
  const crunch::File* f = store.find(key("random.bin"));
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->bytes().size(), 3000u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(f->data) % 16, 0u) << "embedded data is 16-byte aligned";
  EXPECT_EQ(store.find(key("css")), nullptr);
}
