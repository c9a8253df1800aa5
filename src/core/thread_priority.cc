#include "core/thread_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace lookout {

int lower_this_thread_priority(int steps) noexcept {
  const auto tid = static_cast<id_t>(::gettid());
  errno = 0;
  const int now = ::getpriority(PRIO_PROCESS, tid);
  if (errno != 0 || steps <= 0) return now;
  const int want = std::min(now + steps, 19);
  return ::setpriority(PRIO_PROCESS, tid, want) == 0 ? want : now;
}

}  // namespace lookout
