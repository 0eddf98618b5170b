#include "core/centrifuge_frames.h"

namespace inbox::core {

namespace {

const char* const kPushTypes[] = {"pub", "join", "leave", "unsubscribe", "subscribe", "message", "connect", "disconnect", "refresh"};

InboundLine classify(const Json& j) {
    InboundLine line;
    if (!j.is_object()) return line;
    const int64_t id = jsonInt(j, "id");
    if (id > 0 && id <= 0xFFFFFFFFLL) {
        line.kind = InboundLine::Kind::Reply;
        line.reply.id = static_cast<uint32_t>(id);
        if (const Json* err = jsonField(j, "error"); err && err->is_object()) {
            ProtocolError e;
            e.code = static_cast<uint32_t>(std::max<int64_t>(0, jsonInt(*err, "code")));
            e.message = jsonString(*err, "message");
            e.temporary = jsonBool(*err, "temporary");
            line.reply.error = e;
        }
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "id" || it.key() == "error") continue;
            line.reply.method = it.key();
            line.reply.result = it->is_object() ? *it : Json::object();
            break;
        }
        if (line.reply.result.is_null()) line.reply.result = Json::object();
        return line;
    }
    if (const Json* push = jsonField(j, "push")) {
        if (!push->is_object()) return line;
        line.kind = InboundLine::Kind::Push;
        line.push.channel = jsonString(*push, "channel");
        for (const char* type : kPushTypes) {
            if (const Json* body = jsonField(*push, type); body && body->is_object()) {
                line.push.type = type;
                line.push.body = *body;
                break;
            }
        }
        return line;
    }
    if (j.empty()) line.kind = InboundLine::Kind::Ping;
    return line;
}

}  // namespace

std::vector<InboundLine> decodeFrame(const std::string& frame) {
    std::vector<InboundLine> out;
    size_t start = 0;
    while (start <= frame.size()) {
        size_t end = frame.find('\n', start);
        if (end == std::string::npos) end = frame.size();
        size_t a = start, b = end;
        while (a < b && (frame[a] == ' ' || frame[a] == '\r' || frame[a] == '\t')) ++a;
        while (b > a && (frame[b - 1] == ' ' || frame[b - 1] == '\r' || frame[b - 1] == '\t')) --b;
        if (b > a) out.push_back(classify(parseJson(std::string_view(frame).substr(a, b - a))));
        start = end + 1;
    }
    return out;
}

std::string encodeConnect(uint32_t id, const std::string& token, const std::string& name, const std::string& version) {
    Json req = Json::object();
    if (!token.empty()) req["token"] = token;
    if (!name.empty()) req["name"] = name;
    if (!version.empty()) req["version"] = version;
    return dumpJson({{"id", id}, {"connect", std::move(req)}});
}

std::string encodeSubscribe(uint32_t id, const SubscribeParams& p) {
    Json req = {{"channel", p.channel}};
    if (!p.token.empty()) req["token"] = p.token;
    req["recoverable"] = true;
    req["positioned"] = true;
    if (p.recover) {
        req["recover"] = true;
        req["offset"] = p.offset;
        req["epoch"] = p.epoch;
    }
    return dumpJson({{"id", id}, {"subscribe", std::move(req)}});
}

std::string encodeUnsubscribe(uint32_t id, const std::string& channel) {
    return dumpJson({{"id", id}, {"unsubscribe", {{"channel", channel}}}});
}

std::string encodeRefresh(uint32_t id, const std::string& token) {
    return dumpJson({{"id", id}, {"refresh", {{"token", token}}}});
}

std::string encodeSubRefresh(uint32_t id, const std::string& channel, const std::string& token) {
    return dumpJson({{"id", id}, {"sub_refresh", {{"channel", channel}, {"token", token}}}});
}

std::string encodePong() { return "{}"; }

std::string joinFrame(const std::vector<std::string>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        out += lines[i];
    }
    return out;
}

}  // namespace inbox::core
