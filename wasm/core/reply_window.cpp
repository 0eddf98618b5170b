#include <algorithm>

#include "core/format.h"
#include "core/strings.h"

namespace inbox::core {

ReplyWindow replyWindow(std::optional<int64_t> windowExpiresAt, int64_t serverNowMs) {
    ReplyWindow w;
    if (!windowExpiresAt || *windowExpiresAt <= 0) {
        w.state = WindowState::Unknown;
        w.text = tr("window.unknown");
        return w;
    }
    // Clamp to ±30,000 years so corrupt values cannot overflow the subtraction.
    constexpr int64_t kLimit = 1000000000000000LL;
    const int64_t expires = std::clamp(*windowExpiresAt, -kLimit, kLimit);
    serverNowMs = std::clamp(serverNowMs, -kLimit, kLimit);
    w.remainingMs = expires - serverNowMs;
    if (w.remainingMs <= 0) {
        w.state = WindowState::Expired;
        w.remainingMs = 0;
        w.text = tr("window.expired");
        return w;
    }
    constexpr int64_t kMinute = 60000;
    constexpr int64_t kAmberMs = 4 * 3600 * 1000;
    w.canSendFreeText = true;
    w.amber = w.remainingMs < kAmberMs;
    w.state = w.amber ? WindowState::Closing : WindowState::Open;
    // Round down: never promise more time than there is.
    const int64_t minutes = w.remainingMs / kMinute;
    if (minutes >= 60) {
        w.text = formatText(tr("window.open_hours"), {std::to_string(minutes / 60), std::to_string(minutes % 60)});
    } else {
        w.text = formatText(tr("window.open_minutes"), {std::to_string(minutes)});
    }
    // The displayed (floored) minute drops as soon as remaining goes below the current multiple.
    w.nextChangeAtServerMs = serverNowMs + w.remainingMs % kMinute + 1;
    // Amber from the first millisecond under 4 h; expired when nothing remains.
    w.nextStateChangeAtServerMs = serverNowMs + (w.amber ? w.remainingMs : w.remainingMs - kAmberMs + 1);
    return w;
}

}  // namespace inbox::core
