#include <irmin/history.hpp>

#include <map>
#include <queue>
#include <set>
#include <utility>

namespace irmin {

namespace {

// Every commit reachable from `from` with its parents.
Result<std::map<git::ObjectId, git::Commit>> reachable(const ObjectAccess& access,
                                                       const git::ObjectId& from) {
  std::map<git::ObjectId, git::Commit> seen;
  std::vector<git::ObjectId> todo{from};
  while (!todo.empty()) {
    const git::ObjectId id = todo.back();
    todo.pop_back();
    if (seen.contains(id)) continue;
    IRMIN_TRY(auto commit, read_commit(access, id));
    for (const auto& p : commit.parents)
      if (!seen.contains(p)) todo.push_back(p);
    seen.emplace(id, std::move(commit));
  }
  return seen;
}

}  // namespace

Result<std::vector<git::ObjectId>> history(const ObjectAccess& access, const git::ObjectId& head,
                                           std::size_t limit) {
  IRMIN_TRY(auto graph, reachable(access, head));
  // Kahn's algorithm over "child before parent": a commit is ready once every child of
  // it in the graph has been listed.
  std::map<git::ObjectId, std::size_t> children;
  for (const auto& [id, commit] : graph)
    for (const auto& p : commit.parents) ++children[p];
  using Ready = std::pair<std::uint64_t, git::ObjectId>;
  auto later_first = [](const Ready& x, const Ready& y) {
    return x.first != y.first ? x.first < y.first : y.second < x.second;
  };
  std::priority_queue<Ready, std::vector<Ready>, decltype(later_first)> ready(later_first);
  ready.emplace(graph.at(head).committer.time, head);
  std::vector<git::ObjectId> out;
  while (!ready.empty() && out.size() < limit) {
    const git::ObjectId id = ready.top().second;
    ready.pop();
    out.push_back(id);
    for (const auto& p : graph.at(id).parents) {
      // A parent named twice by one commit counts once per naming, as counted above.
      if (--children[p] == 0) ready.emplace(graph.at(p).committer.time, p);
    }
  }
  return out;
}

Result<bool> is_ancestor(const ObjectAccess& access, const git::ObjectId& ancestor,
                         const git::ObjectId& descendant) {
  std::set<git::ObjectId> seen;
  std::vector<git::ObjectId> todo{descendant};
  while (!todo.empty()) {
    const git::ObjectId id = todo.back();
    todo.pop_back();
    if (id == ancestor) return true;
    if (!seen.insert(id).second) continue;
    IRMIN_TRY(auto commit, read_commit(access, id));
    for (const auto& p : commit.parents) todo.push_back(p);
  }
  return false;
}

Result<std::vector<git::ObjectId>> lowest_common_ancestors(const ObjectAccess& access,
                                                           const git::ObjectId& a,
                                                           const git::ObjectId& b) {
  IRMIN_TRY(auto from_a, reachable(access, a));
  IRMIN_TRY(auto from_b, reachable(access, b));
  std::set<git::ObjectId> common;
  for (const auto& [id, commit] : from_a)
    if (from_b.contains(id)) common.insert(id);
  // Mark every strict ancestor of a common ancestor; an ancestor of a marked commit is
  // already marked, so each commit is walked through once.
  std::set<git::ObjectId> below;
  for (const auto& c : common) {
    std::vector<git::ObjectId> todo(from_a.at(c).parents);
    while (!todo.empty()) {
      const git::ObjectId id = todo.back();
      todo.pop_back();
      if (!below.insert(id).second) continue;
      for (const auto& p : from_a.at(id).parents) todo.push_back(p);
    }
  }
  std::vector<git::ObjectId> out;
  for (const auto& c : common)
    if (!below.contains(c)) out.push_back(c);
  return out;
}

}  // namespace irmin
