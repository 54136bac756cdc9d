// Objects: encoding, ids, and the checks of git fsck --strict.
#include <gtest/gtest.h>

#include <git/commit.hpp>
#include <git/object.hpp>
#include <git/signature.hpp>
#include <git/tag.hpp>
#include <git/tree.hpp>

#include <algorithm>
#include <string>

namespace {

using git::as_bytes;
using git::Check;
using git::Errc;
using git::HashAlgo;
using git::ObjectId;
using git::ObjectType;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

ObjectId id_of(std::string_view hex, HashAlgo algo = HashAlgo::Sha1) { return *ObjectId::from_hex(hex, algo); }

ObjectId blob_id(std::string_view content, HashAlgo algo = HashAlgo::Sha1) {
  return git::hash_object(algo, ObjectType::Blob, as_bytes(content));
}

TEST(ObjectId, EmptyBlobAndTreeHaveGitsWellKnownIds) {
  // The ids every git installation knows (e.g. `git hash-object -t tree /dev/null`).
  EXPECT_EQ(blob_id("").hex(), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  EXPECT_EQ(git::hash_object(HashAlgo::Sha1, ObjectType::Tree, {}).hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  EXPECT_EQ(git::hash_object(HashAlgo::Sha256, ObjectType::Tree, {}).hex(),
            "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321");
  EXPECT_EQ(blob_id("", HashAlgo::Sha256).hex(), "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813");
}

TEST(ObjectId, HexRoundTripsAndRejectsBadInput) {
  const auto id = id_of("4B825DC642CB6EB9A060E54BF8D69288FBEE4904");
  EXPECT_EQ(id.hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  EXPECT_FALSE(ObjectId::from_hex("4b825dc642cb6eb9a060e54bf8d69288fbee490", HashAlgo::Sha1));
  EXPECT_FALSE(ObjectId::from_hex("4b825dc642cb6eb9a060e54bf8d69288fbee490g", HashAlgo::Sha1));
  EXPECT_FALSE(ObjectId::from_hex("4b825dc642cb6eb9a060e54bf8d69288fbee4904", HashAlgo::Sha256));
  EXPECT_TRUE(ObjectId(HashAlgo::Sha256).is_null());
  EXPECT_EQ(ObjectId(HashAlgo::Sha256).hex(), std::string(64, '0'));
}

TEST(ObjectHeader, ParsesAndRejectsMalformedHeaders) {
  const auto h = git::parse_object_header(as_bytes(std::string_view("blob 12\0rest", 12)));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->type, ObjectType::Blob);
  EXPECT_EQ(h->size, 12u);
  EXPECT_EQ(h->header_size, 8u);
  EXPECT_EQ(git::object_header(ObjectType::Commit, 0), std::string("commit 0\0", 9));
  for (std::string_view bad : {std::string_view("blob 012\0", 9), std::string_view("blob12\0", 7),
                               std::string_view("blob \0", 6), std::string_view("blob -1\0", 8),
                               std::string_view("bloc 1\0", 7), std::string_view("blob 1", 6),
                               std::string_view("blob 99999999999999999999999\0", 29)})
    EXPECT_FALSE(git::parse_object_header(as_bytes(bad))) << bad;
  EXPECT_EQ(git::parse_object_header(as_bytes(std::string_view("blob 100\0", 9)), 99).error().code, Errc::TooLarge);
}

TEST(Signature, ParsesFormatsAndKeepsTheZoneAsWritten) {
  for (std::string_view text : {"A U Thor <author@example.com> 1112911993 -0700", " <> 0 +0000",
                                "Name <e> 1 -0000", "x <y> 18446744073709551615 +1400"}) {
    const auto sig = git::parse_signature(text);
    ASSERT_TRUE(sig) << text << ": " << sig.error().message;
    EXPECT_EQ(git::format_signature(*sig), text);
  }
  const auto s = git::parse_signature("A U Thor <a@b> 1112911993 -0730");
  EXPECT_EQ(s->name, "A U Thor");
  EXPECT_EQ(s->email, "a@b");
  EXPECT_EQ(s->time, 1112911993u);
  EXPECT_EQ(s->offset_minutes(), -450);
  EXPECT_EQ(git::format_signature(git::Signature::make("n", "e", 5, 330)), "n <e> 5 +0530");
}

TEST(Signature, RejectsWhatGitFsckRejects) {
  for (std::string_view bad : {
           "<a@b> 1 +0000",               // no name before the email
           "A<a@b> 1 +0000",              // no space before the email
           "A <a@b>1 +0000",              // no space before the date
           "A <a@b> 01 +0000",            // zero-padded date
           "A <a@b> 18446744073709551616 +0000",  // overflows
           "A <a@b> 1 0000",              // no sign
           "A <a@b> 1 +000",              // three digits
           "A <a@b> 1 +00000",            // trailing junk
           "A <a<b> 1 +0000",             // '<' in the email
           "A > <a@b> 1 +0000",           // '>' in the name
           "A <a@b 1 +0000",              // email not closed
           "A <a@b> x +0000",             // not a number
           "A <a@b>  +0000",              // no date
       })
    EXPECT_EQ(git::parse_signature(bad).error().code, Errc::BadIdent) << bad;
}

git::Tree sample_tree() {
  git::Tree t;
  t.entries.push_back({git::mode::blob, "a.c", blob_id("x")});
  t.entries.push_back({git::mode::tree, "a", id_of("4b825dc642cb6eb9a060e54bf8d69288fbee4904")});
  t.entries.push_back({git::mode::executable, "run", blob_id("y")});
  t.entries.push_back({git::mode::symlink, "link", blob_id("target")});
  t.entries.push_back({git::mode::gitlink, "sub", blob_id("commit?")});
  t.entries.push_back({git::mode::blob, "a-b", blob_id("z")});
  t.sort();
  return t;
}

TEST(Tree, SortsDirectoriesAsIfEndedBySlash) {
  const auto t = sample_tree();
  std::vector<std::string> names;
  for (const auto& e : t.entries) names.push_back(e.name);
  // "a-b" < "a.c" < "a/" ('-' 0x2d, '.' 0x2e, '/' 0x2f), and a blob "a" would come first.
  EXPECT_EQ(names, (std::vector<std::string>{"a-b", "a.c", "a", "link", "run", "sub"}));
}

TEST(Tree, EncodesGitsBytesAndRoundTrips) {
  const auto t = sample_tree();
  const auto body = t.encode();
  const std::string text(body.begin(), body.end());
  EXPECT_NE(text.find(std::string("40000 a\0", 8)), std::string::npos);
  EXPECT_NE(text.find(std::string("100755 run\0", 11)), std::string::npos);
  const auto back = git::Tree::decode(body, HashAlgo::Sha1);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, t);
  EXPECT_EQ(back->find("run")->mode, git::mode::executable);
  EXPECT_EQ(back->find("nope"), nullptr);
}

git::Result<git::Tree> decode_one(std::string_view mode, std::string_view name, Check check = Check::Strict) {
  std::string body(mode);
  body += ' ';
  body += name;
  body += '\0';
  const ObjectId id = blob_id("x");
  const auto raw = id.raw();
  body.append(reinterpret_cast<const char*>(raw.data()), raw.size());
  return git::Tree::decode(as_bytes(body), HashAlgo::Sha1, check);
}

TEST(Tree, RejectsBadModesAndNames) {
  EXPECT_TRUE(decode_one("100644", "ok"));
  EXPECT_EQ(decode_one("100664", "x").error().code, Errc::BadMode);
  EXPECT_TRUE(decode_one("100664", "x", Check::Lenient));
  EXPECT_EQ(decode_one("040000", "x").error().code, Errc::BadMode);  // zero-padded
  EXPECT_EQ(decode_one("100648", "x").error().code, Errc::BadTree);  // not octal
  EXPECT_EQ(decode_one("", "x").error().code, Errc::BadTree);
  for (std::string_view name : {"", ".", "..", ".git", ".GIT", ".Git.", "git~1", "a/b",
                                "\xe2\x80\x8c.git", ".g\xef\xbb\xbfit"})
    EXPECT_EQ(decode_one("100644", name).error().code, Errc::BadTree) << name;
  EXPECT_TRUE(decode_one("100644", ".gitx"));
  EXPECT_EQ(decode_one("120000", ".gitmodules").error().code, Errc::BadTree);
  EXPECT_TRUE(decode_one("100644", ".gitmodules"));
}

TEST(Tree, RejectsUnsortedDuplicateAndTruncatedEntries) {
  auto t = sample_tree();
  std::swap(t.entries[0], t.entries[1]);
  EXPECT_EQ(git::Tree::decode(t.encode(), HashAlgo::Sha1).error().code, Errc::BadTree);
  EXPECT_EQ(git::Tree::decode(t.encode(), HashAlgo::Sha1, Check::Lenient).error().code, Errc::BadTree);
  // A blob "a" and a tree "a" sort apart ("a" < "a-b" < "a/") but are still the same name.
  auto dup = sample_tree();
  dup.entries.push_back({git::mode::blob, "a", blob_id("q")});
  dup.sort();
  EXPECT_EQ(git::check_tree(dup).error().code, Errc::BadTree);
  // Cut anywhere but between entries, a tree is refused.
  const auto whole = sample_tree();
  const auto body = whole.encode();
  std::vector<std::size_t> boundaries;
  for (std::size_t n = 1; n < whole.entries.size(); ++n) {
    git::Tree prefix;
    prefix.entries.assign(whole.entries.begin(), whole.entries.begin() + static_cast<std::ptrdiff_t>(n));
    boundaries.push_back(prefix.encode().size());
  }
  for (std::size_t cut = 1; cut < body.size(); ++cut) {
    const bool at_boundary = std::find(boundaries.begin(), boundaries.end(), cut) != boundaries.end();
    EXPECT_EQ(git::Tree::decode(std::span(body).first(cut), HashAlgo::Sha1).has_value(), at_boundary) << cut;
  }
  EXPECT_FALSE(git::Tree::decode(body, HashAlgo::Sha256));  // ids are 32 bytes there
}

git::Commit sample_commit() {
  git::Commit c;
  c.tree = id_of("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  c.parents = {blob_id("p1"), blob_id("p2")};
  c.author = git::Signature::make("A U Thor", "author@example.com", 1112911993, -420);
  c.committer = git::Signature::make("C O Mitter", "committer@example.com", 1112912053, 60);
  c.extra_headers.push_back({"encoding", "ISO-8859-1"});
  c.extra_headers.push_back({"gpgsig", "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----"});
  c.message = "Merge\n\nBody line.\n";
  return c;
}

TEST(Commit, EncodesHeadersInGitsOrderWithContinuationLines) {
  const auto body = sample_commit().encode();
  const std::string text(body.begin(), body.end());
  EXPECT_EQ(text,
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
            "parent " + blob_id("p1").hex() + "\n"
            "parent " + blob_id("p2").hex() + "\n"
            "author A U Thor <author@example.com> 1112911993 -0700\n"
            "committer C O Mitter <committer@example.com> 1112912053 +0100\n"
            "encoding ISO-8859-1\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n"
            "\n"
            "Merge\n\nBody line.\n");
  const auto back = git::Commit::decode(body, HashAlgo::Sha1);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, sample_commit());
  EXPECT_EQ(back->encoding(), "ISO-8859-1");
  EXPECT_EQ(back->header("gpgsig")->substr(0, 5), "-----");
}

TEST(Commit, KeepsACommitWithNoBlankLineAsItIs) {
  auto c = sample_commit();
  c.message.clear();
  c.headers_only = true;
  const auto body = c.encode();
  EXPECT_EQ(body.back(), '\n');
  const auto back = git::Commit::decode(body, HashAlgo::Sha1);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->headers_only);
  EXPECT_EQ(back->encode(), body);
}

TEST(Commit, RejectsMissingMisplacedAndMalformedHeaders) {
  const std::string tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
  const std::string author = "author A <a> 1 +0000\n";
  const std::string committer = "committer C <c> 2 +0000\n";
  auto decode = [](const std::string& s) { return git::Commit::decode(as_bytes(s), HashAlgo::Sha1); };
  EXPECT_TRUE(decode(tree + author + committer + "\nmsg"));
  EXPECT_EQ(decode(author + committer + "\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode(tree + committer + "\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode(tree + author + "\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode(tree + author + author + committer + "\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode(tree + author + committer + "parent " + blob_id("").hex() + "\n\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode("tree 4b825dc642cb6eb9a060e54bf8d69288fbee490\n" + author + committer + "\n").error().code,
            Errc::BadCommit);
  EXPECT_EQ(decode(tree + "author A <a> 01 +0000\n" + committer + "\n").error().code, Errc::BadIdent);
  EXPECT_EQ(decode("tree 4B825DC642CB6EB9A060E54BF8D69288FBEE4904\n" + author + committer + "\n").error().code,
            Errc::BadCommit);  // git writes lowercase, and uppercase would not re-encode
  EXPECT_EQ(decode(tree + author + committer).value().headers_only, true);
  EXPECT_EQ(decode(tree + author + "committer C <c> 2 +0000").error().code, Errc::BadCommit);  // no newline
  EXPECT_EQ(decode(tree + author + committer + std::string("x\0y z\n\n", 7)).error().code, Errc::BadCommit);
  EXPECT_EQ(decode(" cont\n" + tree + author + committer + "\n").error().code, Errc::BadCommit);
  EXPECT_EQ(decode(tree + author + committer + "nospace\n\n").error().code, Errc::BadCommit);
  // A NUL in the message: git fsck --strict warns (nulInCommit), plain fsck accepts it.
  const std::string nul = tree + author + committer + std::string("\nmsg\0", 5);
  EXPECT_EQ(decode(nul).error().code, Errc::BadCommit);
  EXPECT_TRUE(git::Commit::decode(as_bytes(nul), HashAlgo::Sha1, Check::Lenient));
}

TEST(Tag, EncodesRoundTripsAndAcceptsAMissingTaggerOnlyWhenLenient) {
  git::Tag t;
  t.object = blob_id("c");
  t.type = ObjectType::Commit;
  t.name = "v1.0";
  t.tagger = git::Signature::make("T", "t@x", 3, 0);
  t.message = "release\n-----BEGIN PGP SIGNATURE-----\nsig\n-----END PGP SIGNATURE-----\n";
  const auto body = t.encode();
  const std::string text(body.begin(), body.end());
  EXPECT_EQ(text.substr(0, 48), "object " + blob_id("c").hex() + "\n");
  EXPECT_NE(text.find("type commit\ntag v1.0\ntagger T <t@x> 3 +0000\n\nrelease\n"), std::string::npos);
  const auto back = git::Tag::decode(body, HashAlgo::Sha1);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, t);
  t.tagger.reset();
  EXPECT_EQ(git::Tag::decode(t.encode(), HashAlgo::Sha1).error().code, Errc::BadTag);
  EXPECT_EQ(*git::Tag::decode(t.encode(), HashAlgo::Sha1, Check::Lenient), t);
}

TEST(Tag, RejectsBadTypesIdsAndOrder) {
  const std::string object = "object " + blob_id("c").hex() + "\n";
  auto decode = [](const std::string& s) { return git::Tag::decode(as_bytes(s), HashAlgo::Sha1); };
  EXPECT_TRUE(decode(object + "type blob\ntag x\ntagger T <t> 1 +0000\n\n"));
  EXPECT_EQ(decode(object + "type blob\ntag a..b\ntagger T <t> 1 +0000\n\n").error().code, Errc::BadTag);
  EXPECT_EQ(decode(object + "type blub\ntag x\n\n").error().code, Errc::BadTag);
  EXPECT_EQ(decode(object + "tag x\ntype blob\n\n").error().code, Errc::BadTag);
  EXPECT_EQ(decode("type blob\n" + object + "tag x\n\n").error().code, Errc::BadTag);
  EXPECT_EQ(decode(object + "type blob\ntag \n\n").error().code, Errc::BadTag);
  EXPECT_EQ(decode(object + "type blob\ntag x\ntagger bad\n\n").error().code, Errc::BadIdent);
  EXPECT_EQ(decode("object 1234\ntype blob\ntag x\n\n").error().code, Errc::BadTag);
}

TEST(CheckObject, DispatchesOnTheType) {
  EXPECT_TRUE(git::check_object({ObjectType::Blob, bytes("anything\0")}, HashAlgo::Sha1));
  EXPECT_FALSE(git::check_object({ObjectType::Tree, bytes("junk")}, HashAlgo::Sha1));
  EXPECT_FALSE(git::check_object({ObjectType::Commit, bytes("junk\n")}, HashAlgo::Sha1));
  EXPECT_FALSE(git::check_object({ObjectType::Tag, bytes("")}, HashAlgo::Sha1));
  EXPECT_TRUE(git::check_object({ObjectType::Commit, sample_commit().encode()}, HashAlgo::Sha1));
}

}  // namespace
