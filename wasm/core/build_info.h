// The app's version, reported to embedding hosts (inbox:ready) and in logs.
#pragma once

namespace inbox::core {

const char* appVersion();

}  // namespace inbox::core
