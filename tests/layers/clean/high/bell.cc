#include "high/bell.h"
