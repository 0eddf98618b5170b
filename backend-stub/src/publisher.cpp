#include "publisher.h"

#include "json_text.h"
#include "util.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <iostream>

namespace stub {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

void HubPublisher::publish(const std::string& channel, const json& data) {
  m_hub.publish(channel, data, nullptr, false, "", nowMs());
}

ExternalPublisher::ExternalPublisher(std::string baseUrl, std::string apiKey) : m_apiKey(std::move(apiKey)) {
  // http://host[:port][/prefix]; TLS belongs in front of Centrifugo (a local sidecar or LB).
  std::string rest = baseUrl;
  const std::string scheme = "http://";
  if (rest.rfind(scheme, 0) != 0) throw std::invalid_argument("CENTRIFUGO_URL must start with http://");
  rest = rest.substr(scheme.size());
  const size_t slash = rest.find('/');
  std::string hostPort = rest.substr(0, slash);
  m_prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!m_prefix.empty() && m_prefix.back() == '/') m_prefix.pop_back();
  const size_t colon = hostPort.rfind(':');
  m_host = colon == std::string::npos ? hostPort : hostPort.substr(0, colon);
  m_port = colon == std::string::npos ? "80" : hostPort.substr(colon + 1);
  if (m_host.empty()) throw std::invalid_argument("CENTRIFUGO_URL has no host");
  m_worker = std::thread([this] { run(); });
}

ExternalPublisher::~ExternalPublisher() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_worker.join();
}

void ExternalPublisher::publish(const std::string& channel, const json& data) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.push_back(jsonText({{"channel", channel}, {"data", data}}));
  }
  m_cv.notify_one();
}

void ExternalPublisher::run() {
  for (;;) {
    std::string body;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping and drained
      body = m_queue.front();
      m_queue.pop_front();
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
      if (post(body)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
    }
  }
}

bool ExternalPublisher::post(const std::string& body) {
  try {
    boost::asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(resolver.resolve(m_host, m_port));
    http::request<http::string_body> req{http::verb::post, m_prefix + "/api/publish", 11};
    req.set(http::field::host, m_host);
    req.set(http::field::content_type, "application/json");
    req.set("X-API-Key", m_apiKey);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    auto reply = json::parse(res.body(), nullptr, false);
    if (res.result() != http::status::ok || reply.is_discarded() || reply.contains("error")) {
      std::cerr << "centrifugo publish failed: HTTP " << res.result_int() << " " << res.body() << "\n";
      return res.result() != http::status::ok ? false : true;  // an API error will not fix itself
    }
    return true;
  } catch (const std::exception& e) {
    std::cerr << "centrifugo publish error: " << e.what() << "\n";
    return false;
  }
}

void Events::messageCreated(int64_t orgId, int64_t chatId, const std::string& messageId) {
  auto message = m_store.messageJson(messageId);
  if (!message) return;
  m_publisher.publish(messagesChannel(orgId), {{"type", "message.created"},
                                               {"ts", nowMs()},
                                               {"chatId", std::to_string(chatId)},
                                               {"message", *message},
                                               {"chat", m_store.chatJson(chatId)}});
}

void Events::messageUpdated(int64_t orgId, int64_t chatId, const std::string& messageId) {
  auto message = m_store.messageJson(messageId);
  if (!message) return;
  m_publisher.publish(messagesChannel(orgId), {{"type", "message.updated"},
                                               {"ts", nowMs()},
                                               {"chatId", std::to_string(chatId)},
                                               {"message", *message}});
}

void Events::chatUpdated(int64_t orgId, int64_t chatId) {
  m_publisher.publish(messagesChannel(orgId), {{"type", "chat.updated"}, {"ts", nowMs()}, {"chat", m_store.chatJson(chatId)}});
}

void Events::ticketChanged(int64_t orgId, int64_t ticketId, bool created) {
  auto ticket = m_store.ticketJson(orgId, ticketId);
  if (!ticket) return;
  m_publisher.publish(ticketsChannel(orgId),
                      {{"type", created ? "ticket.created" : "ticket.updated"}, {"ts", nowMs()}, {"ticket", *ticket}});
}

}  // namespace stub
