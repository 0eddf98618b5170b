// Centrifugo client protocol v2, JSON: command encoders and frame decoding (§1 of the reference).
// A frame is newline-delimited JSON; each line is a reply (id > 0), a push (`push`) or a ping ({}).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_access.h"

namespace inbox::core {

struct ProtocolError {
    uint32_t code = 0;
    std::string message;
    bool temporary = false;
};

struct InboundReply {
    uint32_t id = 0;
    std::optional<ProtocolError> error;
    std::string method;  // the result key: "connect", "subscribe", "refresh", …
    Json result;         // the object under that key ({} when absent)
};

struct InboundPush {
    std::string channel;
    std::string type;  // "pub", "unsubscribe", "disconnect", "join", … or "" when unknown
    Json body;
};

struct InboundLine {
    enum class Kind { Reply, Push, Ping, Invalid } kind = Kind::Invalid;
    InboundReply reply;
    InboundPush push;
};

// Splits on '\n', skips blank lines, classifies each line; never throws.
std::vector<InboundLine> decodeFrame(const std::string& frame);

struct SubscribeParams {
    std::string channel;
    std::string token;
    bool recover = false;
    uint64_t offset = 0;
    std::string epoch;
};

// Encoders return one compact line (no trailing newline).
std::string encodeConnect(uint32_t id, const std::string& token, const std::string& name, const std::string& version);
std::string encodeSubscribe(uint32_t id, const SubscribeParams& p);
std::string encodeUnsubscribe(uint32_t id, const std::string& channel);
std::string encodeRefresh(uint32_t id, const std::string& token);
std::string encodeSubRefresh(uint32_t id, const std::string& channel, const std::string& token);
std::string encodePong();
// Joins lines of one batch with '\n' (no trailing newline).
std::string joinFrame(const std::vector<std::string>& lines);

}  // namespace inbox::core
