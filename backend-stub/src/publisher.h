// Where changes go: the embedded hub (default) or a real Centrifugo over its HTTP API,
// and Events, which turns a store change into the publication documented in docs/API.md.
#pragma once
#include "hub.h"
#include "store.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace stub {

class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void publish(const std::string& channel, const json& data) = 0;
};

// Publishes into the in-process hub; must be called on the hub's thread.
class HubPublisher : public Publisher {
 public:
  explicit HubPublisher(Hub& hub) : m_hub(hub) {}
  void publish(const std::string& channel, const json& data) override;

 private:
  Hub& m_hub;
};

// Posts to CENTRIFUGO_URL/api/publish from a worker thread, in order, retrying briefly
// so a Centrifugo restart does not lose the update.
class ExternalPublisher : public Publisher {
 public:
  ExternalPublisher(std::string baseUrl, std::string apiKey);
  ~ExternalPublisher() override;
  void publish(const std::string& channel, const json& data) override;

 private:
  void run();
  bool post(const std::string& body);

  std::string m_host, m_port, m_prefix, m_apiKey;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::string> m_queue;
  bool m_stop = false;
  std::thread m_worker;
};

// Collects publications; the owner calls flush() after the store transaction committed.
class Events {
 public:
  Events(Store& store, Publisher& publisher) : m_store(store), m_publisher(publisher) {}
  void messageCreated(int64_t orgId, int64_t chatId, const std::string& messageId);
  void messageUpdated(int64_t orgId, int64_t chatId, const std::string& messageId);
  void chatUpdated(int64_t orgId, int64_t chatId);
  void ticketChanged(int64_t orgId, int64_t ticketId, bool created);

  static std::string messagesChannel(int64_t orgId) { return "org:" + std::to_string(orgId) + ":messages"; }
  static std::string ticketsChannel(int64_t orgId) { return "org:" + std::to_string(orgId) + ":tickets"; }

 private:
  Store& m_store;
  Publisher& m_publisher;
};

}  // namespace stub
