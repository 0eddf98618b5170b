// [SECTION] index: HttpSession (keep-alive request loop) · WsSession (Centrifugo
// transport with an ordered write queue) · HttpServer (acceptor).
#include "http_server.h"

#include "json_text.h"
#include "util.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <iostream>

namespace stub {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kApiBodyLimit = 1024 * 1024;
constexpr auto kBodyTimeout = std::chrono::seconds(60);  // 3 MB even over a slow mobile link
constexpr size_t kWsMessageLimit = 65536;  // Centrifugo's default; larger closes with 1009
constexpr size_t kWsQueueLimit = 4 * 1024 * 1024;  // a client this far behind is closed as "slow"
constexpr size_t kWsCoalesceBytes = 64 * 1024;  // one outgoing message joins queued frames up to this

// ---------------------------------------------------------------- WsSession

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket socket, Hub& hub) : m_ws(std::move(socket)), m_hub(hub) {}

  void run(http::request<http::string_body> req) {
    m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    m_ws.read_message_max(kWsMessageLimit);
    const std::string protocols(req[http::field::sec_websocket_protocol]);
    const bool json = protocols.find("centrifuge-json") != std::string::npos;
    m_ws.set_option(websocket::stream_base::decorator([json](websocket::response_type& res) {
      res.set(http::field::server, "backend-stub");
      if (json) res.set(http::field::sec_websocket_protocol, "centrifuge-json");
    }));
    m_ws.text(true);
    m_ws.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->m_connId = self->m_hub.open(std::make_shared<Sink>(self), nowMs());
      self->m_open = true;
      self->read();
    });
  }

  void send(const std::string& frame) {
    if (m_closing) return;
    if (m_queuedBytes + frame.size() > kWsQueueLimit) return closeWith(3008, "slow");
    m_queuedBytes += frame.size();
    m_queue.push_back(frame);
    if (!m_writing) write();
  }

  void closeWith(uint16_t code, const std::string& reason) {
    if (m_closing) return;
    m_closing = true;
    m_closeReason = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (!m_writing) doClose();
  }

 private:
  // The hub owns this; it must not keep the session alive on its own.
  struct Sink : HubSink {
    explicit Sink(std::weak_ptr<WsSession> s) : session(std::move(s)) {}
    void sendText(const std::string& frame) override {
      if (auto s = session.lock()) s->send(frame);
    }
    void closeWith(uint16_t code, const std::string& reason) override {
      // Deferred: the hub is still iterating when it calls this.
      if (auto s = session.lock()) asio::post(s->m_ws.get_executor(), [s, code, reason] { s->closeWith(code, reason); });
    }
    std::weak_ptr<WsSession> session;
  };

  void read() {
    m_ws.async_read(m_buffer, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->finish();
      const std::string frame = beast::buffers_to_string(self->m_buffer.data());
      self->m_buffer.consume(self->m_buffer.size());
      if (!self->m_closing) self->m_hub.onFrame(self->m_connId, frame, nowMs());
      self->read();
    });
  }

  // Centrifugo's JSON transport carries several replies per WebSocket message, one per line: what
  // queued up while the last write was in flight leaves as one message, so a busy hub and its
  // clients handle far fewer frames.
  void write() {
    m_writing = true;
    m_sending = std::move(m_queue.front());
    m_queue.pop_front();
    m_sendingBytes = m_sending.size();
    while (!m_queue.empty() && m_sending.size() + 1 + m_queue.front().size() <= kWsCoalesceBytes) {
      m_sending += '\n';
      m_sending += m_queue.front();
      m_sendingBytes += m_queue.front().size();
      m_queue.pop_front();
    }
    m_ws.async_write(asio::buffer(m_sending), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->m_writing = false;
      if (ec) return self->finish();
      self->m_queuedBytes -= self->m_sendingBytes;
      if (!self->m_queue.empty()) return self->write();
      if (self->m_closing) self->doClose();
    });
  }

  void doClose() {
    if (m_closeSent) return;
    m_closeSent = true;
    m_ws.async_close(m_closeReason, [self = shared_from_this()](beast::error_code) {});
  }

  void finish() {
    if (m_open) {
      m_open = false;
      m_hub.closed(m_connId);
    }
  }

  websocket::stream<beast::tcp_stream> m_ws;
  Hub& m_hub;
  beast::flat_buffer m_buffer;
  std::deque<std::string> m_queue;
  std::string m_sending;  // the message being written (queued frames joined by newlines)
  size_t m_sendingBytes = 0;
  size_t m_queuedBytes = 0;  // queued and in flight
  uint64_t m_connId = 0;
  bool m_open = false;
  bool m_writing = false;
  bool m_closing = false;
  bool m_closeSent = false;
  websocket::close_reason m_closeReason;
};

// ---------------------------------------------------------------- HttpSession

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, App& app, Hub* hub) : m_stream(std::move(socket)), m_app(app), m_hub(hub) {}

  void run() { read(); }

 private:
  void read() {
    m_parser.emplace();
    m_parser->body_limit(kWebhookMaxBytes);
    // Short for the headers (and idle keep-alive): a Slowloris client trickling bytes is cut off.
    m_stream.expires_after(std::chrono::seconds(m_app.config().headerTimeoutSeconds));
    http::async_read_header(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->onRead(ec);
      self->m_stream.expires_after(kBodyTimeout);
      // Clients that ask first (curl for big bodies) would otherwise stall a second.
      if (beast::iequals(self->m_parser->get()[http::field::expect], "100-continue")) {
        auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        return http::async_write(self->m_stream, *cont, [self, cont](beast::error_code ec, size_t) {
          if (ec) return self->close();
          self->readBody();
        });
      }
      self->readBody();
    });
  }

  void readBody() {
    http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->onRead(ec);
    });
  }

  void onRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted) return close();
    if (ec == http::error::body_limit) return reply(simple(413, "payload_too_large", "body over 3 MB"), false);
    if (ec == http::error::header_limit) return reply(simple(431, "headers_too_large", "request headers too large"), false);
    if (ec) return reply(simple(400, "bad_request", "malformed HTTP request"), false);

    http::request<http::string_body> req = m_parser->release();
    HttpRequest in;
    in.method = std::string(req.method_string());
    beast::error_code peerEc;
    const auto peer = m_stream.socket().remote_endpoint(peerEc);
    if (!peerEc) in.remoteAddress = peer.address().to_string();
    if (!parseTarget(std::string(req.target()), in.path, in.query))
      return reply(simple(400, "bad_request", "bad request target"), req.keep_alive());

    if (websocket::is_upgrade(req)) {
      if (in.path != "/connection/websocket" || !m_hub)
        return reply(simple(404, "not_found", "no WebSocket endpoint here"), false);
      const std::string origin(req[http::field::origin]);
      if (!origin.empty() && !m_app.originAllowed(origin, std::string(req[http::field::host]))) {
        std::cerr << "websocket: origin " << origin << " refused\n";
        return reply(simple(403, "forbidden", "origin not allowed"), false);
      }
      m_stream.expires_never();
      std::make_shared<WsSession>(m_stream.release_socket(), *m_hub)->run(std::move(req));
      return;
    }

    for (const auto& field : req) in.headers[toLower(std::string(field.name_string()))] = std::string(field.value());
    if (in.path.rfind("/api/", 0) == 0 && req.body().size() > kApiBodyLimit)
      return reply(simple(413, "payload_too_large", "body over 1 MiB"), req.keep_alive());
    in.body = std::move(req.body());
    // Webhooks are answered after their group commit; this session reads nothing more until then.
    m_app.handleAsync(in, [self = shared_from_this(), version = req.version(), keepAlive = req.keep_alive()](HttpResponse out) {
      self->respond(out, version, keepAlive);
    });
  }

  void respond(const HttpResponse& out, unsigned version, bool keepAlive) {
    http::response<http::string_body> res{static_cast<http::status>(out.status), version};
    res.set(http::field::server, "backend-stub");
    if (!out.contentType.empty()) res.set(http::field::content_type, out.contentType);
    for (const auto& [name, value] : out.headers) res.set(name, value);
    res.body() = out.body;
    res.keep_alive(keepAlive);
    res.prepare_payload();
    write(std::move(res));
  }

  static http::response<http::string_body> simple(int status, const std::string& code, const std::string& message) {
    http::response<http::string_body> res{static_cast<http::status>(status), 11};
    res.set(http::field::server, "backend-stub");
    res.set(http::field::content_type, "application/json");
    res.body() = jsonText({{"error", {{"code", code}, {"message", message}}}});
    return res;
  }

  void reply(http::response<http::string_body> res, bool keepAlive) {
    res.keep_alive(keepAlive);
    res.prepare_payload();
    write(std::move(res));
  }

  void write(http::response<http::string_body> res) {
    auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
    http::async_write(m_stream, *sp, [self = shared_from_this(), sp](beast::error_code ec, size_t) {
      if (ec || !sp->keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream m_stream;
  App& m_app;
  Hub* m_hub;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
};

}  // namespace

// ---------------------------------------------------------------- HttpServer

HttpServer::HttpServer(asio::io_context& ioc, App& app, Hub* hub) : m_ioc(ioc), m_app(app), m_hub(hub), m_acceptor(ioc) {}

unsigned short HttpServer::listen(const std::string& host, unsigned short port) {
  const tcp::endpoint endpoint(asio::ip::make_address(host), port);
  m_acceptor.open(endpoint.protocol());
  m_acceptor.set_option(asio::socket_base::reuse_address(true));
  m_acceptor.bind(endpoint);
  m_acceptor.listen(asio::socket_base::max_listen_connections);
  accept();
  return m_acceptor.local_endpoint().port();
}

void HttpServer::stop() {
  beast::error_code ec;
  m_acceptor.close(ec);
}

void HttpServer::accept() {
  m_acceptor.async_accept(m_ioc, [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<HttpSession>(std::move(socket), m_app, m_hub)->run();
    accept();
  });
}

}  // namespace stub
