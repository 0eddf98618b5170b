// The server's sockets end to end: webhooks posted on many connections at once go through the
// group commit and are each answered after it, and the hub's WebSocket transport joins frames
// that queued up behind a write into one message (Centrifugo's newline-separated JSON replies).
#include "http_server.h"
#include "jwt.h"
#include "test_support.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <future>
#include <thread>

using namespace stub;
using namespace stub::test;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::ip::tcp;

namespace {

constexpr const char* kHubSecret = "transport-test-secret";

class TransportTest : public StubTest {
 protected:
  void SetUp() override {
    StubTest::SetUp();
    HubOptions options;
    options.secret = kHubSecret;
    hub = std::make_unique<Hub>(options);
    // The server's loop runs the scheduler, as in main.cpp, so webhook batches flush for real.
    app = std::make_unique<App>(config, *store, publisher, hub.get(), [this](int64_t delayMs, std::function<void()> fn) {
      auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(delayMs));
      timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
        if (!ec) fn();
      });
    });
    server = std::make_unique<HttpServer>(ioc, *app, hub.get());
    port = server->listen("127.0.0.1", 0);
    thread = std::thread([this] {
      auto guard = asio::make_work_guard(ioc);
      ioc.run();
    });
  }
  void TearDown() override {
    ioc.stop();
    if (thread.joinable()) thread.join();
    server.reset();
    app.reset();
    hub.reset();
    StubTest::TearDown();
  }
  // Runs fn on the server's loop and waits for it (the hub and app are single-threaded).
  void onServer(std::function<void()> fn) {
    std::promise<void> done;
    asio::post(ioc, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

  asio::io_context ioc;
  std::unique_ptr<Hub> hub;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  unsigned short port = 0;
};

std::string textDelivery(const std::string& messageId, const std::string& waId) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    "metadata":{"phone_number_id":"100000000000001"},"messages":[{"from":")" +
         waId + R"(","id":")" + messageId + R"(","timestamp":"1789390800","type":"text","text":{"body":"oi"}}]}}]}]})";
}

}  // namespace

TEST_F(TransportTest, ConcurrentWebhooksAreEachAnsweredAfterTheirCommit) {
  constexpr int kClients = 24;
  asio::io_context client;
  std::vector<tcp::socket> sockets;
  for (int i = 0; i < kClients; ++i) {
    sockets.emplace_back(client);
    sockets.back().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  // All requests are on the wire before any answer is read.
  for (int i = 0; i < kClients; ++i) {
    http::request<http::string_body> req{http::verb::post, "/webhooks/whatsapp", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.body() = textDelivery("wamid.socket-" + std::to_string(i), "55119200" + std::to_string(10000 + i));
    req.prepare_payload();
    http::write(sockets[size_t(i)], req);
  }
  for (int i = 0; i < kClients; ++i) {
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(sockets[size_t(i)], buffer, res);
    EXPECT_EQ(res.result_int(), 200) << res.body();
    // Answered means committed: the message is in the database when the answer is read.
    bool stored = false;
    onServer([&] { stored = store->messageExists("wamid.socket-" + std::to_string(i)); });
    EXPECT_TRUE(stored) << i;
  }
}

TEST_F(TransportTest, FramesQueuedBehindAWriteLeaveAsOneMessageOfLines) {
  asio::io_context client;
  websocket::stream<tcp::socket> ws(client);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::request_type& req) { req.set(http::field::sec_websocket_protocol, "centrifuge-json"); }));
  ws.handshake("127.0.0.1", "/connection/websocket");
  const int64_t exp = nowMs() / 1000 + 600;
  const std::string channel = "org:1:messages";
  ws.write(asio::buffer(
      json({{"id", 1}, {"connect", {{"token", signJwtHs256({{"sub", "1"}, {"exp", exp}, {"info", {{"organizationId", "1"}}}}, kHubSecret)}}}}).dump() +
      "\n" +
      json({{"id", 2}, {"subscribe", {{"channel", channel}, {"token", signJwtHs256({{"sub", "1"}, {"channel", channel}, {"exp", exp}}, kHubSecret)}}}})
          .dump()));
  auto readLines = [&](int& messages) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    ++messages;
    std::vector<json> out;
    const std::string text = beast::buffers_to_string(buffer.data());
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      out.push_back(json::parse(text.substr(start, end - start)));  // every line is whole JSON
      start = end + 1;
    }
    return out;
  };
  int setupMessages = 0;
  bool subscribed = false;
  while (!subscribed)
    for (const json& line : readLines(setupMessages)) {
      ASSERT_FALSE(line.contains("error")) << line.dump();
      subscribed = subscribed || line.value("id", 0) == 2;
    }

  constexpr int kPublications = 200;
  onServer([&] {
    for (int i = 0; i < kPublications; ++i) hub->publish(channel, {{"n", i}}, json::object(), false, "", nowMs());
  });
  int messages = 0, received = 0;
  while (received < kPublications)
    for (const json& line : readLines(messages)) {
      if (!line.contains("push")) continue;
      ASSERT_EQ(line["push"]["pub"]["data"]["n"], received) << "in order, none lost";
      ++received;
    }
  EXPECT_LT(messages, kPublications / 4) << "queued frames should share messages";
}
