#include "core/rest_requests.h"

#include "core/json_access.h"

namespace inbox::core {

std::string urlEncode(const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

namespace {

class Query {
public:
    explicit Query(std::string path) : m_path(std::move(path)) {}
    Query& add(const char* key, const std::string& value) {
        if (value.empty()) return *this;
        m_path += m_first ? '?' : '&';
        m_first = false;
        m_path += key;
        m_path += '=';
        m_path += urlEncode(value);
        return *this;
    }
    std::string str() const { return m_path; }

private:
    std::string m_path;
    bool m_first = true;
};

RestRequest get(std::string path) {
    RestRequest r;
    r.path = std::move(path);
    return r;
}

RestRequest conditionalGet(std::string path) {
    RestRequest r = get(std::move(path));
    r.conditional = true;
    return r;
}

RestRequest withBody(const char* method, std::string path, const Json& body, bool idempotent) {
    RestRequest r;
    r.method = method;
    r.path = std::move(path);
    r.body = dumpJson(body);
    r.idempotent = idempotent;
    return r;
}

}  // namespace

namespace requests {

RestRequest login(const std::string& email, const std::string& password) {
    RestRequest r = withBody("POST", "/auth/login", {{"email", email}, {"password", password}}, false);
    r.authenticated = false;
    return r;
}

RestRequest me() { return get("/auth/me"); }

RestRequest logout(const std::string& token) {
    RestRequest r;
    r.method = "POST";
    r.path = "/auth/logout";
    r.idempotent = false;  // best effort: never retried, nobody waits for it
    r.bearer = token;  // a 401 here must not look like the session's own token expiring
    return r;
}
RestRequest instances() { return get("/whatsapp/instances"); }

RestRequest chats(const std::string& instanceId, const std::string& query, const std::string& cursor, int limit) {
    return conditionalGet(Query("/whatsapp/chats")
                   .add("instanceId", instanceId)
                   .add("q", query)
                   .add("cursor", cursor)
                   .add("limit", limit > 0 ? std::to_string(limit) : std::string())
                   .str());
}

RestRequest chat(const std::string& chatId) { return conditionalGet("/whatsapp/chats/" + urlEncode(chatId)); }

RestRequest messages(const std::string& chatId, const std::string& before, int limit) {
    return conditionalGet(Query("/whatsapp/chats/" + urlEncode(chatId) + "/messages")
                   .add("before", before)
                   .add("limit", limit > 0 ? std::to_string(limit) : std::string())
                   .str());
}

RestRequest sendText(const std::string& chatId, const std::string& text, const std::string& clientId) {
    return withBody("POST", "/whatsapp/chats/" + urlEncode(chatId) + "/messages", {{"text", text}, {"clientId", clientId}},
                    true);
}

RestRequest sendTemplate(const std::string& chatId, const std::string& name, const std::string& language,
                         const std::vector<std::string>& params, const std::string& clientId) {
    Json t = {{"name", name}, {"language", language}, {"params", params}};
    return withBody("POST", "/whatsapp/chats/" + urlEncode(chatId) + "/messages", {{"template", t}, {"clientId", clientId}},
                    true);
}

RestRequest markRead(const std::string& chatId, const std::string& lastMessageId) {
    Json body = Json::object();
    if (!lastMessageId.empty()) body["lastMessageId"] = lastMessageId;
    return withBody("POST", "/whatsapp/chats/" + urlEncode(chatId) + "/read", body, true);
}

RestRequest templates(const std::string& instanceId) {
    return get(Query("/whatsapp/templates").add("instanceId", instanceId).str());
}

RestRequest ticket(const std::string& chatId) { return conditionalGet("/conversations/" + urlEncode(chatId) + "/ticket"); }

RestRequest patchTicket(const std::string& ticketId, const TicketPatch& patch) {
    Json body = Json::object();
    if (patch.stageId) body["stageId"] = *patch.stageId;
    if (patch.clearAssignee) body["assigneeId"] = nullptr;
    else if (patch.assigneeId) body["assigneeId"] = *patch.assigneeId;
    if (patch.clearDealValue) body["dealValue"] = nullptr;
    else if (patch.dealValue) body["dealValue"] = *patch.dealValue;
    // Absolute values: replaying the same PATCH gives the same ticket, so a retry is harmless.
    return withBody("PATCH", "/tickets/" + urlEncode(ticketId), body, true);
}

RestRequest closeTicket(const std::string& ticketId, const std::string& outcome, const std::string& reason) {
    Json body = {{"outcome", outcome}};
    if (!reason.empty()) body["reason"] = reason;
    // Not retried: a second close after a lost response answers 409.
    return withBody("POST", "/tickets/" + urlEncode(ticketId) + "/close", body, false);
}

RestRequest stages() { return get("/ticket-stages"); }
RestRequest members() { return get("/organization/members"); }
RestRequest centrifugoToken() { return get("/centrifugo/token"); }
RestRequest subscriptionToken(const std::string& channel) {
    return get(Query("/centrifugo/subscription-token").add("channel", channel).str());
}

}  // namespace requests

}  // namespace inbox::core
