// A core::Session on fake transports with a store filled from fixture data, and the inbox view
// drawn headless on top of it. Requests the views cause are recorded, never answered.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/platform.h"
#include "core/session.h"
#include "ui/app_view.h"
#include "ui_harness.h"

namespace inbox::ui::test {

class RecordingHttp final : public core::HttpTransport {
public:
    void request(const core::HttpRequest& request, std::function<void(const core::HttpResponse&)> done) override {
        requests.push_back(request);
        dones.push_back(std::move(done));
    }
    // The first request with this method whose URL contains `urlPart`.
    const core::HttpRequest* find(const std::string& method, const std::string& urlPart) const;
    // Answers (once) the first such request; false when there is none left to answer.
    bool answer(const std::string& method, const std::string& urlPart, int status, const std::string& body);
    std::vector<core::HttpRequest> requests;
    std::vector<std::function<void(const core::HttpResponse&)>> dones;  // parallel to requests
};

class IdleWebSocket final : public core::WebSocketTransport {
public:
    void setCallbacks(Callbacks) override {}
    void open(const std::string&) override {}
    void send(const std::string&) override {}
    void close(int, const std::string&) override {}
};

class FakeClock final : public core::Clock {
public:
    int64_t monotonicMs() const override { return monotonic; }
    int64_t wallMs() const override { return wall; }
    int tzOffsetMinutes() const override { return -180; }
    // Follows the harness's frame clock, so frames and the session see the same time.
    void follow(double harnessMs) {
        monotonic = kMonotonicBase + static_cast<int64_t>(harnessMs);
        wall = kWallBase + static_cast<int64_t>(harnessMs);
    }
    static constexpr int64_t kMonotonicBase = 1'000'000;
    static constexpr int64_t kWallBase = 1'790'000'000'000;  // 2026-09-21 (UTC)
    int64_t monotonic = kMonotonicBase;
    int64_t wall = kWallBase;
};

class MemoryStorage final : public core::KeyValueStorage {
public:
    std::optional<std::string> get(const std::string& key) const override;
    void set(const std::string& key, const std::string& value) override { values[key] = value; }
    void remove(const std::string& key) override { values.erase(key); }
    std::map<std::string, std::string> values;
};

class InboxFixture {
public:
    explicit InboxFixture(ImVec2 displaySize = ImVec2(1280, 800));

    // Fixture data: two instances, stages, members, `chatCount` chats (chat-1 is the newest), the
    // messages and ticket of chat-1 with its 24-hour window open for `windowOpenMs` more.
    void fill(int chatCount = 30, int64_t windowOpenMs = 5 * 3600 * 1000LL);

    UiHarness ui;
    RecordingHttp http;
    IdleWebSocket websocket;
    FakeClock clock;
    // How long after its animation-frame time a frame is drawn (a loaded tab runs callbacks late).
    double drawLagMs = 0;
    MemoryStorage storage;
    std::unique_ptr<core::Session> session;
    std::unique_ptr<InboxView> view;
    std::vector<std::string> openedUrls;
    std::string title;

    core::InboxStore& store() { return session->store(); }
};

}  // namespace inbox::ui::test
