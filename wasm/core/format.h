// Formatting for what the agent reads: money, phones, times, the 24-hour window and previews.
// Pure functions: the caller passes "now" and the time-zone offset so tests and the UI agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/models.h"

namespace inbox::core {

// 150000 → "R$ 1.500,00"; negative → "-R$ 10,00".
std::string formatMoney(int64_t cents);
// Parses what an agent types in the deal-value field ("1.500,00", "R$ 1500", "1500,5", "99.90")
// into cents. Rejects nonsense ("abc", "1,2,3", "", negatives, > R$ 1 bilhão).
std::optional<int64_t> parseMoney(const std::string& text);

// "+5511999998888" → "+55 11 99999-8888"; landlines "+55 11 4000-0001"; other formats as given.
std::string formatPhone(const std::string& raw);

// Chat-list time: today "10:30", yesterday "ontem", within a week "seg", else "12/09"
// (and "12/09/25" for another year). `tzOffsetMinutes` is local minus UTC (Brasília: -180).
std::string formatListTime(int64_t tsMs, int64_t nowMs, int tzOffsetMinutes);
// "10:30" for bubbles.
std::string formatClock(int64_t tsMs, int tzOffsetMinutes);
// Date separators: "Hoje", "Ontem", "14/09/2026".
std::string formatDaySeparator(int64_t tsMs, int64_t nowMs, int tzOffsetMinutes);
// Day number since epoch in the given zone (for "same day" grouping).
int64_t localDayNumber(int64_t tsMs, int tzOffsetMinutes);
// Milliseconds from `nowMs` to the next local midnight (1 … one day), when "Hoje"/"Ontem" and the
// list's times change without any data changing.
int64_t msUntilNextLocalDay(int64_t nowMs, int tzOffsetMinutes);

enum class WindowState { Open, Closing, Expired, Unknown };
struct ReplyWindow {
    WindowState state = WindowState::Unknown;
    int64_t remainingMs = 0;
    bool amber = false;  // under 4 hours left
    bool canSendFreeText = false;
    std::string text;  // "Aberta · expira em 18h 30min" / "Expirada · envie um template"
    // When the text changes next (start of the next minute of the countdown), for idle redraws.
    int64_t nextChangeAtServerMs = 0;
    // When `state` changes next (amber at 4 h left, expired at 0), 0 when it never will: what
    // the composer shows (free text or templates only) changes only then.
    int64_t nextStateChangeAtServerMs = 0;
};
// `serverNowMs` is the server clock (local wall clock + measured offset).
ReplyWindow replyWindow(std::optional<int64_t> windowExpiresAt, int64_t serverNowMs);

// A template body with its {{1}}, {{2}}… placeholders replaced (missing params stay visible).
std::string fillTemplate(const std::string& body, const std::vector<std::string>& params);

// One-line preview of a message for the chat list: type-aware ("📷 Foto", "📄 nome.pdf"…),
// whitespace-flattened, never cutting a UTF-8 sequence or an emoji cluster.
std::string messagePreview(const Message& m, size_t maxClusters = 80);

}  // namespace inbox::core
