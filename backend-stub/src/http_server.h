// HTTP/1.1 and WebSocket on one port (Boost.Beast), single-threaded: every handler runs
// on the io_context thread, so App, Store and Hub need no locks.
#pragma once
#include "api.h"
#include "hub.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace stub {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, App& app, Hub* hub);
  // Binds and starts accepting; returns the real port (useful with port 0).
  unsigned short listen(const std::string& host, unsigned short port);
  void stop();

 private:
  void accept();

  boost::asio::io_context& m_ioc;
  App& m_app;
  Hub* m_hub;
  boost::asio::ip::tcp::acceptor m_acceptor;
};

}  // namespace stub
