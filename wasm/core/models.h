// Plain data the store holds. Field names follow docs/API.md; times are Unix epoch ms (UTC).
// Ids are strings. Optional values use std::optional; a decode problem sets `broken` so the UI can
// draw a placeholder instead of the app losing the whole page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/boxed.h"

namespace inbox::core {

using Json = nlohmann::json;

enum class Direction { In, Out, System };

// Delivery status. The order of the enumerators is the forward order; Failed is terminal.
enum class MessageStatus { Pending = 0, Sent = 1, Delivered = 2, Read = 3, Failed = 4 };

const char* toString(Direction d);
const char* toString(MessageStatus s);
Direction directionFromString(const std::string& s);
std::optional<MessageStatus> statusFromString(const std::string& s);
// True when a message may go from `from` to `to` (never backwards, never out of Failed).
bool statusMayAdvance(MessageStatus from, MessageStatus to);

struct User {
    std::string id;
    std::string name;
    std::string email;
    std::string role;
};
using Member = User;

struct Stage {
    std::string id;
    std::string name;
    std::string color;  // "#RRGGBB"
    int position = 0;
    std::string kind;  // open | won | lost
};

struct Instance {
    std::string id;  // WhatsApp phone_number_id
    std::string displayPhone;
    std::string verifiedName;
    std::string status;  // connected | disconnected
    std::string wabaId;
    bool broken = false;
};

struct Media {
    std::string id;
    std::string mime;
    std::string filename;
    std::string caption;
    std::string url;
    bool voice = false;
    bool animated = false;
};

struct Location {
    double latitude = 0;
    double longitude = 0;
    std::string name;
    std::string address;
    std::string url;
};

struct Interactive {
    std::string type;
    std::string id;
    std::string title;
    std::string description;
    std::string payload;
};

struct Reaction {
    std::string emoji;
    std::string from;
    int64_t timestamp = 0;
};

struct MessageError {
    int64_t code = 0;
    std::string title;
    std::string details;
};

struct ContactCard {
    std::string name;
    std::vector<std::string> phones;
};

struct Message {
    std::string id;
    std::string chatId;
    std::string clientId;
    Direction direction = Direction::In;
    std::string type = "text";
    std::string text;
    int64_t timestamp = 0;
    int64_t seq = 0;
    MessageStatus status = MessageStatus::Delivered;
    std::string fromName;
    std::string authorId;
    // Rare parts live on the heap (Boxed): a long thread of text messages stays small.
    Boxed<Media> media;
    Boxed<Location> location;
    std::vector<ContactCard> contacts;
    Boxed<Interactive> interactive;
    std::string orderText;
    int orderItemCount = 0;
    std::string replyToId;
    std::vector<Reaction> reactions;
    std::vector<MessageError> errors;
    bool edited = false;
    bool deleted = false;
    std::string templateName;

    // Local-only state for the agent's own optimistic sends.
    bool localPending = false;    // not yet confirmed by the server
    bool localFailed = false;     // the POST failed; can be retried
    std::string localError;       // why (pt-BR, shown under the bubble)
    bool broken = false;          // decoded from bad data: draw a placeholder
};

struct TicketSummary {
    std::string id;
    std::string status;  // open | won | lost
    Stage stage;
    std::string assigneeId;
    std::optional<int64_t> dealValue;
    int64_t version = 0;
};

struct Chat {
    std::string id;
    std::string name;
    std::string phone;
    std::string waId;
    std::string profilePicUrl;
    int64_t lastMessageAt = 0;
    std::optional<Message> lastMessage;
    int unreadCount = 0;
    std::string instanceId;
    std::optional<int64_t> windowExpiresAt;
    int64_t version = 0;
    std::optional<TicketSummary> currentTicket;
    bool broken = false;
};

struct Tracking {
    std::string sourceType;
    std::string utmSource;
    std::string utmMedium;
    std::string utmCampaign;
    std::string gclid;
    std::string fbclid;
    std::string ctwaclid;
    std::string adHeadline;
    std::string adSourceUrl;
    std::string adSourceId;
};

struct Ticket {
    std::string id;
    std::string chatId;
    std::string instanceId;
    std::string status = "open";
    Stage stage;
    std::optional<Member> assignee;
    std::optional<int64_t> dealValue;  // cents
    std::string currency = "BRL";
    std::optional<int64_t> windowExpiresAt;
    int64_t openedAt = 0;
    std::optional<int64_t> closedAt;
    std::string closeReason;
    int64_t version = 0;
    Tracking tracking;
    bool broken = false;
};

struct Template {
    std::string name;
    std::string language;
    std::string category;
    std::string status;
    std::string body;
    int paramCount = 0;
};

template <typename T>
struct Page {
    std::vector<T> items;
    std::string nextCursor;  // empty: no more pages
};

}  // namespace inbox::core
