// Builders for every REST call of docs/API.md. Paths are relative to the API base (/api/v1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inbox::core {

struct RestRequest {
    std::string method = "GET";
    std::string path;  // with the query string
    std::string body;  // JSON, empty for none
    bool idempotent = true;  // safe to retry on network errors / 5xx
    bool authenticated = true;
    // 0: the client's default. Background polls use 1: their own schedule backs off instead.
    int maxAttempts = 0;
    // A GET whose answer the client keeps with its ETag and asks again with If-None-Match: a 304
    // gives back the kept answer (docs/API.md "Conditional requests").
    bool conditional = false;
    // Sent instead of the client's token (checking a new one before using it); a 401 then neither
    // asks the TokenSource nor counts as the session's own token expiring.
    std::string bearer;
};

// Fields of PATCH /tickets/{id}; unset fields are not sent, `clear*` sends null.
struct TicketPatch {
    std::optional<std::string> stageId;
    std::optional<std::string> assigneeId;
    bool clearAssignee = false;
    std::optional<int64_t> dealValue;
    bool clearDealValue = false;
};

std::string urlEncode(const std::string& s);

namespace requests {
RestRequest login(const std::string& email, const std::string& password);
RestRequest me();
// Ends the session on the server (the token stops working); sent with the old token after sign-out.
RestRequest logout(const std::string& token);
RestRequest instances();
RestRequest chats(const std::string& instanceId, const std::string& query, const std::string& cursor, int limit);
RestRequest chat(const std::string& chatId);
RestRequest messages(const std::string& chatId, const std::string& before, int limit);
// POST is idempotent on clientId (the server answers the same message), so retrying is safe.
RestRequest sendText(const std::string& chatId, const std::string& text, const std::string& clientId);
RestRequest sendTemplate(const std::string& chatId, const std::string& name, const std::string& language,
                         const std::vector<std::string>& params, const std::string& clientId);
RestRequest markRead(const std::string& chatId, const std::string& lastMessageId);
RestRequest templates(const std::string& instanceId);
RestRequest ticket(const std::string& chatId);
RestRequest patchTicket(const std::string& ticketId, const TicketPatch& patch);
RestRequest closeTicket(const std::string& ticketId, const std::string& outcome, const std::string& reason);
RestRequest stages();
RestRequest members();
RestRequest centrifugoToken();
RestRequest subscriptionToken(const std::string& channel);
}  // namespace requests

}  // namespace inbox::core
