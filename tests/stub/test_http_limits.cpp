// The HTTP server over real sockets: slow headers (Slowloris) are cut at the header timeout,
// oversized REST bodies and headers are refused before they reach a route; and the comparison
// used for signatures and keys answers equal only for equal bytes, whatever the lengths.
#include "http_server.h"
#include "test_support.h"

#include <boost/asio.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <thread>

using namespace stub;
using namespace stub::test;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

class HttpLimitsTest : public StubTest {
 protected:
  void startServer() {
    server = std::make_unique<HttpServer>(ioc, *app, nullptr);
    port = server->listen("127.0.0.1", 0);
    thread = std::thread([this] { ioc.run(); });
  }
  void TearDown() override {
    ioc.stop();
    if (thread.joinable()) thread.join();
    server.reset();
    StubTest::TearDown();
  }
  // A blocking client socket whose reads give up after `seconds` instead of hanging the test.
  tcp::socket connect(int seconds = 5) {
    tcp::socket s(client);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{seconds, 0};
    setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return s;
  }
  // Everything the server sends until it closes (or the read timeout passes).
  static std::string readAll(tcp::socket& s) {
    std::string out;
    char buf[4096];
    boost::system::error_code ec;
    for (;;) {
      const size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }

  asio::io_context ioc;
  asio::io_context client;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  unsigned short port = 0;
};

}  // namespace

TEST_F(HttpLimitsTest, SlowHeadersAreCutAtTheHeaderTimeout) {
  config.headerTimeoutSeconds = 1;
  build();
  startServer();
  tcp::socket s = connect();
  const auto started = std::chrono::steady_clock::now();
  asio::write(s, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
  // A Slowloris client: one more header line every 300 ms, never the blank line that ends them.
  bool cut = false;
  for (int i = 0; i < 12 && !cut; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    boost::system::error_code ec;
    asio::write(s, asio::buffer("X-Slow-" + std::to_string(i) + ": y\r\n"), ec);
    char c;
    s.non_blocking(true);
    const size_t n = s.read_some(asio::buffer(&c, 1), ec);
    s.non_blocking(false);
    cut = (ec && ec != asio::error::would_block) || n > 0;
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(cut) << "the server kept a connection whose headers never ended";
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
}

TEST_F(HttpLimitsTest, IdleKeepAliveConnectionsAreClosed) {
  config.headerTimeoutSeconds = 1;
  build();
  startServer();
  tcp::socket s = connect();
  asio::write(s, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
  const auto started = std::chrono::steady_clock::now();
  const std::string answer = readAll(s);  // the answer, then EOF once the idle timeout passes
  EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(3000));
}

TEST_F(HttpLimitsTest, OversizedRestBodiesAre413AndNeverReachTheRoute) {
  startServer();
  tcp::socket s = connect();
  const std::string body = R"({"email":"ana@demo.test","password":")" + std::string(1100 * 1024, 'a') + "\"}";
  const std::string req = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  boost::system::error_code ec;
  asio::write(s, asio::buffer(req), ec);
  const std::string answer = readAll(s);
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer.substr(0, 200);
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);
}

TEST_F(HttpLimitsTest, OversizedHeadersAre431) {
  startServer();
  tcp::socket s = connect();
  const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'h') + "\r\n\r\n";
  boost::system::error_code ec;
  asio::write(s, asio::buffer(req), ec);
  const std::string answer = readAll(s);
  EXPECT_NE(answer.find("HTTP/1.1 431"), std::string::npos) << answer.substr(0, 200);
}

TEST(ConstantTime, EqualOnlyForEqualBytesOfEqualLength) {
  EXPECT_TRUE(constantTimeEquals("sha256=abc", "sha256=abc"));
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_FALSE(constantTimeEquals("sha256=abc", "sha256=abd"));
  EXPECT_FALSE(constantTimeEquals("sha256=abc", "sha256=ab"));
  EXPECT_FALSE(constantTimeEquals("sha256=ab", "sha256=abc"));
  EXPECT_FALSE(constantTimeEquals("", "x"));
  EXPECT_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}
