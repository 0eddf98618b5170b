// [SECTION] index: entry point (signature, raw log, transaction) · change routing ·
// messages by type · reactions · system · statuses.
#include "webhook_intake.h"

#include "json_text.h"
#include "util.h"

#include <iostream>
#include <stdexcept>

namespace stub {

namespace {

struct BadPayload : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::optional<std::string> str(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return std::nullopt;
  const json& v = obj[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  return std::nullopt;
}

json strOrNull(const json& obj, const char* key) {
  auto v = str(obj, key);
  return v ? json(*v) : json(nullptr);
}

bool flag(const json& obj, const char* key) { return obj.contains(key) && obj[key].is_boolean() && obj[key].get<bool>(); }

const json& child(const json& obj, const char* key) {
  static const json empty = json::object();
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_object()) return empty;
  return obj[key];
}

// Unix seconds as a string or a JSON number (integer, or a whole float such as 1789390800.0)
// → ms; the same range for both; the fallback when absent, garbled or out of range.
int64_t timestampMs(const json& obj, int64_t fallback) {
  if (!obj.contains("timestamp")) return fallback;
  const json& v = obj["timestamp"];
  std::optional<int64_t> seconds;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() < 100000000000ULL) seconds = int64_t(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    seconds = v.get<int64_t>();
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d > 0 && d < 1e11 && d == double(int64_t(d))) seconds = int64_t(d);
  } else if (v.is_string()) {
    seconds = parseInt(v.get<std::string>());
  }
  if (seconds && *seconds > 0 && *seconds < 100000000000LL) return *seconds * 1000;
  return fallback;
}

// A WhatsApp id (wa_id, the `from` of a message) is a string of digits, about 20 at most.
bool isWaId(const std::string& s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

json errorsOf(const json& obj) {
  json out = json::array();
  if (!obj.is_object() || !obj.contains("errors") || !obj["errors"].is_array()) return out;
  for (const json& e : obj["errors"]) {
    if (!e.is_object()) continue;
    json details = nullptr;
    if (e.contains("error_data") && e["error_data"].is_object()) details = strOrNull(e["error_data"], "details");
    if (details.is_null()) details = strOrNull(e, "message");
    out.push_back({{"code", e.contains("code") && e["code"].is_number() ? e["code"] : json(nullptr)},
                   {"title", strOrNull(e, "title")},
                   {"details", details}});
  }
  return out;
}

std::optional<std::string> queryParam(const std::string& url, const std::string& name) {
  const size_t q = url.find('?');
  if (q == std::string::npos) return std::nullopt;
  std::string query = url.substr(q + 1);
  if (const size_t hash = query.find('#'); hash != std::string::npos) query.resize(hash);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return urlDecode(pair.substr(eq + 1));
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

WebhookIntake::WebhookIntake(Store& store, Events& events, std::string appSecret)
    : m_store(store), m_events(events), m_appSecret(std::move(appSecret)) {}

std::string WebhookIntake::sign(const std::string& rawBody) const {
  return "sha256=" + toHex(hmacSha256(m_appSecret, rawBody));
}

IntakeResult WebhookIntake::inject(const std::string& rawBody, int64_t nowMs) {
  return handle(rawBody, m_appSecret.empty() ? std::nullopt : std::optional<std::string>(sign(rawBody)), nowMs);
}

// ---------------------------------------------------------------- entry point

IntakeResult WebhookIntake::check(const std::string& rawBody, const std::optional<std::string>& signatureHeader) const {
  if (rawBody.size() > kWebhookMaxBytes) return {413, "payload_too_large", "webhook body over 3 MB", 0};
  if (!m_appSecret.empty()) {
    // Over the exact received bytes, constant-time; a lowercase or uppercase hex digest is accepted.
    const std::string given = signatureHeader ? toLower(trim(*signatureHeader)) : "";
    if (!constantTimeEquals(given, sign(rawBody)))
      return {401, "invalid_signature", "X-Hub-Signature-256 is missing or does not match the body", 0};
  }
  return {};
}

IntakeResult WebhookIntake::handle(const std::string& rawBody, const std::optional<std::string>& signatureHeader,
                                   int64_t nowMs) {
  IntakeResult checked = check(rawBody, signatureHeader);
  if (checked.httpStatus != 200) return checked;
  return processBatch({ReceivedWebhook{rawBody, signatureHeader, nowMs}}, nowMs).front();
}

std::vector<IntakeResult> WebhookIntake::processBatch(const std::vector<ReceivedWebhook>& batch, int64_t nowMs) {
  std::vector<IntakeResult> results;
  results.reserve(batch.size());
  std::vector<Pending> committed;
  try {
    Transaction tx(m_store.db());
    for (const ReceivedWebhook& delivery : batch) {
      results.push_back(processOne(delivery, nowMs, committed));
      // SQLite rolled the whole transaction back (disk full, I/O error): the rest would autocommit.
      if (!m_store.db().inTransaction()) throw DbError("the batch transaction was rolled back by the database");
    }
    tx.commit();
  } catch (const std::exception& e) {
    // Nothing of this batch is on disk: none of it may be answered 200.
    std::cerr << "webhook: batch of " << batch.size() << " not stored: " << e.what() << "\n";
    m_pending.clear();
    return std::vector<IntakeResult>(batch.size(),
                                     IntakeResult{503, "unavailable", "the webhook could not be stored; retry later", 0});
  }
  // Publish only what is committed, in the order it happened. The batch is on disk by now: a
  // publishing fault must not turn its answers into errors (clients catch up by refetching).
  try {
    publish(committed);
  } catch (const std::exception& e) {
    std::cerr << "webhook: publishing a committed batch failed: " << e.what() << "\n";
  }
  return results;
}

IntakeResult WebhookIntake::processOne(const ReceivedWebhook& delivery, int64_t nowMs, std::vector<Pending>& committed) {
  IntakeResult result;
  // First: whatever happens next, the bytes WhatsApp sent are kept (in this batch's commit).
  result.eventId = m_store.logWebhook(delivery.body, delivery.signature, delivery.receivedMs);

  json body;
  if (auto why = parseJsonObject(delivery.body, body)) {
    const std::string message = "the webhook body is " + *why;
    m_store.setWebhookState(result.eventId, "rejected", message);
    return {400, "invalid_json", message, result.eventId};
  }
  m_pending.clear();
  m_platformErrors.clear();
  std::optional<std::string> rejected, failed;  // why, when the effects were undone
  {
    // The delivery's effects are all or nothing; the raw event above stays either way.
    Savepoint effects(m_store.db(), "webhook_effects");
    try {
      if (!body.contains("entry") || !body["entry"].is_array()) throw BadPayload("`entry` must be an array");
      for (const json& entry : body["entry"]) {
        if (!entry.is_object()) throw BadPayload("every entry must be an object");
        if (!entry.contains("changes")) continue;
        if (!entry["changes"].is_array()) throw BadPayload("`changes` must be an array");
        for (const json& change : entry["changes"]) {
          if (!change.is_object()) throw BadPayload("every change must be an object");
          // Other webhook fields (template status, account updates…) are kept in the raw log only.
          if (str(change, "field").value_or("messages") != "messages") continue;
          if (!change.contains("value") || !change["value"].is_object()) throw BadPayload("`value` must be an object");
          applyChange(change["value"], result.eventId, nowMs);
        }
      }
      effects.release();
    } catch (const BadPayload& e) {
      rejected = e.what();
      result = {400, "invalid_request", e.what(), result.eventId};
    } catch (const json::exception& e) {
      rejected = e.what();
      result = {400, "invalid_request", std::string("unexpected payload shape: ") + e.what(), result.eventId};
    } catch (const std::exception& e) {
      // A server fault on this delivery alone: its effects are undone, the others in the batch keep
      // theirs, and WhatsApp retries it. If the whole transaction is gone, the batch fails instead.
      if (!m_store.db().inTransaction()) throw;
      std::cerr << "webhook: event " << result.eventId << " failed: " << e.what() << "\n";
      failed = e.what();
      result = {500, "internal_error", "the server could not apply this webhook", result.eventId};
    }
  }
  // After the savepoint is gone, so the state survives its rollback.
  if (rejected || failed) {
    m_pending.clear();
    m_store.setWebhookState(result.eventId, rejected ? "rejected" : "failed", rejected ? rejected : failed);
    return result;
  }
  m_store.setWebhookState(result.eventId, "processed",
                          m_platformErrors.empty() ? std::nullopt : std::optional<std::string>(m_platformErrors));
  committed.insert(committed.end(), m_pending.begin(), m_pending.end());
  m_pending.clear();
  return result;
}

void WebhookIntake::publish(const std::vector<Pending>& pending) {
  for (const Pending& p : pending) {
    switch (p.kind) {
      case Pending::MessageCreated: m_events.messageCreated(p.orgId, p.objectId, p.messageId); break;
      case Pending::MessageUpdated: m_events.messageUpdated(p.orgId, p.objectId, p.messageId); break;
      case Pending::ChatUpdated: m_events.chatUpdated(p.orgId, p.objectId); break;
      case Pending::TicketCreated: m_events.ticketChanged(p.orgId, p.objectId, true); break;
      case Pending::TicketUpdated: m_events.ticketChanged(p.orgId, p.objectId, false); break;
    }
  }
}

// ---------------------------------------------------------------- change routing

void WebhookIntake::applyChange(const json& value, int64_t eventId, int64_t nowMs) {
  const json& metadata = child(value, "metadata");
  const auto phoneNumberId = str(metadata, "phone_number_id");
  // Route by phone_number_id, never by entry.id (one WABA can hold several numbers).
  std::optional<InstanceRow> inst = phoneNumberId ? m_store.instance(*phoneNumberId) : std::nullopt;
  if (!inst) {
    std::cerr << "webhook: unrouted change for phone_number_id " << phoneNumberId.value_or("(none)") << " kept as event "
              << eventId << "\n";
    m_store.logUnrouted(eventId, phoneNumberId, value.dump(-1, ' ', false, json::error_handler_t::replace), nowMs);
    return;
  }
  if (value.contains("errors") && value["errors"].is_array() && !value["errors"].empty()) {
    // Errors beside the messages concern the whole delivery: kept with the event and logged.
    const std::string errors = errorsOf(value).dump(-1, ' ', false, json::error_handler_t::replace);
    m_platformErrors += (m_platformErrors.empty() ? "" : "; ") + errors;
    std::cerr << "webhook: platform errors in event " << eventId << ": " << errors << "\n";
  }

  if (value.contains("messages")) {
    if (!value["messages"].is_array()) throw BadPayload("`messages` must be an array");
    for (const json& msg : value["messages"]) applyMessage(*inst, value, msg, nowMs);
  }
  if (value.contains("statuses")) {
    if (!value["statuses"].is_array()) throw BadPayload("`statuses` must be an array");
    for (const json& st : value["statuses"]) applyStatus(*inst, st);
  }
}

// ---------------------------------------------------------------- messages

void WebhookIntake::applyMessage(const InstanceRow& inst, const json& value, const json& msg, int64_t nowMs) {
  if (!msg.is_object()) throw BadPayload("every message must be an object");
  const auto id = str(msg, "id");
  if (!id || id->empty()) throw BadPayload("a message has no `id`");
  // `from` is shown as the chat's phone: only a real wa_id is. Any other sender ("../../etc", 500
  // digits, a JSON number) keeps its message, in a chat of its own with no phone; the raw value
  // stays in the message's content and in the stored event.
  std::optional<std::string> from, invalidFrom;
  if (msg.contains("from") && !msg["from"].is_null()) {
    const json& f = msg["from"];
    if (f.is_string() && isWaId(f.get<std::string>())) from = f.get<std::string>();
    else invalidFrom = f.is_string() ? f.get<std::string>() : jsonText(f);
  }
  const auto fromUserId = str(msg, "from_user_id");
  if (!from && !invalidFrom && !fromUserId) throw BadPayload("message " + *id + " has neither `from` nor `from_user_id`");
  if (invalidFrom)
    std::cerr << "webhook: message " << jsonText(*id) << " has a `from` that is not a WhatsApp id ("
              << jsonText(invalidFrom->substr(0, 40)) << "); kept without a phone\n";
  const std::string contactKey =
      from ? *from : fromUserId ? "bsuid:" + *fromUserId : "invalid-from:" + sha256Hex(*invalidFrom);
  const int64_t tsMs = timestampMs(msg, nowMs);
  const std::string type = str(msg, "type").value_or("unknown");

  // The profile name travels beside the message, matched by wa_id or business-scoped id.
  std::string name;
  if (value.contains("contacts") && value["contacts"].is_array()) {
    for (const json& c : value["contacts"]) {
      if (!c.is_object()) continue;
      const bool match = (from && str(c, "wa_id") == from) || (fromUserId && str(c, "user_id") == fromUserId);
      if (match || value["contacts"].size() == 1) {
        if (auto n = str(child(c, "profile"), "name")) name = *n;
        if (match) break;
      }
    }
  }

  if (type == "reaction") return applyReaction(inst, msg, from ? *from : fromUserId ? *fromUserId : contactKey, tsMs, nowMs);
  if (type == "system") return applySystem(inst, msg, contactKey, from, tsMs, nowMs);
  if (m_store.messageExists(*id)) return;  // a retry or duplicate delivery

  bool created = false;
  ChatRef chat = m_store.findOrCreateChat(inst, contactKey, from, fromUserId, name.empty() ? from.value_or("Cliente") : name,
                                          nowMs, &created);

  NewMessage m;
  m.id = *id;
  m.chatId = chat.id;
  m.orgId = inst.orgId;
  m.direction = "in";
  m.type = type;
  m.timestampMs = tsMs;
  m.status = "delivered";
  if (!name.empty()) m.fromName = name;
  m.errors = errorsOf(msg);
  if (invalidFrom) m.content["invalidFrom"] = *invalidFrom;
  if (auto ctx = str(child(msg, "context"), "id")) m.replyTo = ctx;

  const json& body = child(msg, type.c_str());
  if (type == "text") {
    m.text = str(body, "body").value_or("");
  } else if (type == "image" || type == "video" || type == "audio" || type == "document" || type == "sticker") {
    m.text = str(body, "caption").value_or("");
    m.content["media"] = {{"id", strOrNull(body, "id")},
                          {"mime", strOrNull(body, "mime_type")},
                          {"filename", strOrNull(body, "filename")},
                          {"caption", strOrNull(body, "caption")},
                          {"url", nullptr},
                          {"voice", flag(body, "voice")},
                          {"sha256", strOrNull(body, "sha256")},
                          {"animated", flag(body, "animated")}};
  } else if (type == "location") {
    auto num = [&](const char* k) { return body.contains(k) && body[k].is_number() ? body[k] : json(nullptr); };
    m.content["location"] = {{"latitude", num("latitude")},
                             {"longitude", num("longitude")},
                             {"name", strOrNull(body, "name")},
                             {"address", strOrNull(body, "address")},
                             {"url", strOrNull(body, "url")}};
  } else if (type == "contacts") {
    m.content["contacts"] = msg.contains("contacts") && msg["contacts"].is_array() ? msg["contacts"] : json::array();
    if (!m.content["contacts"].empty())
      m.text = str(child(m.content["contacts"][0], "name"), "formatted_name").value_or("");
  } else if (type == "interactive") {
    const std::string kind = str(body, "type").value_or("unknown");
    const json& reply = child(body, kind.c_str());
    json interactive = {{"type", kind},
                        {"id", strOrNull(reply, "id")},
                        {"title", strOrNull(reply, "title")},
                        {"description", strOrNull(reply, "description")},
                        {"payload", nullptr}};
    if (kind == "nfm_reply") {
      interactive["title"] = strOrNull(reply, "name");
      interactive["payload"] = strOrNull(reply, "response_json");
      m.text = str(reply, "body").value_or("");
    } else {
      m.text = str(reply, "title").value_or("");
    }
    m.content["interactive"] = interactive;
  } else if (type == "button") {
    m.text = str(body, "text").value_or("");
    m.content["interactive"] = {{"type", "button"},
                                {"id", nullptr},
                                {"title", strOrNull(body, "text")},
                                {"description", nullptr},
                                {"payload", strOrNull(body, "payload")}};
  } else if (type == "order") {
    json items = json::array();
    if (body.contains("product_items") && body["product_items"].is_array())
      for (const json& it : body["product_items"]) {
        if (!it.is_object()) continue;
        items.push_back({{"productRetailerId", strOrNull(it, "product_retailer_id")},
                         {"quantity", it.contains("quantity") && it["quantity"].is_number() ? it["quantity"] : json(nullptr)},
                         {"itemPrice", it.contains("item_price") && it["item_price"].is_number() ? it["item_price"] : json(nullptr)},
                         {"currency", strOrNull(it, "currency")}});
      }
    m.text = str(body, "text").value_or("");
    m.content["order"] = {{"catalogId", strOrNull(body, "catalog_id")}, {"text", strOrNull(body, "text")}, {"items", items}};
  } else {
    // unsupported, unknown, or a type newer than this code: a readable placeholder, never dropped.
    std::string sub = type == "unsupported" ? str(body, "type").value_or("desconhecido") : type;
    m.text = "[Mensagem não suportada: " + sub + "]";
    m.content["unsupported"] = {{"type", sub}};
    if (msg.contains(type) && type != "unsupported") m.content["raw"] = msg[type];
  }

  const json& referral = child(msg, "referral");
  if (!referral.empty()) {
    m.content["referral"] = {{"sourceType", strOrNull(referral, "source_type")}, {"sourceId", strOrNull(referral, "source_id")},
                             {"sourceUrl", strOrNull(referral, "source_url")},   {"headline", strOrNull(referral, "headline")},
                             {"body", strOrNull(referral, "body")},              {"mediaType", strOrNull(referral, "media_type")},
                             {"ctwaClid", strOrNull(referral, "ctwa_clid")}};
  }

  if (!m_store.insertMessage(m)) return;
  const auto previousInbound = chat.lastInboundAt;
  m_store.touchChatForMessage(chat.id, m);
  if (!created && !name.empty()) m_store.updateContact(chat.id, name, std::nullopt);

  // A new conversation (or the first message after the last ticket closed) opens a ticket.
  bool ticketCreated = false;
  auto ticketId = m_store.openTicketId(chat.id);
  if (!ticketId) {
    ticketId = m_store.openTicket(inst.orgId, chat.id, nowMs);
    ticketCreated = true;
  }
  bool ticketChanged = !previousInbound || tsMs > *previousInbound;  // windowExpiresAt moved
  if (!referral.empty()) {
    Tracking t;
    t.sourceType = str(referral, "source_type");
    t.ctwaclid = str(referral, "ctwa_clid");
    t.adHeadline = str(referral, "headline");
    t.adSourceUrl = str(referral, "source_url");
    t.adSourceId = str(referral, "source_id");
    if (t.adSourceUrl) {
      t.utmSource = queryParam(*t.adSourceUrl, "utm_source");
      t.utmMedium = queryParam(*t.adSourceUrl, "utm_medium");
      t.utmCampaign = queryParam(*t.adSourceUrl, "utm_campaign");
      t.gclid = queryParam(*t.adSourceUrl, "gclid");
      t.fbclid = queryParam(*t.adSourceUrl, "fbclid");
    }
    m_store.setTracking(*ticketId, t);
    ticketChanged = true;
  } else if (ticketChanged && !ticketCreated) {
    m_store.bumpTicket(*ticketId);
  }
  m_pending.push_back({Pending::MessageCreated, inst.orgId, chat.id, m.id});
  if (ticketCreated) m_pending.push_back({Pending::TicketCreated, inst.orgId, *ticketId, ""});
  else if (ticketChanged) m_pending.push_back({Pending::TicketUpdated, inst.orgId, *ticketId, ""});
}

// ---------------------------------------------------------------- reactions

void WebhookIntake::applyReaction(const InstanceRow& inst, const json& msg, const std::string& sender, int64_t tsMs,
                                  int64_t nowMs) {
  const auto id = str(msg, "id");
  if (!m_store.rememberInbound(*id, nowMs)) return;  // duplicate delivery
  const json& reaction = child(msg, "reaction");
  const auto target = str(reaction, "message_id");
  if (!target) throw BadPayload("reaction " + *id + " has no message_id");
  // An absent emoji means the customer removed the reaction.
  const std::string emoji = str(reaction, "emoji").value_or("");
  if (!m_store.setReaction(*target, sender, emoji, tsMs)) return;
  // Kept by target id: if the message is not known yet, it shows up once it is.
  if (auto chatId = m_store.messageChatId(*target)) {
    if (auto chat = m_store.chatById(*chatId); chat && chat->orgId == inst.orgId)
      m_pending.push_back({Pending::MessageUpdated, inst.orgId, *chatId, *target});
  }
}

// ---------------------------------------------------------------- system

void WebhookIntake::applySystem(const InstanceRow& inst, const json& msg, const std::string& contactKey,
                                const std::optional<std::string>& waId, int64_t tsMs, int64_t nowMs) {
  const auto id = str(msg, "id");
  if (m_store.messageExists(*id)) return;
  const json& system = child(msg, "system");
  bool created = false;
  ChatRef chat = m_store.findOrCreateChat(inst, contactKey, waId, str(msg, "from_user_id"), waId.value_or("Cliente"), nowMs,
                                          &created);
  NewMessage m;
  m.id = *id;
  m.chatId = chat.id;
  m.orgId = inst.orgId;
  m.direction = "system";
  m.type = "system";
  m.text = str(system, "body").value_or("");
  m.timestampMs = tsMs;
  m.status = "delivered";
  m.content["system"] = {{"type", strOrNull(system, "type")}, {"body", strOrNull(system, "body")}, {"waId", strOrNull(system, "wa_id")}};
  if (!m_store.insertMessage(m)) return;
  m_store.touchChatForMessage(chat.id, m);
  if (str(system, "type") == std::optional<std::string>("user_changed_number")) {
    if (auto newWaId = str(system, "wa_id")) {
      // Keep the conversation: the new number now routes here too.
      m_store.db()
          .prepare("UPDATE OR IGNORE chats SET wa_id=?, contact_key=?, version=version+1 WHERE id=?")
          .bind(1, *newWaId)
          .bind(2, *newWaId)
          .bind(3, chat.id)
          .run();
    }
  }
  m_pending.push_back({Pending::MessageCreated, inst.orgId, chat.id, m.id});
}

// ---------------------------------------------------------------- statuses

void WebhookIntake::applyStatus(const InstanceRow& inst, const json& st) {
  if (!st.is_object()) throw BadPayload("every status must be an object");
  const auto id = str(st, "id");
  const auto status = str(st, "status");
  if (!id || !status) throw BadPayload("a status needs `id` and `status`");
  const int64_t tsMs = timestampMs(st, nowMs());
  if (!m_store.recordStatus(*id, *status, tsMs, errorsOf(st))) return;  // (id, status) seen before
  auto chatId = m_store.messageChatId(*id);
  if (!chatId) return;  // buffered until our send creates the message
  auto chat = m_store.chatById(*chatId);
  if (!chat || chat->orgId != inst.orgId) return;  // never let one number touch another org's message
  if (!m_store.applyPendingStatuses(*id)) return;
  m_pending.push_back({Pending::MessageUpdated, inst.orgId, *chatId, *id});
  // The chat list shows the last message's ticks: its preview changed too.
  if (m_store.isLastMessage(*chatId, *id)) {
    m_store.bumpChat(*chatId);
    m_pending.push_back({Pending::ChatUpdated, inst.orgId, *chatId, ""});
  }
}

}  // namespace stub
