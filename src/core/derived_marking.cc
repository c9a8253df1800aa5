#include "core/derived_marking.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace lookout {

Marking derive_marking(std::span<const Marking* const> pieces) {
  std::vector<const Marking*> marked;
  for (const Marking* p : pieces) {
    if (p != nullptr && !p->owner.empty()) marked.push_back(p);
  }
  if (marked.empty()) return {};
  if (marked.size() == 1) return *marked.front();
  std::vector<std::string> both = expand_releasable_to(*marked.front());
  std::vector<std::string> next;
  for (std::size_t i = 1; i < marked.size() && !both.empty(); ++i) {
    std::vector<std::string> b = expand_releasable_to(*marked[i]);
    next.clear();
    std::set_intersection(both.begin(), both.end(), b.begin(), b.end(), std::back_inserter(next));
    both.swap(next);
  }
  Marking out;
  if (both.empty()) return out;  // nobody may see it all
  for (const Marking* p : marked) {
    if (std::binary_search(both.begin(), both.end(), p->owner)) {
      out.owner = p->owner;
      break;
    }
  }
  if (out.owner.empty()) out.owner = both.front();
  // A group every piece lists by name stays a group; list the other nations.
  std::vector<std::string> covered;
  for (const auto& entry : marked.front()->releasable_to) {
    if (!is_group(entry)) continue;
    if (std::find(out.releasable_to.begin(), out.releasable_to.end(), entry) != out.releasable_to.end()) continue;
    bool everywhere = std::all_of(marked.begin() + 1, marked.end(), [&](const Marking* p) {
      return std::find(p->releasable_to.begin(), p->releasable_to.end(), entry) != p->releasable_to.end();
    });
    if (!everywhere) continue;
    out.releasable_to.push_back(entry);
    for (auto m : group_members(entry)) covered.emplace_back(m);
  }
  std::sort(covered.begin(), covered.end());
  for (const auto& n : both) {
    if (n == out.owner) continue;
    if (std::binary_search(covered.begin(), covered.end(), n)) continue;
    out.releasable_to.push_back(n);
  }
  return out;
}

bool covers(const Marking& named, const Marking& primary) {
  if (named.owner.empty()) return true;
  if (primary.owner.empty()) return false;
  std::vector<std::string> may = expand_releasable_to(named);
  for (const std::string& n : expand_releasable_to(primary)) {
    if (!std::binary_search(may.begin(), may.end(), n)) return false;
  }
  return true;
}

}  // namespace lookout
