// Decoders for every REST response and publication of docs/API.md, and the few encoders the client
// sends. Decoders are tolerant: missing/extra fields and wrong types fall back to defaults; an item
// that is not even an object (or lacks its id) becomes a `broken` placeholder and a warning line,
// and the rest of the page still loads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json_access.h"
#include "core/models.h"

namespace inbox::core {

using Warnings = std::vector<std::string>;

User decodeUser(const Json& j);
Stage decodeStage(const Json& j);
Instance decodeInstance(const Json& j, Warnings* w = nullptr);
Message decodeMessage(const Json& j, Warnings* w = nullptr);
Chat decodeChat(const Json& j, Warnings* w = nullptr);
Ticket decodeTicket(const Json& j, Warnings* w = nullptr);
Template decodeTemplate(const Json& j);

// Lists: accept a bare array or {"items":[...]}.
std::vector<Instance> decodeInstances(const Json& j, Warnings* w = nullptr);
std::vector<Stage> decodeStages(const Json& j, Warnings* w = nullptr);
std::vector<Member> decodeMembers(const Json& j, Warnings* w = nullptr);
std::vector<Template> decodeTemplates(const Json& j, Warnings* w = nullptr);
Page<Chat> decodeChatPage(const Json& j, Warnings* w = nullptr);
Page<Message> decodeMessagePage(const Json& j, Warnings* w = nullptr);

struct LoginResult {
    std::string token;
    User user;
    std::string organizationId;
    int64_t expiresAt = 0;
};
std::optional<LoginResult> decodeLogin(const Json& j);
// {"token": "..."} of /centrifugo/token and /centrifugo/subscription-token.
std::string decodeTokenResponse(const Json& j);
// {"error":{"code","message"}}; empty strings when the body is not in that shape.
struct ApiError {
    std::string code;
    std::string message;
};
ApiError decodeApiError(const Json& j);

enum class PublicationKind { MessageCreated, MessageUpdated, ChatUpdated, TicketCreated, TicketUpdated, Unknown };

struct Publication {
    PublicationKind kind = PublicationKind::Unknown;
    std::string type;
    int64_t ts = 0;
    std::string chatId;
    std::optional<Message> message;
    std::optional<Chat> chat;
    std::optional<Ticket> ticket;
};
Publication decodePublication(const Json& data, Warnings* w = nullptr);

// Reads the claims of a JWT without verifying it (the server verifies; the client only needs
// `exp` and `info.organizationId`). Returns a discarded Json when it is not a JWT.
Json decodeJwtClaims(const std::string& token);

}  // namespace inbox::core
