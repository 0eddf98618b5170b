// backend-stub entry point: configuration, database, wiring and the event loop.
#include "api.h"
#include "config.h"
#include "http_server.h"
#include "hub.h"
#include "publisher.h"
#include "seed.h"
#include "simulator.h"
#include "util.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iostream>
#include <memory>

namespace asio = boost::asio;

int main(int argc, char** argv) {
  stub::Config config;
  try {
    config = stub::parseConfig(argc, argv, stub::processEnv());
  } catch (const std::exception& e) {
    std::cerr << "backend-stub: " << e.what() << "\n" << stub::usage();
    return 2;
  }
  if (config.help) {
    std::cout << stub::usage();
    return 0;
  }

  try {
    stub::Db db(config.dbPath);
    stub::Store store(db);
    if (stub::seedDemo(store, stub::nowMs())) std::cerr << "backend-stub: new database seeded with demo data\n";

    asio::io_context ioc;
    stub::Scheduler scheduler = [&ioc](int64_t delayMs, std::function<void()> fn) {
      auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(delayMs));
      timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
        if (!ec) fn();
      });
    };

    const bool external = !config.centrifugoUrl.empty();
    std::unique_ptr<stub::Hub> hub;
    std::unique_ptr<stub::Publisher> publisher;
    // The secret is needed before App exists: resolve it the same way App does.
    const std::string tokenSecret = !config.hmacSecret.empty()
                                        ? config.hmacSecret
                                        : store.metaOrCreate("centrifugo_token_hmac_secret_key", stub::randomHex(32));
    if (external) {
      if (config.apiKey.empty()) throw std::invalid_argument("CENTRIFUGO_URL needs CENTRIFUGO_API_KEY");
      // A generated secret would be unknown to Centrifugo: every token would be refused.
      if (config.hmacSecret.empty()) throw std::invalid_argument("CENTRIFUGO_URL needs CENTRIFUGO_TOKEN_HMAC_SECRET_KEY");
      publisher = std::make_unique<stub::ExternalPublisher>(config.centrifugoUrl, config.apiKey);
    } else {
      stub::HubOptions options;
      options.secret = tokenSecret;
      options.pingIntervalMs = int64_t(config.pingIntervalSeconds) * 1000;
      options.pongTimeoutMs = int64_t(config.pongTimeoutSeconds) * 1000;
      hub = std::make_unique<stub::Hub>(options);
      publisher = std::make_unique<stub::HubPublisher>(*hub);
    }
    stub::App app(config, store, *publisher, hub.get(), scheduler);
    stub::HttpServer server(ioc, app, hub.get());
    const unsigned short port = server.listen(config.host, static_cast<unsigned short>(config.port));

    std::function<void()> tick;
    asio::steady_timer ticker(ioc);
    tick = [&] {
      if (hub) hub->tick(stub::nowMs());
      ticker.expires_after(std::chrono::milliseconds(200));
      ticker.async_wait([&](const boost::system::error_code& ec) {
        if (!ec) tick();
      });
    };
    tick();

    std::unique_ptr<stub::Simulator> simulator;
    if (config.simulate) {
      simulator = std::make_unique<stub::Simulator>(app, scheduler, config.simulateIntervalMs);
      simulator->start();
    }

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      std::cerr << "backend-stub: shutting down\n";
      server.stop();
      ticker.cancel();
      if (hub) hub->shutdown();
      // Give close frames a moment to leave, then stop the loop.
      auto timer = std::make_shared<asio::steady_timer>(ioc, std::chrono::milliseconds(200));
      timer->async_wait([&ioc, timer](const boost::system::error_code&) { ioc.stop(); });
    });

    std::cerr << "backend-stub: " << (external ? "publishing to external Centrifugo at " + config.centrifugoUrl
                                               : std::string("embedded Centrifugo hub at /connection/websocket"))
              << (config.appSecret.empty() ? "; webhook signatures NOT checked (WHATSAPP_APP_SECRET unset)" : "") << "\n";
    std::cout << "backend-stub listening on http://" << config.host << ":" << port << std::endl;
    // A fault in one handler is logged and the server keeps serving everyone else.
    for (;;) {
      try {
        ioc.run();
        break;
      } catch (const std::exception& e) {
        std::cerr << "backend-stub: unhandled error in a handler: " << e.what() << "\n";
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "backend-stub: " << e.what() << "\n";
    return 1;
  }
}
