// REST routes under /api/v1 (docs/API.md). Every object is looked up with the caller's
// organization id, so another organization's ids answer 404 exactly like unknown ones.
#include "api.h"
#include "json_text.h"

#include "jwt.h"
#include "util.h"

#include <cstdio>
#include <vector>

namespace stub {

namespace {

struct Template {
  const char* name;
  const char* category;
  const char* body;
  int params;
};

const Template kTemplates[] = {
    {"retomar_contato", "MARKETING", "Olá {{1}}! Podemos continuar o seu atendimento? Responda esta mensagem 😊", 1},
    {"confirmacao_pedido", "UTILITY", "Olá {{1}}, o seu pedido nº {{2}} foi confirmado e já está em separação. Obrigado pela compra!", 2},
    {"lembrete_visita", "UTILITY", "Oi {{1}}! Lembrete: a visita técnica está marcada para {{2}}. Responda SIM para confirmar.", 2},
    {"proposta_enviada", "MARKETING", "{{1}}, enviamos a sua proposta por e-mail. Ficou com alguma dúvida? Estamos à disposição.", 1},
};

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<int64_t> idParam(const std::string& s) {
  auto v = parseInt(s);
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

// Accepts "12" or 12 for ids in request bodies.
std::optional<int64_t> idValue(const json& v) {
  if (v.is_number_unsigned()) return int64_t(v.get<uint64_t>());
  if (v.is_number_integer() && v.get<int64_t>() > 0) return v.get<int64_t>();
  if (v.is_string()) return idParam(v.get<std::string>());
  return std::nullopt;
}

size_t utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

HttpResponse notFound() { return errorResponse(404, "not_found", "not found"); }
HttpResponse badRequest(const std::string& message) { return errorResponse(400, "invalid_request", message); }
HttpResponse methodNotAllowed() { return errorResponse(405, "method_not_allowed", "method not allowed on this route"); }

std::optional<int> limitParam(const HttpRequest& req, int def, int max) {
  auto v = req.param("limit");
  if (!v) return def;
  auto n = parseInt(*v);
  if (!n || *n < 1 || *n > max) return std::nullopt;
  return int(*n);
}

// Conditional GET (docs/API.md): a strong ETag from the body (FNV-1a 64), and 304 with no body
// when the client's If-None-Match names it. The server still reads the data; the answer is what
// shrinks, for the refetches realtime cannot spare (after a gap, in polling mode).
HttpResponse conditional(const HttpRequest& req, HttpResponse res) {
  if (res.status != 200) return res;
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : res.body) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char tag[24];
  std::snprintf(tag, sizeof tag, "\"%016llx\"", static_cast<unsigned long long>(h));
  res.headers.emplace_back("ETag", tag);
  if (auto inm = req.header("if-none-match")) {
    size_t start = 0;
    while (start <= inm->size()) {
      size_t end = inm->find(',', start);
      if (end == std::string::npos) end = inm->size();
      std::string item = trim(inm->substr(start, end - start));
      if (item.rfind("W/", 0) == 0) item = item.substr(2);
      if (item == tag || item == "*") {
        res.status = 304;
        res.body.clear();
        res.contentType.clear();
        break;
      }
      start = end + 1;
    }
  }
  return res;
}

}  // namespace

HttpResponse App::login(const HttpRequest& req, const json& body) {
  if (!body.contains("email") || !body["email"].is_string() || !body.contains("password") || !body["password"].is_string())
    return badRequest("`email` and `password` are required strings");
  const std::string email = trim(body["email"].get<std::string>());
  const std::string limitKey = req.remoteAddress + "|" + toLower(email);
  const int64_t now = nowMs();
  if (const int64_t wait = m_loginLimiter.retryAfterSeconds(limitKey, now); wait > 0) {
    HttpResponse res = errorResponse(429, "rate_limited", "muitas tentativas; tente de novo em instantes");
    res.headers.emplace_back("Retry-After", std::to_string(wait));
    return res;
  }
  auto user = m_store.checkPassword(email, body["password"].get<std::string>());
  if (!user) {
    m_loginLimiter.recordFailure(limitKey, now);
    return errorResponse(401, "invalid_credentials", "e-mail ou senha incorretos");
  }
  m_loginLimiter.recordSuccess(limitKey);
  const int64_t expires = now + int64_t(m_config.sessionTtlSeconds) * 1000;
  const std::string token = m_store.createSession(user->id, expires);
  return jsonResponse(200, {{"token", token},
                            {"user", m_store.userJson(*user)},
                            {"organizationId", std::to_string(user->orgId)},
                            {"expiresAt", expires}});
}

HttpResponse App::routeApi(const HttpRequest& req, const std::string& path) {
  const auto seg = segments(path);
  const std::string& m = req.method;
  auto is = [&](std::initializer_list<const char*> parts) {
    if (seg.size() != parts.size()) return false;
    size_t i = 0;
    for (const char* p : parts) {
      if (std::string(p) != "*" && seg[i] != p) return false;
      ++i;
    }
    return true;
  };

  json body = nullptr;
  if (m == "POST" || m == "PATCH" || m == "PUT") {
    if (auto why = parseJsonObject(req.body.empty() ? "{}" : req.body, body))
      return errorResponse(400, "invalid_json", "the body must be a JSON object: it is " + *why);
  }

  if (is({"auth", "login"})) {
    if (m != "POST") return methodNotAllowed();
    return login(req, body);
  }

  // Everything else needs a bearer token.
  std::optional<AuthUser> user;
  std::string bearer;
  if (auto auth = req.header("authorization"); auth && auth->size() > 7 && toLower(auth->substr(0, 7)) == "bearer ") {
    bearer = trim(auth->substr(7));
    user = m_store.userForSession(bearer, nowMs());
  }
  if (!user) return errorResponse(401, "unauthorized", "missing or invalid bearer token");
  const int64_t org = user->orgId;

  if (is({"auth", "logout"})) {
    if (m != "POST") return methodNotAllowed();
    m_store.deleteSession(bearer);
    HttpResponse res;
    res.status = 204;
    res.contentType.clear();
    return res;
  }

  if (is({"auth", "me"})) {
    if (m != "GET") return methodNotAllowed();
    // expiresAt lets a page that was handed a token (an embedding host) ask for a new one in time.
    return jsonResponse(200, {{"user", m_store.userJson(*user)},
                              {"organizationId", std::to_string(org)},
                              {"expiresAt", user->sessionExpiresAt}});
  }
  if (is({"whatsapp", "instances"})) {
    if (m != "GET") return methodNotAllowed();
    return jsonResponse(200, m_store.instancesJson(org));
  }
  if (is({"whatsapp", "templates"})) {
    if (m != "GET") return methodNotAllowed();
    // The same templates for every number, but an unknown or another organization's number is 404.
    if (auto instanceId = req.param("instanceId"); instanceId && !instanceId->empty()) {
      auto inst = m_store.instance(*instanceId);
      if (!inst || inst->orgId != org) return errorResponse(404, "not_found", "no such instance");
    }
    json out = json::array();
    for (const Template& t : kTemplates)
      out.push_back({{"name", t.name}, {"language", "pt_BR"}, {"category", t.category}, {"status", "APPROVED"}, {"body", t.body}, {"paramCount", t.params}});
    return jsonResponse(200, out);
  }
  if (is({"whatsapp", "chats"})) {
    if (m != "GET") return methodNotAllowed();
    auto limit = limitParam(req, 30, 100);
    if (!limit) return badRequest("`limit` must be an integer from 1 to 100");
    auto instanceId = req.param("instanceId");
    if (instanceId && instanceId->empty()) instanceId.reset();
    auto cursor = req.param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    ChatPage page;
    try {
      page = m_store.listChats(org, instanceId, trim(req.param("q").value_or("")), cursor, *limit);
    } catch (const std::invalid_argument&) {
      return badRequest("`cursor` is not a cursor this server issued");
    }
    return conditional(req, jsonResponse(200, {{"items", page.items}, {"nextCursor", page.nextCursor ? json(*page.nextCursor) : json(nullptr)}}));
  }
  if (seg.size() >= 3 && seg[0] == "whatsapp" && seg[1] == "chats") {
    auto chatId = idParam(seg[2]);
    auto chat = chatId ? m_store.chat(org, *chatId) : std::nullopt;
    if (!chat) return notFound();
    if (seg.size() == 3) {
      if (m != "GET") return methodNotAllowed();
      return conditional(req, jsonResponse(200, m_store.chatJson(chat->id)));
    }
    if (is({"whatsapp", "chats", "*", "messages"})) {
      if (m == "POST") return sendMessage(*user, chat->id, body);
      if (m != "GET") return methodNotAllowed();
      auto limit = limitParam(req, 50, 200);
      if (!limit) return badRequest("`limit` must be an integer from 1 to 200");
      auto before = req.param("before");
      if (before && before->empty()) before.reset();
      std::optional<std::string> next;
      json items;
      try {
        items = m_store.listMessages(chat->id, before, *limit, &next);
      } catch (const std::invalid_argument&) {
        return badRequest("`before` is not a cursor this server issued");
      }
      return conditional(req, jsonResponse(200, {{"items", items}, {"nextCursor", next ? json(*next) : json(nullptr)}}));
    }
    if (is({"whatsapp", "chats", "*", "read"})) {
      if (m != "POST") return methodNotAllowed();
      if (body.contains("lastMessageId") && !body["lastMessageId"].is_string() && !body["lastMessageId"].is_null())
        return badRequest("`lastMessageId` must be a string");
      if (m_store.markRead(chat->id)) m_events.chatUpdated(org, chat->id);
      HttpResponse res;
      res.status = 204;
      res.contentType.clear();
      return res;
    }
    return notFound();
  }
  if (is({"conversations", "*", "ticket"})) {
    if (m != "GET") return methodNotAllowed();
    auto chatId = idParam(seg[1]);
    auto chat = chatId ? m_store.chat(org, *chatId) : std::nullopt;
    if (!chat) return notFound();
    auto ticketId = m_store.currentTicketId(chat->id);
    auto ticket = ticketId ? m_store.ticketJson(org, *ticketId) : std::nullopt;
    if (!ticket) return errorResponse(404, "not_found", "this conversation has no ticket");
    return conditional(req, jsonResponse(200, *ticket));
  }
  if (seg.size() >= 2 && seg[0] == "tickets") {
    auto ticketId = idParam(seg[1]);
    auto chatId = ticketId ? m_store.ticketChatId(org, *ticketId) : std::nullopt;
    if (!chatId) return notFound();
    if (seg.size() == 2) {
      if (m == "GET") return jsonResponse(200, *m_store.ticketJson(org, *ticketId));
      if (m != "PATCH") return methodNotAllowed();
      std::optional<int64_t> stage;
      std::optional<std::optional<int64_t>> assignee, deal;
      if (body.contains("stageId")) {
        stage = idValue(body["stageId"]);
        const auto stageRow = stage ? m_store.stageJson(org, *stage) : std::nullopt;
        if (!stageRow) return badRequest("`stageId` is not a stage of this organization");
        // A won/lost stage is set only by closing, so status and stage never disagree.
        if (stageRow->value("kind", "open") != "open")
          return errorResponse(422, "use_close",
                               "stage " + stageRow->value("name", "") + " closes the ticket: use POST /tickets/{id}/close");
      }
      if (body.contains("assigneeId")) {
        if (body["assigneeId"].is_null()) {
          assignee = std::optional<int64_t>();
        } else {
          auto a = idValue(body["assigneeId"]);
          if (!a || !m_store.isMember(org, *a)) return badRequest("`assigneeId` is not a member of this organization");
          assignee = a;
        }
      }
      if (body.contains("dealValue")) {
        const json& d = body["dealValue"];
        if (d.is_null()) deal = std::optional<int64_t>();
        else if (d.is_number_integer() && d.get<int64_t>() >= 0 && d.get<int64_t>() <= 100000000000000LL) deal = d.get<int64_t>();
        else return badRequest("`dealValue` must be null or a non-negative integer (cents)");
      }
      // A closed ticket is final (there is no reopen): its stage, assignee and deal stay as closed.
      if ((stage || assignee || deal) && m_store.ticketStatus(*ticketId) != std::optional<std::string>("open"))
        return errorResponse(409, "ticket_closed", "the ticket is closed; its stage, assignee and deal value cannot change");
      {
        Transaction tx(m_store.db());
        m_store.updateTicket(*ticketId, stage, assignee, deal);
        m_store.bumpChat(*chatId);
        tx.commit();
      }
      m_events.ticketChanged(org, *ticketId, false);
      m_events.chatUpdated(org, *chatId);
      return jsonResponse(200, *m_store.ticketJson(org, *ticketId));
    }
    if (seg.size() == 3 && seg[2] == "close") {
      if (m != "POST") return methodNotAllowed();
      const std::string outcome = body.contains("outcome") && body["outcome"].is_string() ? body["outcome"].get<std::string>() : "";
      if (outcome != "won" && outcome != "lost") return badRequest("`outcome` must be \"won\" or \"lost\"");
      std::optional<std::string> reason;
      if (body.contains("reason") && !body["reason"].is_null()) {
        if (!body["reason"].is_string() || utf8Length(body["reason"].get<std::string>()) > 500)
          return badRequest("`reason` must be a string of at most 500 characters");
        reason = body["reason"].get<std::string>();
      }
      if (m_store.ticketStatus(*ticketId) != std::optional<std::string>("open"))
        return errorResponse(409, "conflict", "the ticket is already closed");
      {
        Transaction tx(m_store.db());
        m_store.closeTicket(*ticketId, outcome, reason, nowMs());
        m_store.bumpChat(*chatId);
        tx.commit();
      }
      m_events.ticketChanged(org, *ticketId, false);
      m_events.chatUpdated(org, *chatId);
      return jsonResponse(200, *m_store.ticketJson(org, *ticketId));
    }
    return notFound();
  }
  if (is({"ticket-stages"})) {
    if (m != "GET") return methodNotAllowed();
    return jsonResponse(200, m_store.stagesJson(org));
  }
  if (is({"organization", "members"})) {
    if (m != "GET") return methodNotAllowed();
    return jsonResponse(200, m_store.membersJson(org));
  }
  if (is({"centrifugo", "token"})) {
    if (m != "GET") return methodNotAllowed();
    const int64_t now = nowMs() / 1000, exp = now + m_config.tokenTtlSeconds;
    const json claims = {{"sub", std::to_string(user->id)},
                         {"iat", now},
                         {"exp", exp},
                         {"info", {{"organizationId", std::to_string(org)}, {"name", user->name}}}};
    return jsonResponse(200, {{"token", signJwtHs256(claims, m_tokenSecret)}, {"expiresAt", exp * 1000}});
  }
  if (is({"centrifugo", "subscription-token"})) {
    if (m != "GET") return methodNotAllowed();
    const std::string channel = req.param("channel").value_or("");
    if (channel.empty()) return badRequest("`channel` is required");
    const std::string prefix = "org:" + std::to_string(org) + ":";
    if (channel != prefix + "messages" && channel != prefix + "tickets")
      return errorResponse(403, "forbidden", "no access to this channel");
    const int64_t now = nowMs() / 1000, exp = now + m_config.tokenTtlSeconds;
    const json claims = {{"sub", std::to_string(user->id)}, {"channel", channel}, {"iat", now}, {"exp", exp}};
    return jsonResponse(200, {{"token", signJwtHs256(claims, m_tokenSecret)}, {"expiresAt", exp * 1000}});
  }
  return errorResponse(404, "not_found", "no route for " + m + " /api/v1" + path);
}

HttpResponse App::sendMessage(const AuthUser& user, int64_t chatId, const json& body) {
  const int64_t org = user.orgId;
  if (!body.contains("clientId") || !body["clientId"].is_string()) return badRequest("`clientId` is required (string)");
  const std::string clientId = body["clientId"].get<std::string>();
  if (clientId.empty() || clientId.size() > 100) return badRequest("`clientId` must have 1 to 100 characters");
  // Idempotent: a retry with the same clientId gets the same message, nothing new is sent.
  if (auto existing = m_store.messageIdByClientId(chatId, clientId)) return jsonResponse(200, *m_store.messageJson(*existing));

  auto chat = m_store.chat(org, chatId);
  NewMessage msg;
  msg.chatId = chatId;
  msg.orgId = org;
  msg.direction = "out";
  msg.status = "pending";
  msg.clientId = clientId;
  msg.authorId = user.id;
  msg.fromName = user.name;
  msg.timestampMs = nowMs();
  msg.id = "wamid.out-" + randomHex(16);

  if (body.contains("template") && !body["template"].is_null()) {
    const json& t = body["template"];
    if (!t.is_object() || !t.contains("name") || !t["name"].is_string())
      return badRequest("`template.name` is required");
    const std::string name = t["name"].get<std::string>();
    const std::string language = t.contains("language") && t["language"].is_string() ? t["language"].get<std::string>() : "pt_BR";
    const Template* found = nullptr;
    for (const Template& candidate : kTemplates)
      if (name == candidate.name && language == "pt_BR") found = &candidate;
    if (!found) return errorResponse(422, "template_not_found", "no approved template " + name + " (" + language + ")");
    json params = t.contains("params") ? t["params"] : json::array();
    if (!params.is_array() || int(params.size()) != found->params)
      return badRequest("`template.params` must be an array of " + std::to_string(found->params) + " strings");
    std::string text = found->body;
    for (size_t i = 0; i < params.size(); ++i) {
      if (!params[i].is_string() || params[i].get<std::string>().size() > 1000) return badRequest("template params must be strings");
      const std::string mark = "{{" + std::to_string(i + 1) + "}}";
      for (size_t pos; (pos = text.find(mark)) != std::string::npos;) text.replace(pos, mark.size(), params[i].get<std::string>());
    }
    msg.type = "template";
    msg.text = text;
    msg.content["template"] = {{"name", name}, {"language", language}, {"params", params}};
  } else {
    if (!body.contains("text") || !body["text"].is_string()) return badRequest("`text` is required (string)");
    msg.text = body["text"].get<std::string>();
    const size_t length = utf8Length(msg.text);
    if (trim(msg.text).empty() || length > 4096) return badRequest("`text` must have 1 to 4096 characters");
    const int64_t now = nowMs();
    if (!chat->lastInboundAt || now >= *chat->lastInboundAt + kWindowMs)
      return errorResponse(422, "window_closed",
                           "a janela de 24 horas está fechada: envie um modelo de mensagem aprovado");
    msg.type = "text";
  }

  {
    Transaction tx(m_store.db());
    m_store.insertMessage(msg);
    m_store.touchChatForMessage(chatId, msg);
    m_store.applyPendingStatuses(msg.id);
    tx.commit();
  }
  m_events.messageCreated(org, chatId, msg.id);
  const std::string recipient = chat->waId.value_or("");
  playWhatsAppSide(msg.id, recipient, chat->instanceId);
  return jsonResponse(201, *m_store.messageJson(msg.id));
}

}  // namespace stub
