// The application behind the HTTP server: REST routes (routes_api.cpp), the webhook, the
// Centrifugo server API and static files (routes_static.cpp). Single-threaded: it runs on
// the io_context thread, like the hub.
#pragma once
#include "config.h"
#include "http_types.h"
#include "hub.h"
#include "intake_queue.h"
#include "login_limiter.h"
#include "publisher.h"
#include "store.h"
#include "webhook_intake.h"

#include <functional>

namespace stub {

// Runs `fn` after `delayMs` on the application thread.
using Scheduler = std::function<void(int64_t delayMs, std::function<void()> fn)>;

class App {
 public:
  // `hub` is null in external Centrifugo mode.
  App(const Config& config, Store& store, Publisher& publisher, Hub* hub, Scheduler scheduler);

  HttpResponse handle(const HttpRequest& req);
  // What the HTTP server calls: like handle(), but a webhook delivery is answered only after the
  // group commit that stores it (IntakeQueue); everything else is answered before it returns.
  void handleAsync(const HttpRequest& req, std::function<void(HttpResponse)> done);
  WebhookIntake& intake() { return m_intake; }
  Store& store() { return m_store; }
  const Config& config() const { return m_config; }
  const std::string& tokenSecret() const { return m_tokenSecret; }
  const std::string& apiKey() const { return m_apiKey; }
  // Plays WhatsApp for an outgoing message: `sent` now; delivered/read later when simulating.
  void playWhatsAppSide(const std::string& messageId, const std::string& recipient, const std::string& phoneNumberId);
  bool originAllowed(const std::string& origin, const std::string& host) const;

 private:
  HttpResponse routeApi(const HttpRequest& req, const std::string& path);
  HttpResponse routeWebhook(const HttpRequest& req);
  static HttpResponse webhookResponse(const IntakeResult& r);
  void finish(const HttpRequest& req, HttpResponse& res) const;
  HttpResponse routeCentrifugoApi(const HttpRequest& req, const std::string& method);
  HttpResponse serveStatic(const HttpRequest& req);
  HttpResponse serveConfig(const HttpRequest& req) const;
  HttpResponse preflight(const HttpRequest& req) const;
  void addCors(const HttpRequest& req, HttpResponse& res) const;
  HttpResponse login(const HttpRequest& req, const json& body);
  HttpResponse sendMessage(const AuthUser& user, int64_t chatId, const json& body);
  std::string statusWebhook(const std::string& phoneNumberId, const std::string& messageId, const std::string& status,
                            const std::string& recipient);

  const Config& m_config;
  Store& m_store;
  Publisher& m_publisher;
  Hub* m_hub;
  Scheduler m_scheduler;
  Events m_events;
  WebhookIntake m_intake;
  IntakeQueue m_intakeQueue;
  std::string m_tokenSecret;
  std::string m_apiKey;
  LoginLimiter m_loginLimiter;
};

HttpResponse jsonResponse(int status, const json& body);
HttpResponse errorResponse(int status, const std::string& code, const std::string& message);
// nosniff, no referrer, no caching and a locked-down CSP on JSON, unless the route set its own.
void addSecurityHeaders(HttpResponse& res);

}  // namespace stub
