// scale-bench: the inbox at scale, natively (tools/bench scale). Draws the real views with Dear ImGui
// headless (the tests/ui harness: font atlas, NewFrame/views/Render, no GPU) over a store holding
// N synthetic chats and an M-message open thread, and times store apply over P publications.
// Prints one JSON line. CPU times are this thread's (CLOCK_THREAD_CPUTIME_ID), so a busy machine
// slows the figures less than wall time would.
//
//   scale-bench [--chats N] [--messages M] [--frames F] [--publications P]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_codecs.h"
#include "core/synthetic_inbox.h"
#include "inbox_fixture.h"

namespace {

using inbox::core::InboxStore;
using inbox::ui::test::InboxFixture;
using nlohmann::json;

double cpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct FrameStats {
    double meanMs = 0, p50Ms = 0, p95Ms = 0, maxMs = 0;
};

FrameStats stats(std::vector<double> v) {
    FrameStats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    s.meanMs = sum / static_cast<double>(v.size());
    s.p50Ms = v[v.size() / 2];
    s.p95Ms = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    s.maxMs = v.back();
    return s;
}

json toJson(const FrameStats& s) { return {{"meanMs", s.meanMs}, {"p50Ms", s.p50Ms}, {"p95Ms", s.p95Ms}, {"maxMs", s.maxMs}}; }

// Draws `frames` frames; `beforeFrame(i)` may change the store first (counted in the frame's time,
// as a push handled between two frames is on the same thread in the browser).
template <typename F>
FrameStats timeFrames(InboxFixture& f, int frames, F beforeFrame) {
    std::vector<double> times;
    times.reserve(static_cast<size_t>(frames));
    for (int i = 0; i < frames; ++i) {
        const double t0 = cpuMs();
        beforeFrame(i);
        f.ui.frame();
        times.push_back(cpuMs() - t0);
    }
    return stats(times);
}

int argInt(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const int chats = argInt(argc, argv, "--chats", 10000);
    const int messages = argInt(argc, argv, "--messages", 50000);
    const int frames = argInt(argc, argv, "--frames", 300);
    const int publications = argInt(argc, argv, "--publications", 100000);
    json out;

    {   // Baseline beside it: the UI tests' small inbox (30 chats, a 3-message thread).
        InboxFixture f;
        f.fill(30);
        f.store().selectChat("chat-1");
        f.ui.frames(10);
        out["baselineFrame"] = toJson(timeFrames(f, frames, [](int) {}));
        out["baselineChats"] = f.store().chatCount();
    }
    {
        InboxFixture f;
        f.fill(0);
        inbox::core::SyntheticInbox o;
        o.chats = chats;
        o.messages = messages;
        o.instanceId = "i1";
        o.nowMs = f.clock.wall;
        const double t0 = cpuMs();
        inbox::core::fillSyntheticInbox(f.store(), o);
        out["fillMs"] = cpuMs() - t0;
        f.ui.frames(10);  // layout settles, bubble heights measured
        out["chats"] = f.store().chatCount();
        out["threadMessages"] = f.store().messages("bench-1") ? f.store().messages("bench-1")->items.size() : 0;
        out["steadyFrame"] = toJson(timeFrames(f, frames, [](int) {}));

        // One push per frame: a new message in a random chat (moves it to the top of the list),
        // every fourth one in the open thread.
        o.nowMs = f.clock.wall + 1000;
        std::vector<std::string> pubs = inbox::core::syntheticPublications(frames, o);
        int n = 0;
        out["pushFrame"] = toJson(timeFrames(f, frames, [&](int i) {
            json data = json::parse(pubs[static_cast<size_t>(i)]);
            if (i % 4 == 0 && data.value("type", "") == "message.created") {
                data["chatId"] = "bench-1";
                data["message"]["chatId"] = "bench-1";
                data["chat"]["id"] = "bench-1";
                data["chat"]["version"] = 1000000 + i;
            }
            f.store().applyPublication(inbox::core::decodePublication(data));
            ++n;
        }));
        out["pushFrames"] = n;
    }
    {   // Store apply throughput: wire text -> JSON -> Publication -> store, over P publications on
        // a store already holding the synthetic chats.
        InboxStore store;
        inbox::core::User u;
        u.id = "u1";
        store.setSignedIn(true, u, "org1");
        inbox::core::SyntheticInbox o;
        o.chats = chats;
        o.messages = 0;
        o.instanceId = "i1";
        o.nowMs = 1'790'000'000'000;
        inbox::core::fillSyntheticInbox(store, o);
        const std::vector<std::string> pubs = inbox::core::syntheticPublications(publications, o);
        std::vector<inbox::core::Publication> decoded;
        decoded.reserve(pubs.size());
        const double t0 = cpuMs();
        for (const std::string& text : pubs) decoded.push_back(inbox::core::decodePublication(json::parse(text)));
        const double t1 = cpuMs();
        for (const auto& p : decoded) store.applyPublication(p);
        const double t2 = cpuMs();
        out["publications"] = publications;
        out["parseDecodeMs"] = t1 - t0;
        out["applyMs"] = t2 - t1;
        out["publicationsPerSecond"] = publications / ((t2 - t0) / 1000.0);
        out["applyOnlyPerSecond"] = publications / ((t2 - t1) / 1000.0);
        size_t stored = 0;
        for (int c = 1; c <= chats; ++c)
            if (const auto* m = store.messages("bench-" + std::to_string(c))) stored += m->items.size();
        out["messagesStoredAfter"] = stored;
        out["chatsAfter"] = store.chatCount();
    }
    std::printf("%s\n", out.dump().c_str());
    return 0;
}
