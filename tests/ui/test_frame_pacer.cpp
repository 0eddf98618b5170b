// Idle means idle: frames only when something asked for them.
#include <gtest/gtest.h>

#include "ui/frame_pacer.h"
#include "ui/metrics.h"

#include <nlohmann/json.hpp>

namespace inbox::ui::test {
namespace {

int renderedOver(FramePacer& pacer, double& now, int ticks) {
    int drawn = 0;
    for (int i = 0; i < ticks; ++i, now += 16.7) drawn += pacer.beginTick(now) ? 1 : 0;
    return drawn;
}

TEST(FramePacer, DrawsTheFirstFramesThenNothingWhileIdle) {
    FramePacer pacer;
    double now = 0;
    EXPECT_EQ(renderedOver(pacer, now, 3), 3);
    EXPECT_EQ(renderedOver(pacer, now, 600), 0);
    EXPECT_EQ(pacer.framesSkipped(), 600u);
    EXPECT_FALSE(pacer.wouldRender(now));
}

TEST(FramePacer, ContinuousModeDrawsEveryTickAndIsOffByDefault) {
    FramePacer pacer;
    double now = 0;
    EXPECT_FALSE(pacer.continuous());
    renderedOver(pacer, now, 10);
    pacer.setContinuous(true);  // the benchmark's "idle skipping off" baseline
    EXPECT_EQ(renderedOver(pacer, now, 60), 60);
    pacer.setContinuous(false);
    EXPECT_EQ(renderedOver(pacer, now, 60), 0);
}

TEST(FramePacer, InputAsksForAFewFrames) {
    FramePacer pacer;
    double now = 0;
    renderedOver(pacer, now, 10);
    pacer.requestFrames(3);
    pacer.requestFrames(2);  // the larger request wins, they do not add up
    EXPECT_EQ(renderedOver(pacer, now, 10), 3);
}

TEST(FramePacer, KeepAwakeCoversHoverDelays) {
    FramePacer pacer;
    double now = 0;
    renderedOver(pacer, now, 10);
    pacer.keepAwakeUntil(now + 100);
    const int drawn = renderedOver(pacer, now, 20);
    EXPECT_GE(drawn, 5);
    EXPECT_LE(drawn, 7);
}

TEST(FramePacer, TimedWakeForCountdowns) {
    FramePacer pacer;
    double now = 0;
    renderedOver(pacer, now, 10);
    pacer.wakeAt(now + 60000);
    pacer.wakeAt(now + 30000);  // the earliest wins
    EXPECT_FALSE(pacer.wouldRender(now + 29000));
    EXPECT_TRUE(pacer.wouldRender(now + 30000));
    now += 30000;
    EXPECT_EQ(renderedOver(pacer, now, 100), 1);  // a new minute is drawn once
}

// Found by the e2e suite (idle after switching from a chat with an open window to one without):
// the old chat's minute wake still fired and drew two frames of nothing.
TEST(FramePacer, ADrawnFrameDropsTimedWakesItDidNotAskForAgain) {
    FramePacer pacer;
    double now = 0;
    renderedOver(pacer, now, 10);
    pacer.wakeAt(now + 30000);  // a countdown on screen
    pacer.requestFrames(1);     // the agent opens another chat: this frame draws no countdown
    EXPECT_EQ(renderedOver(pacer, now, 1), 1);
    now += 40000;
    EXPECT_EQ(renderedOver(pacer, now, 100), 0);

    pacer.requestFrames(1);
    EXPECT_TRUE(pacer.beginTick(now));
    pacer.wakeAt(now + 30000);  // the countdown is still on screen: the frame asks again
    now += 16.7;
    EXPECT_EQ(renderedOver(pacer, now, 100), 0);
    now += 30000;
    EXPECT_EQ(renderedOver(pacer, now, 100), 1);
}

TEST(Metrics, JsonCarriesEveryCounter) {
    Metrics m;
    m.framesRendered = 7;
    m.restRequests = 2;
    for (int i = 0; i < 100; ++i) m.recordPushLatency(i);
    const auto j = nlohmann::json::parse(m.toJson());
    for (const char* key : {"framesRendered", "framesSkipped", "restRequests", "wsFramesIn", "wsFramesOut", "reconnects"}) {
        EXPECT_TRUE(j[key].is_number_unsigned()) << key;
    }
    EXPECT_EQ(j["framesRendered"], 7);
    ASSERT_EQ(j["pushLatencyMs"].size(), Metrics::kMaxLatencies);
    EXPECT_EQ(j["pushLatencyMs"].back(), 99);
}

}  // namespace
}  // namespace inbox::ui::test
