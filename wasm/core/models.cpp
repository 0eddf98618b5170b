#include "core/models.h"

namespace inbox::core {

const char* toString(Direction d) {
    switch (d) {
        case Direction::In: return "in";
        case Direction::Out: return "out";
        case Direction::System: return "system";
    }
    return "in";
}

const char* toString(MessageStatus s) {
    switch (s) {
        case MessageStatus::Pending: return "pending";
        case MessageStatus::Sent: return "sent";
        case MessageStatus::Delivered: return "delivered";
        case MessageStatus::Read: return "read";
        case MessageStatus::Failed: return "failed";
    }
    return "sent";
}

Direction directionFromString(const std::string& s) {
    if (s == "out") return Direction::Out;
    if (s == "system") return Direction::System;
    return Direction::In;
}

std::optional<MessageStatus> statusFromString(const std::string& s) {
    if (s == "pending") return MessageStatus::Pending;
    if (s == "sent") return MessageStatus::Sent;
    if (s == "delivered") return MessageStatus::Delivered;
    if (s == "read") return MessageStatus::Read;
    if (s == "failed") return MessageStatus::Failed;
    return std::nullopt;
}

bool statusMayAdvance(MessageStatus from, MessageStatus to) {
    if (from == MessageStatus::Failed) return false;
    if (to == MessageStatus::Failed) return true;
    return static_cast<int>(to) > static_cast<int>(from);
}

}  // namespace inbox::core
