// Test harness: a fresh seeded database in a temp file, the App wired to a recording
// publisher and a manual scheduler, and helpers to call routes without sockets.
#pragma once
#include "api.h"
#include "seed.h"
#include "util.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stub::test {

struct RecordingPublisher : Publisher {
  std::vector<std::pair<std::string, json>> published;
  void publish(const std::string& channel, const json& data) override { published.emplace_back(channel, data); }
  std::vector<json> ofType(const std::string& type) const {
    std::vector<json> out;
    for (auto& [ch, d] : published)
      if (d.value("type", "") == type) out.push_back(d);
    return out;
  }
};

struct ManualScheduler {
  std::vector<std::pair<int64_t, std::function<void()>>> tasks;
  Scheduler fn() {
    return [this](int64_t delay, std::function<void()> f) { tasks.emplace_back(delay, std::move(f)); };
  }
  void runAll() {
    while (!tasks.empty()) {
      auto batch = std::move(tasks);
      tasks.clear();
      for (auto& t : batch) t.second();
    }
  }
};

inline std::string tempPath(const std::string& stem) {
  return (std::filesystem::temp_directory_path() / (stem + "-" + randomHex(6) + ".db")).string();
}

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::filesystem::path fixturesDir() {
  if (const char* env = std::getenv("INBOX_WHATSAPP_FIXTURES")) return env;
  return INBOX_WHATSAPP_FIXTURES;
}

class StubTest : public ::testing::Test {
 protected:
  void SetUp() override { build(); }
  void TearDown() override {
    app.reset();
    store.reset();
    db.reset();
    std::filesystem::remove(dbPath);
    std::filesystem::remove(dbPath + "-wal");
    std::filesystem::remove(dbPath + "-shm");
  }
  // Rebuilds the app (e.g. after changing config); the database is kept.
  void build() {
    app.reset();
    if (!db) {
      db = std::make_unique<Db>(dbPath);
      store = std::make_unique<Store>(*db);
      seedDemo(*store, nowMs());
    }
    app = std::make_unique<App>(config, *store, publisher, nullptr, scheduler.fn());
  }

  HttpResponse call(const std::string& method, const std::string& target, const std::string& token = "",
                    const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    HttpRequest req;
    req.method = method;
    EXPECT_TRUE(parseTarget(target, req.path, req.query));
    req.headers = std::move(headers);
    if (!token.empty()) req.headers["authorization"] = "Bearer " + token;
    req.body = body;
    return app->handle(req);
  }
  json callJson(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", int expectStatus = 200) {
    HttpResponse res = call(method, target, token, body);
    EXPECT_EQ(res.status, expectStatus) << method << " " << target << " → " << res.body;
    return res.body.empty() ? json() : json::parse(res.body, nullptr, false);
  }
  std::string login(const std::string& email) {
    json res = callJson("POST", "/api/v1/auth/login", "", json({{"email", email}, {"password", "demo123"}}).dump());
    return res.value("token", "");
  }
  HttpResponse webhook(const std::string& body, std::optional<std::string> signature = std::nullopt) {
    std::map<std::string, std::string> headers;
    if (signature) headers["x-hub-signature-256"] = *signature;
    return call("POST", "/webhooks/whatsapp", "", body, headers);
  }
  int64_t count(const char* table) { return store->count(table); }

  std::string dbPath = tempPath("stub-test");
  Config config;
  RecordingPublisher publisher;
  ManualScheduler scheduler;
  std::unique_ptr<Db> db;
  std::unique_ptr<Store> store;
  std::unique_ptr<App> app;
};

}  // namespace stub::test
