#pragma once
// Certificate policy processing (RFC 5280 6.1.2 to 6.1.5): the valid_policy_tree, the
// explicit_policy, policy_mapping and inhibit_anyPolicy counters, policy mappings and
// the intersection with the caller's initial policy set. Private to the package: the
// path validator drives it from the anchor down.
#include <x509/chain.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace x509 {

class PolicyTree {
 public:
  // A path of `length` certificates below the trust anchor, with the caller's initial
  // policy set and policy switches (6.1.1 (c), (e), (f), (g)) from `options`.
  PolicyTree(std::size_t length, const ValidationOptions& options);

  // Certificate k (1 for the one the anchor issued, `length` for the leaf). `who` names it
  // in errors. 6.1.3 (d) to (f), then 6.1.4 (a), (b), (h) to (j) for a CA.
  Result<void> process(const Certificate& cert, std::size_t k, bool self_issued,
                       const std::string& who);
  // 6.1.5 (a), (b) and (g) for the leaf (already given to process), then the final check.
  Result<void> finish(const Certificate& leaf);

  // The policies the path is valid for (the user-constrained policy set): anyPolicy alone
  // when anything goes; empty when the tree is NULL.
  std::vector<asn1::Oid> valid_policies() const;

 private:
  struct Node {
    asn1::Oid policy;
    std::vector<asn1::Oid> expected;
    int parent;  // -1 for the root; parents always come before their children
    std::size_t depth;
    bool live = true;
  };
  Result<void> add(asn1::Oid policy, std::vector<asn1::Oid> expected, int parent,
                   std::size_t depth);
  Result<void> count_expected(std::size_t n);
  static std::unexpected<Error> too_large();
  void kill_orphans();
  void prune(std::size_t depth);
  bool null() const { return !nodes_[0].live; }
  Result<void> check(const std::string& who) const;
  Result<void> apply_mappings(const Certificate& cert, std::size_t k, const std::string& who);

  std::vector<Node> nodes_;
  std::size_t expected_total_ = 0;  // expected policies given to nodes, in all
  std::size_t length_;
  std::span<const asn1::Oid> initial_;
  std::size_t explicit_policy_, policy_mapping_, inhibit_any_;
};

}  // namespace x509
