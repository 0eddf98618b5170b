#include "core/json_codecs.h"

#include "core/text_utf8.h"

namespace inbox::core {

namespace {

// Texts can be huge (4096 chars on send, but inbound is not bounded): keep memory and layout sane.
constexpr size_t kMaxTextBytes = 64 * 1024;

void warn(Warnings* w, std::string line) {
    if (w && w->size() < 200) w->push_back(std::move(line));
}

std::string text(const Json& j, const char* key) {
    auto s = jsonOptString(j, key);
    if (!s) return {};
    return truncateBytes(sanitizeUtf8(*s), kMaxTextBytes);
}

const Json& itemsOf(const Json& j) {
    static const Json kEmpty = Json::array();
    if (j.is_array()) return j;
    if (const Json* items = jsonField(j, "items"); items && items->is_array()) return *items;
    return kEmpty;
}

std::optional<int64_t> optTime(const Json& j, const char* key) {
    auto v = jsonOptInt(j, key);
    if (!v) return std::nullopt;
    // Tolerate seconds where ms are expected (WhatsApp sends seconds).
    if (*v > 0 && *v < 100000000000LL) return *v * 1000;
    return v;
}

}  // namespace

User decodeUser(const Json& j) {
    User u;
    u.id = jsonString(j, "id");
    u.name = text(j, "name");
    u.email = text(j, "email");
    u.role = jsonString(j, "role");
    return u;
}

Stage decodeStage(const Json& j) {
    Stage s;
    s.id = jsonString(j, "id");
    s.name = text(j, "name");
    s.color = jsonString(j, "color");
    s.position = static_cast<int>(jsonInt(j, "position"));
    s.kind = jsonString(j, "kind");
    return s;
}

Instance decodeInstance(const Json& j, Warnings* w) {
    Instance i;
    if (!j.is_object()) {
        i.broken = true;
        warn(w, "instance: not an object");
        return i;
    }
    i.id = jsonString(j, "id");
    i.displayPhone = text(j, "displayPhone");
    i.verifiedName = text(j, "verifiedName");
    i.status = jsonString(j, "status", "disconnected");
    i.wabaId = jsonString(j, "wabaId");
    if (i.id.empty()) {
        i.broken = true;
        warn(w, "instance: missing id");
    }
    return i;
}

Message decodeMessage(const Json& j, Warnings* w) {
    Message m;
    if (!j.is_object()) {
        m.broken = true;
        m.type = "unknown";
        warn(w, "message: not an object");
        return m;
    }
    m.id = jsonString(j, "id");
    m.chatId = jsonString(j, "chatId");
    m.clientId = jsonString(j, "clientId");
    m.direction = directionFromString(jsonString(j, "direction", "in"));
    m.type = jsonString(j, "type", "text");
    if (m.type.empty()) m.type = "unknown";
    m.text = text(j, "text");
    m.timestamp = optTime(j, "timestamp").value_or(0);
    m.seq = jsonInt(j, "seq");
    auto status = statusFromString(jsonString(j, "status"));
    m.status = status.value_or(m.direction == Direction::Out ? MessageStatus::Sent : MessageStatus::Delivered);
    m.fromName = text(j, "fromName");
    m.authorId = jsonString(j, "authorId");
    if (const Json* media = jsonField(j, "media"); media && media->is_object()) {
        Media md;
        md.id = jsonString(*media, "id");
        md.mime = jsonString(*media, "mime");
        md.filename = text(*media, "filename");
        md.caption = text(*media, "caption");
        md.url = jsonString(*media, "url");
        md.voice = jsonBool(*media, "voice");
        md.animated = jsonBool(*media, "animated");
        m.media = md;
    }
    if (const Json* loc = jsonField(j, "location"); loc && loc->is_object()) {
        Location l;
        l.latitude = jsonDouble(*loc, "latitude");
        l.longitude = jsonDouble(*loc, "longitude");
        l.name = text(*loc, "name");
        l.address = text(*loc, "address");
        l.url = jsonString(*loc, "url");
        m.location = l;
    }
    if (const Json* contacts = jsonField(j, "contacts"); contacts && contacts->is_array()) {
        for (const Json& c : *contacts) {
            if (!c.is_object() || m.contacts.size() >= 50) continue;
            ContactCard card;
            if (const Json* name = jsonField(c, "name"); name && name->is_object())
                card.name = text(*name, "formatted_name");
            else
                card.name = text(c, "name");
            if (const Json* phones = jsonField(c, "phones"); phones && phones->is_array()) {
                for (const Json& p : *phones)
                    if (p.is_object() && card.phones.size() < 10) card.phones.push_back(text(p, "phone"));
            }
            m.contacts.push_back(std::move(card));
        }
    }
    if (const Json* in = jsonField(j, "interactive"); in && in->is_object()) {
        Interactive it;
        it.type = jsonString(*in, "type");
        it.id = jsonString(*in, "id");
        it.title = text(*in, "title");
        it.description = text(*in, "description");
        it.payload = text(*in, "payload");
        m.interactive = it;
    }
    if (const Json* order = jsonField(j, "order"); order && order->is_object()) {
        m.orderText = text(*order, "text");
        if (const Json* items = jsonField(*order, "items"); items && items->is_array())
            m.orderItemCount = static_cast<int>(items->size());
    }
    if (const Json* reply = jsonField(j, "replyTo"); reply && reply->is_object())
        m.replyToId = jsonString(*reply, "id");
    if (const Json* reactions = jsonField(j, "reactions"); reactions && reactions->is_array()) {
        for (const Json& r : *reactions) {
            if (!r.is_object() || m.reactions.size() >= 100) continue;
            Reaction re{text(r, "emoji"), jsonString(r, "from"), optTime(r, "timestamp").value_or(0)};
            if (!re.emoji.empty()) m.reactions.push_back(std::move(re));
        }
    }
    if (const Json* errors = jsonField(j, "errors"); errors && errors->is_array()) {
        for (const Json& e : *errors) {
            if (!e.is_object() || m.errors.size() >= 20) continue;
            m.errors.push_back({jsonInt(e, "code"), text(e, "title"), text(e, "details")});
        }
    }
    if (const Json* t = jsonField(j, "template"); t && t->is_object()) m.templateName = text(*t, "name");
    m.edited = jsonBool(j, "edited");
    m.deleted = jsonBool(j, "deleted");
    if (m.id.empty() && m.clientId.empty()) {
        m.broken = true;
        warn(w, "message: missing id");
    }
    return m;
}

namespace {

TicketSummary decodeTicketSummary(const Json& j) {
    TicketSummary t;
    t.id = jsonString(j, "id");
    t.status = jsonString(j, "status", "open");
    if (const Json* st = jsonField(j, "stage"); st && st->is_object()) t.stage = decodeStage(*st);
    t.assigneeId = jsonString(j, "assigneeId");
    if (t.assigneeId.empty()) {
        if (const Json* a = jsonField(j, "assignee"); a && a->is_object()) t.assigneeId = jsonString(*a, "id");
    }
    t.dealValue = jsonOptInt(j, "dealValue");
    t.version = jsonInt(j, "version");
    return t;
}

}  // namespace

Chat decodeChat(const Json& j, Warnings* w) {
    Chat c;
    if (!j.is_object()) {
        c.broken = true;
        warn(w, "chat: not an object");
        return c;
    }
    c.id = jsonString(j, "id");
    c.name = text(j, "name");
    c.phone = jsonString(j, "phone");
    c.waId = jsonString(j, "waId");
    c.profilePicUrl = jsonString(j, "profilePicUrl");
    c.lastMessageAt = optTime(j, "lastMessageAt").value_or(0);
    if (const Json* lm = jsonField(j, "lastMessage"); lm && lm->is_object()) c.lastMessage = decodeMessage(*lm);
    c.unreadCount = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(jsonInt(j, "unreadCount"), 1000000)));
    c.instanceId = jsonString(j, "instanceId");
    c.windowExpiresAt = optTime(j, "windowExpiresAt");
    c.version = jsonInt(j, "version");
    if (const Json* t = jsonField(j, "currentTicket"); t && t->is_object()) c.currentTicket = decodeTicketSummary(*t);
    if (c.id.empty()) {
        c.broken = true;
        warn(w, "chat: missing id");
    }
    return c;
}

Ticket decodeTicket(const Json& j, Warnings* w) {
    Ticket t;
    if (!j.is_object()) {
        t.broken = true;
        warn(w, "ticket: not an object");
        return t;
    }
    t.id = jsonString(j, "id");
    t.chatId = jsonString(j, "chatId");
    t.instanceId = jsonString(j, "instanceId");
    t.status = jsonString(j, "status", "open");
    if (const Json* st = jsonField(j, "stage"); st && st->is_object()) t.stage = decodeStage(*st);
    if (const Json* a = jsonField(j, "assignee"); a && a->is_object()) t.assignee = decodeUser(*a);
    t.dealValue = jsonOptInt(j, "dealValue");
    t.currency = jsonString(j, "currency", "BRL");
    t.windowExpiresAt = optTime(j, "windowExpiresAt");
    t.openedAt = optTime(j, "openedAt").value_or(0);
    t.closedAt = optTime(j, "closedAt");
    t.closeReason = text(j, "closeReason");
    t.version = jsonInt(j, "version");
    if (const Json* tr = jsonField(j, "tracking"); tr && tr->is_object()) {
        t.tracking.sourceType = text(*tr, "sourceType");
        t.tracking.utmSource = text(*tr, "utmSource");
        t.tracking.utmMedium = text(*tr, "utmMedium");
        t.tracking.utmCampaign = text(*tr, "utmCampaign");
        t.tracking.gclid = text(*tr, "gclid");
        t.tracking.fbclid = text(*tr, "fbclid");
        t.tracking.ctwaclid = text(*tr, "ctwaclid");
        t.tracking.adHeadline = text(*tr, "adHeadline");
        t.tracking.adSourceUrl = text(*tr, "adSourceUrl");
        t.tracking.adSourceId = text(*tr, "adSourceId");
    }
    if (t.id.empty()) {
        t.broken = true;
        warn(w, "ticket: missing id");
    }
    return t;
}

Template decodeTemplate(const Json& j) {
    Template t;
    t.name = jsonString(j, "name");
    t.language = jsonString(j, "language");
    t.category = jsonString(j, "category");
    t.status = jsonString(j, "status");
    t.body = text(j, "body");
    t.paramCount = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(jsonInt(j, "paramCount"), 20)));
    return t;
}

std::vector<Instance> decodeInstances(const Json& j, Warnings* w) {
    std::vector<Instance> out;
    for (const Json& item : itemsOf(j)) out.push_back(decodeInstance(item, w));
    return out;
}

std::vector<Stage> decodeStages(const Json& j, Warnings* w) {
    std::vector<Stage> out;
    for (const Json& item : itemsOf(j)) {
        if (!item.is_object()) {
            warn(w, "stage: not an object");
            continue;
        }
        out.push_back(decodeStage(item));
    }
    return out;
}

std::vector<Member> decodeMembers(const Json& j, Warnings* w) {
    std::vector<Member> out;
    for (const Json& item : itemsOf(j)) {
        if (!item.is_object()) {
            warn(w, "member: not an object");
            continue;
        }
        out.push_back(decodeUser(item));
    }
    return out;
}

std::vector<Template> decodeTemplates(const Json& j, Warnings* w) {
    std::vector<Template> out;
    for (const Json& item : itemsOf(j)) {
        if (!item.is_object()) {
            warn(w, "template: not an object");
            continue;
        }
        out.push_back(decodeTemplate(item));
    }
    return out;
}

Page<Chat> decodeChatPage(const Json& j, Warnings* w) {
    Page<Chat> page;
    if (!j.is_object() && !j.is_array()) warn(w, "chat page: not an object");
    for (const Json& item : itemsOf(j)) page.items.push_back(decodeChat(item, w));
    page.nextCursor = jsonString(j, "nextCursor");
    return page;
}

Page<Message> decodeMessagePage(const Json& j, Warnings* w) {
    Page<Message> page;
    if (!j.is_object() && !j.is_array()) warn(w, "message page: not an object");
    for (const Json& item : itemsOf(j)) page.items.push_back(decodeMessage(item, w));
    page.nextCursor = jsonString(j, "nextCursor");
    return page;
}

std::optional<LoginResult> decodeLogin(const Json& j) {
    LoginResult r;
    r.token = jsonString(j, "token");
    if (r.token.empty()) return std::nullopt;
    if (const Json* u = jsonField(j, "user"); u && u->is_object()) r.user = decodeUser(*u);
    r.organizationId = jsonString(j, "organizationId");
    r.expiresAt = jsonInt(j, "expiresAt");
    return r;
}

std::string decodeTokenResponse(const Json& j) { return jsonString(j, "token"); }

ApiError decodeApiError(const Json& j) {
    ApiError e;
    if (const Json* err = jsonField(j, "error"); err && err->is_object()) {
        e.code = jsonString(*err, "code");
        e.message = text(*err, "message");
    }
    return e;
}

Publication decodePublication(const Json& data, Warnings* w) {
    Publication p;
    if (!data.is_object()) {
        warn(w, "publication: not an object");
        return p;
    }
    p.type = jsonString(data, "type");
    p.ts = jsonInt(data, "ts");
    p.chatId = jsonString(data, "chatId");
    if (p.type == "message.created") p.kind = PublicationKind::MessageCreated;
    else if (p.type == "message.updated") p.kind = PublicationKind::MessageUpdated;
    else if (p.type == "chat.updated") p.kind = PublicationKind::ChatUpdated;
    else if (p.type == "ticket.created") p.kind = PublicationKind::TicketCreated;
    else if (p.type == "ticket.updated") p.kind = PublicationKind::TicketUpdated;
    if (const Json* m = jsonField(data, "message")) {
        p.message = decodeMessage(*m, w);
        if (p.message->chatId.empty()) p.message->chatId = p.chatId;
        if (p.chatId.empty()) p.chatId = p.message->chatId;
    }
    if (const Json* c = jsonField(data, "chat")) {
        p.chat = decodeChat(*c, w);
        if (p.chatId.empty()) p.chatId = p.chat->id;
    }
    if (const Json* t = jsonField(data, "ticket")) p.ticket = decodeTicket(*t, w);
    const bool complete = (p.kind == PublicationKind::MessageCreated || p.kind == PublicationKind::MessageUpdated)
                              ? (p.message && !p.message->broken)
                          : p.kind == PublicationKind::ChatUpdated ? (p.chat && !p.chat->broken)
                          : (p.kind == PublicationKind::TicketCreated || p.kind == PublicationKind::TicketUpdated)
                              ? (p.ticket && !p.ticket->broken)
                              : true;
    if (!complete) {
        warn(w, "publication " + p.type + ": payload missing or broken");
        p.kind = PublicationKind::Unknown;
    }
    return p;
}

namespace {

std::string base64UrlDecode(const std::string& in) {
    std::string out;
    uint32_t val = 0;
    int bits = -8;
    for (char ch : in) {
        int d;
        if (ch >= 'A' && ch <= 'Z') d = ch - 'A';
        else if (ch >= 'a' && ch <= 'z') d = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9') d = ch - '0' + 52;
        else if (ch == '-' || ch == '+') d = 62;
        else if (ch == '_' || ch == '/') d = 63;
        else if (ch == '=') break;
        else return {};
        val = ((val << 6) | static_cast<uint32_t>(d)) & 0xFFFFFFu;  // only the last 24 bits matter
        bits += 6;
        if (bits >= 0) {
            out += static_cast<char>((val >> bits) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

}  // namespace

Json decodeJwtClaims(const std::string& token) {
    const auto first = token.find('.');
    if (first == std::string::npos) return Json(Json::value_t::discarded);
    const auto second = token.find('.', first + 1);
    if (second == std::string::npos) return Json(Json::value_t::discarded);
    Json claims = parseJson(base64UrlDecode(token.substr(first + 1, second - first - 1)));
    if (!claims.is_object()) return Json(Json::value_t::discarded);
    return claims;
}

}  // namespace inbox::core
