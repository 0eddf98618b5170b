// The WhatsApp webhook route (handshake and intake) and the WhatsApp side of outgoing
// messages, whose statuses come back through that same intake.
#include "api.h"

#include "json_text.h"
#include "util.h"

namespace stub {

HttpResponse App::routeWebhook(const HttpRequest& req) {
  if (req.method == "GET") {
    // Verification handshake: echo the challenge only for our verify token.
    const auto mode = req.param("hub.mode");
    const auto token = req.param("hub.verify_token");
    const auto challenge = req.param("hub.challenge");
    if (mode == std::optional<std::string>("subscribe") && token && !m_config.verifyToken.empty() &&
        constantTimeEquals(*token, m_config.verifyToken) && challenge) {
      HttpResponse res;
      res.contentType = "text/plain; charset=utf-8";
      res.body = *challenge;
      return res;
    }
    return errorResponse(403, "forbidden", "verification token mismatch");
  }
  if (req.method != "POST") return errorResponse(405, "method_not_allowed", "use POST");
  return webhookResponse(m_intake.handle(req.body, req.header("x-hub-signature-256"), nowMs()));
}

HttpResponse App::webhookResponse(const IntakeResult& r) {
  if (r.httpStatus != 200) return errorResponse(r.httpStatus, r.code, r.message);
  return jsonResponse(200, {{"status", "ok"}});
}

std::string App::statusWebhook(const std::string& phoneNumberId, const std::string& messageId, const std::string& status,
                               const std::string& recipient) {
  json st = {{"id", messageId}, {"status", status}, {"timestamp", std::to_string(nowMs() / 1000)}, {"recipient_id", recipient}};
  return jsonText({{"object", "whatsapp_business_account"},
                   {"entry",
                    {{{"id", "200000000000001"},
                      {"changes",
                       {{{"field", "messages"},
                         {"value",
                          {{"messaging_product", "whatsapp"},
                           {"metadata", {{"display_phone_number", ""}, {"phone_number_id", phoneNumberId}}},
                           {"statuses", {st}}}}}}}}}}});
}

void App::playWhatsAppSide(const std::string& messageId, const std::string& recipient, const std::string& phoneNumberId) {
  // Statuses travel through the real webhook path, as WhatsApp would send them.
  auto step = [this, messageId, recipient, phoneNumberId](const std::string& status) {
    return [this, messageId, recipient, phoneNumberId, status] {
      m_intake.inject(statusWebhook(phoneNumberId, messageId, status, recipient), nowMs());
    };
  };
  m_scheduler(150, step("sent"));
  if (m_config.simulate) {
    m_scheduler(1500, step("delivered"));
    m_scheduler(4000, step("read"));
  }
}

}  // namespace stub
