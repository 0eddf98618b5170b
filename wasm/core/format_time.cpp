#include <algorithm>

#include "core/format.h"
#include "core/strings.h"

namespace inbox::core {

namespace {

constexpr int64_t kDayMs = 86400000;

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Civil {
    int64_t year;
    int month;
    int day;
};

// Howard Hinnant's days-to-civil algorithm (public domain description), re-derived here.
Civil civilFromDays(int64_t z) {
    z += 719468;
    const int64_t era = floorDiv(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::string two(int64_t v) {
    std::string s = std::to_string(v);
    return s.size() < 2 ? "0" + s : s;
}

// Clamped so corrupt timestamps cannot overflow the arithmetic below.
int64_t localMs(int64_t tsMs, int tz) {
    constexpr int64_t kLimit = 1000000000000000LL;  // ±30,000 years
    return std::clamp<int64_t>(tsMs, -kLimit, kLimit) + std::clamp(tz, -1440, 1440) * int64_t{60000};
}

}  // namespace

int64_t localDayNumber(int64_t tsMs, int tzOffsetMinutes) { return floorDiv(localMs(tsMs, tzOffsetMinutes), kDayMs); }

int64_t msUntilNextLocalDay(int64_t nowMs, int tzOffsetMinutes) {
    return (localDayNumber(nowMs, tzOffsetMinutes) + 1) * kDayMs - localMs(nowMs, tzOffsetMinutes);
}

std::string formatClock(int64_t tsMs, int tzOffsetMinutes) {
    const int64_t msOfDay = localMs(tsMs, tzOffsetMinutes) - localDayNumber(tsMs, tzOffsetMinutes) * kDayMs;
    const int64_t minutes = msOfDay / 60000;
    return two(minutes / 60) + ":" + two(minutes % 60);
}

std::string formatListTime(int64_t tsMs, int64_t nowMs, int tzOffsetMinutes) {
    if (tsMs <= 0) return {};
    const int64_t day = localDayNumber(tsMs, tzOffsetMinutes);
    const int64_t today = localDayNumber(nowMs, tzOffsetMinutes);
    if (day >= today) return formatClock(tsMs, tzOffsetMinutes);  // today (or clock skew into the future)
    if (day == today - 1) return tr("time.yesterday");
    if (day > today - 7) {
        // 1970-01-01 was a Thursday (weekday 4).
        const int64_t weekday = ((day % 7) + 7 + 4) % 7;
        return tr(("weekday." + std::to_string(weekday)).c_str());
    }
    const Civil c = civilFromDays(day);
    const Civil now = civilFromDays(today);
    std::string out = two(c.day) + "/" + two(c.month);
    if (c.year != now.year) out += "/" + two(c.year % 100);
    return out;
}

std::string formatDaySeparator(int64_t tsMs, int64_t nowMs, int tzOffsetMinutes) {
    const int64_t day = localDayNumber(tsMs, tzOffsetMinutes);
    const int64_t today = localDayNumber(nowMs, tzOffsetMinutes);
    if (day == today) return tr("time.today");
    if (day == today - 1) return tr("time.yesterday_title");
    const Civil c = civilFromDays(day);
    return two(c.day) + "/" + two(c.month) + "/" + std::to_string(c.year);
}

}  // namespace inbox::core
