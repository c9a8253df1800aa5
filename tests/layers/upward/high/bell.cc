#include "high/bell.h"

// The prefix "high/" would allow this include; the longest prefix,
// "high/top/", names the layer above.
#include "high/top/tower.h"
