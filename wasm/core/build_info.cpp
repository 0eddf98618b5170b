#include "core/build_info.h"

namespace inbox::core {

const char* appVersion() { return "0.1.0"; }

}  // namespace inbox::core
