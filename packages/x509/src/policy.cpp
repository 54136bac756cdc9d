// Certificate policy processing (policy.hpp), step by step as RFC 5280 6.1 writes it.
#include "policy.hpp"

#include <algorithm>

namespace x509 {
namespace {

// A tree can grow by a factor at each certificate (each policy matched by many expected
// sets): past this many nodes, or this many expected policies in all (each certificate
// policy is looked for in every expected set), the path is refused rather than processed
// (the attack behind CVE-2023-0464).
constexpr std::size_t kMaxNodes = 4096;
constexpr std::size_t kMaxExpected = 4 * kMaxNodes;

bool contains(std::span<const asn1::Oid> set, const asn1::Oid& id) {
  return std::find(set.begin(), set.end(), id) != set.end();
}

// A skip count from the certificate, as a counter value.
std::size_t skip(std::int64_t v) { return static_cast<std::size_t>(std::max<std::int64_t>(v, 0)); }

}  // namespace

PolicyTree::PolicyTree(std::size_t length, const ValidationOptions& options)
    : length_(length),
      initial_(options.policies),
      explicit_policy_(options.require_explicit_policy ? 0 : length + 1),
      policy_mapping_(options.inhibit_policy_mapping ? 0 : length + 1),
      inhibit_any_(options.inhibit_any_policy ? 0 : length + 1) {
  nodes_.push_back({policy::any_policy, {policy::any_policy}, -1, 0});
}

Result<void> PolicyTree::add(asn1::Oid policy, std::vector<asn1::Oid> expected, int parent,
                             std::size_t depth) {
  if (nodes_.size() >= kMaxNodes) return too_large();
  if (auto r = count_expected(expected.size()); !r) return r;
  nodes_.push_back({std::move(policy), std::move(expected), parent, depth});
  return {};
}

Result<void> PolicyTree::count_expected(std::size_t n) {
  expected_total_ += n;
  if (expected_total_ > kMaxExpected) return too_large();
  return {};
}

std::unexpected<Error> PolicyTree::too_large() {
  return fail(ErrorCode::Policy, "the certificate policies of the path make a policy tree of more than " +
                                     std::to_string(kMaxNodes) + " nodes or " +
                                     std::to_string(kMaxExpected) + " expected policies");
}

// Nodes under a deleted node are deleted with it.
void PolicyTree::kill_orphans() {
  for (auto& n : nodes_)
    if (n.parent >= 0 && !nodes_[static_cast<std::size_t>(n.parent)].live) n.live = false;
}

// 6.1.3 (d)(3): nodes of depth below `depth` without children go, repeatedly (deepest first,
// so a parent left childless goes too).
void PolicyTree::prune(std::size_t depth) {
  std::vector<bool> has_child(nodes_.size());
  for (std::size_t d = depth; d-- > 0;) {
    std::fill(has_child.begin(), has_child.end(), false);
    for (const auto& n : nodes_)
      if (n.live && n.depth == d + 1) has_child[static_cast<std::size_t>(n.parent)] = true;
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (nodes_[i].live && nodes_[i].depth == d && !has_child[i]) nodes_[i].live = false;
  }
}

// 6.1.3 (f): a policy is required, or the tree still stands.
Result<void> PolicyTree::check(const std::string& who) const {
  if (explicit_policy_ == 0 && null())
    return fail(ErrorCode::Policy, who + " leaves the path without a valid certificate policy, "
                                          "and an explicit policy is required");
  return {};
}

Result<void> PolicyTree::process(const Certificate& cert, std::size_t k, bool self_issued,
                                 const std::string& who) {
  const bool last = k == length_;
  const auto* policies = cert.extension<CertificatePolicies>();
  if (!null() && policies) {
    // (d)(1): each policy below the parents that expect it, else below an anyPolicy parent.
    const std::size_t before = nodes_.size();
    bool any = false;
    for (const auto& info : policies->policies) {
      if (info.policy == policy::any_policy) {
        any = true;
        continue;
      }
      bool matched = false;
      for (std::size_t p = 0; p < before; ++p)
        if (nodes_[p].live && nodes_[p].depth == k - 1 && contains(nodes_[p].expected, info.policy)) {
          if (auto r = add(info.policy, {info.policy}, static_cast<int>(p), k); !r) return r;
          matched = true;
        }
      if (!matched)
        for (std::size_t p = 0; p < before; ++p)
          if (nodes_[p].live && nodes_[p].depth == k - 1 && nodes_[p].policy == policy::any_policy)
            if (auto r = add(info.policy, {info.policy}, static_cast<int>(p), k); !r) return r;
    }
    // (d)(2): anyPolicy, where allowed, stands for every policy a parent expects that no
    // child of it has yet.
    if (any && (inhibit_any_ > 0 || (!last && self_issued)))
      for (std::size_t p = 0; p < before; ++p) {
        if (!nodes_[p].live || nodes_[p].depth != k - 1) continue;
        const auto expected = nodes_[p].expected;
        for (const auto& e : expected) {
          bool present = false;
          for (std::size_t c = before; c < nodes_.size() && !present; ++c)
            present = nodes_[c].parent == static_cast<int>(p) && nodes_[c].policy == e;
          if (!present)
            if (auto r = add(e, {e}, static_cast<int>(p), k); !r) return r;
        }
      }
    prune(k);
  } else if (!policies) {
    nodes_[0].live = false;  // (e)
    kill_orphans();
  }
  if (auto r = check(who); !r) return r;
  if (last) return {};

  // 6.1.4 (a), (b): policy mappings.
  if (auto r = apply_mappings(cert, k, who); !r) return r;
  // (h): counters count down below each certificate that is not self-issued.
  if (!self_issued) {
    if (explicit_policy_ > 0) --explicit_policy_;
    if (policy_mapping_ > 0) --policy_mapping_;
    if (inhibit_any_ > 0) --inhibit_any_;
  }
  // (i), (j): constraints this certificate sets.
  if (const auto* pc = cert.extension<PolicyConstraints>()) {
    if (pc->require_explicit_policy)
      explicit_policy_ = std::min(explicit_policy_, skip(*pc->require_explicit_policy));
    if (pc->inhibit_policy_mapping)
      policy_mapping_ = std::min(policy_mapping_, skip(*pc->inhibit_policy_mapping));
  }
  if (const auto* ia = cert.extension<InhibitAnyPolicy>())
    inhibit_any_ = std::min(inhibit_any_, skip(ia->skip_certs));
  return {};
}

Result<void> PolicyTree::apply_mappings(const Certificate& cert, std::size_t k,
                                        const std::string& who) {
  const auto* mappings = cert.extension<PolicyMappings>();
  if (!mappings) return {};
  for (const auto& m : mappings->mappings)
    if (m.issuer_domain == policy::any_policy || m.subject_domain == policy::any_policy)
      return fail(ErrorCode::Policy, who + " maps anyPolicy, which RFC 5280 forbids");
  if (null()) return {};
  std::vector<asn1::Oid> done;
  bool deleted = false;
  for (const auto& m : mappings->mappings) {
    const asn1::Oid& from = m.issuer_domain;
    if (contains(done, from)) continue;
    done.push_back(from);
    std::vector<asn1::Oid> to;
    for (const auto& n : mappings->mappings)
      if (n.issuer_domain == from && !contains(to, n.subject_domain)) to.push_back(n.subject_domain);
    if (policy_mapping_ > 0) {
      bool found = false;
      for (auto& n : nodes_)
        if (n.live && n.depth == k && n.policy == from) {
          if (auto r = count_expected(to.size()); !r) return r;
          n.expected = to;
          found = true;
        }
      if (!found) {
        const std::size_t size = nodes_.size();
        for (std::size_t i = 0; i < size; ++i)
          if (nodes_[i].live && nodes_[i].depth == k && nodes_[i].policy == policy::any_policy) {
            if (auto r = add(from, to, nodes_[i].parent, k); !r) return r;
            break;
          }
      }
    } else {
      for (auto& n : nodes_)
        if (n.live && n.depth == k && n.policy == from) {
          n.live = false;
          deleted = true;
        }
    }
  }
  // (b)(2)'s pruning, once for every mapping that deleted nodes: the result is the same.
  if (deleted) {
    kill_orphans();
    prune(k);
  }
  return {};
}

Result<void> PolicyTree::finish(const Certificate& leaf) {
  // 6.1.5 (a), (b).
  if (explicit_policy_ > 0) --explicit_policy_;
  if (const auto* pc = leaf.extension<PolicyConstraints>();
      pc && pc->require_explicit_policy && *pc->require_explicit_policy == 0)
    explicit_policy_ = 0;
  // (g): the intersection with the initial policy set.
  const auto& initial = initial_;
  if (!null() && !initial.empty() && !contains(initial, policy::any_policy)) {
    std::vector<asn1::Oid> kept;  // valid policies of the valid_policy_node_set left
    for (std::size_t i = 1; i < nodes_.size(); ++i) {
      auto& n = nodes_[i];
      if (!n.live || nodes_[static_cast<std::size_t>(n.parent)].policy != policy::any_policy)
        continue;
      if (n.policy == policy::any_policy || contains(initial, n.policy))
        kept.push_back(n.policy);
      else
        n.live = false;
    }
    kill_orphans();
    const std::size_t size = nodes_.size();
    for (std::size_t i = 0; i < size; ++i)
      if (nodes_[i].live && nodes_[i].depth == length_ && nodes_[i].policy == policy::any_policy) {
        for (const auto& p : initial)
          if (!contains(kept, p))
            if (auto r = add(p, {p}, nodes_[i].parent, length_); !r) return r;
        nodes_[i].live = false;
      }
    prune(length_);
  }
  if (explicit_policy_ == 0 && null())
    return fail(ErrorCode::Policy, "the path is valid for none of the certificate policies "
                                   "required");
  return {};
}

std::vector<asn1::Oid> PolicyTree::valid_policies() const {
  std::vector<asn1::Oid> out;
  if (null()) return out;
  for (const auto& n : nodes_)
    if (n.live && n.depth == length_ && !contains(out, n.policy)) out.push_back(n.policy);
  return out;
}

}  // namespace x509
