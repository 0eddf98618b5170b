// The Centrifugo server HTTP API of the embedded hub: publish, broadcast, disconnect, info.
#include "api.h"

#include "util.h"

namespace stub {

HttpResponse App::routeCentrifugoApi(const HttpRequest& req, const std::string& method) {
  if (req.method != "POST") {
    HttpResponse res;
    res.status = 405;
    res.contentType.clear();
    return res;
  }
  // X-API-Key wins when present; then "Authorization: apikey K"; then ?api_key (§11.1).
  std::string given;
  if (auto key = req.header("x-api-key")) given = *key;
  else if (auto auth = req.header("authorization"); auth && toLower(auth->substr(0, 7)) == "apikey ") given = trim(auth->substr(7));
  else if (auto q = req.param("api_key")) given = *q;
  if (given.empty() || !constantTimeEquals(given, m_apiKey)) {
    HttpResponse res;
    res.status = 401;
    res.contentType.clear();
    return res;
  }
  if (!m_hub) return errorResponse(404, "not_found", "the embedded hub is off (external Centrifugo mode)");
  const json body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return jsonResponse(400, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  if (method == "info") return jsonResponse(200, {{"result", {{"nodes", json::array({{{"name", "backend-stub"}, {"num_clients", m_hub->connectionCount()}}})}}}});

  if (method == "disconnect") {
    // {user, disconnect?:{code, reason}}; the default is Centrifugo's 3503 "force disconnect".
    if (!body.contains("user") || !body["user"].is_string())
      return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
    uint16_t code = 3503;
    std::string reason = "force disconnect";
    if (body.contains("disconnect") && body["disconnect"].is_object()) {
      const json& d = body["disconnect"];
      if (d.contains("code") && d["code"].is_number_unsigned() && d["code"].get<uint64_t>() >= 3000 && d["code"].get<uint64_t>() <= 4999)
        code = uint16_t(d["code"].get<uint64_t>());
      if (d.contains("reason") && d["reason"].is_string() && d["reason"].get<std::string>().size() < 120)
        reason = d["reason"].get<std::string>();
    }
    m_hub->disconnectUser(body["user"].get<std::string>(), code, reason);
    return jsonResponse(200, {{"result", json::object()}});
  }
  auto publishOne = [&](const std::string& channel) -> json {
    const std::string key = body.contains("idempotency_key") && body["idempotency_key"].is_string() ? body["idempotency_key"].get<std::string>() : "";
    const bool skip = body.contains("skip_history") && body["skip_history"].is_boolean() && body["skip_history"].get<bool>();
    const json tags = body.contains("tags") ? body["tags"] : json(nullptr);
    PublishOutcome out = m_hub->publish(channel, body["data"], tags, skip, key, nowMs());
    if (out.errorCode) return {{"error", {{"code", out.errorCode}, {"message", out.errorMessage}}}};
    json result = json::object();
    if (out.offset) {
      result["offset"] = out.offset;
      result["epoch"] = out.epoch;
    }
    return {{"result", result}};
  };
  if (!body.contains("data")) return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  if (method == "publish") {
    if (!body.contains("channel") || !body["channel"].is_string())
      return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
    return jsonResponse(200, publishOne(body["channel"].get<std::string>()));
  }
  if (!body.contains("channels") || !body["channels"].is_array())
    return jsonResponse(200, {{"error", {{"code", 107}, {"message", "bad request"}}}});
  json responses = json::array();
  for (const json& ch : body["channels"]) {
    if (!ch.is_string()) responses.push_back({{"error", {{"code", 107}, {"message", "bad request"}}}});
    else responses.push_back(publishOne(ch.get<std::string>()));
  }
  return jsonResponse(200, {{"result", {{"responses", responses}}}});
}

}  // namespace stub
