// Lowers the calling thread's CPU priority, so that the thread that owns the
// live picture (the node's io thread) wins a contended core over the
// background threads (store reads, store writes). On Linux a nice value
// belongs to the thread; lowering one's own needs no privilege. A failure
// leaves the thread as it was: it only costs latency, never correctness.
#pragma once

namespace lookout {

// Moves the calling thread `steps` nice steps below its current priority
// (at most to 19). Returns the nice value it now has, or the old one when
// it could not change it. steps <= 0: no change.
int lower_this_thread_priority(int steps) noexcept;

}  // namespace lookout
