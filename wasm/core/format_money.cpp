#include <cstdlib>

#include "core/format.h"

namespace inbox::core {

std::string formatMoney(int64_t cents) {
    const bool negative = cents < 0;
    // Avoid overflow on INT64_MIN by working in unsigned.
    const uint64_t abs = negative ? static_cast<uint64_t>(-(cents + 1)) + 1 : static_cast<uint64_t>(cents);
    const std::string whole = std::to_string(abs / 100);
    std::string grouped;
    for (size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += '.';
        grouped += whole[i];
    }
    const uint64_t frac = abs % 100;
    std::string out = negative ? "-R$ " : "R$ ";
    out += grouped;
    out += ',';
    out += static_cast<char>('0' + frac / 10);
    out += static_cast<char>('0' + frac % 10);
    return out;
}

std::optional<int64_t> parseMoney(const std::string& input) {
    std::string s;
    for (char c : input) {
        if (c == ' ' || c == '\t') continue;
        s += c;
    }
    if (s.rfind("R$", 0) == 0) s = s.substr(2);
    if (s.empty()) return std::nullopt;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '.' || c == ',')) return std::nullopt;
    // Decide which separator is decimal: a ',' always is (pt-BR); a lone '.' followed by 1–2
    // digits is too ("99.90"); otherwise '.' groups thousands ("1.500").
    const auto comma = s.find(',');
    if (comma != std::string::npos && s.find(',', comma + 1) != std::string::npos) return std::nullopt;
    std::string intPart;
    std::string fracPart;
    if (comma != std::string::npos) {
        intPart = s.substr(0, comma);
        fracPart = s.substr(comma + 1);
        if (fracPart.find('.') != std::string::npos) return std::nullopt;
    } else {
        const auto lastDot = s.rfind('.');
        const auto firstDot = s.find('.');
        if (lastDot != std::string::npos && firstDot == lastDot && s.size() - lastDot - 1 <= 2) {
            intPart = s.substr(0, lastDot);
            fracPart = s.substr(lastDot + 1);
        } else {
            intPart = s;
        }
    }
    // Thousands dots must group by three.
    std::string digits;
    if (intPart.find('.') != std::string::npos) {
        size_t groupLen = 0;
        bool first = true;
        for (size_t i = 0; i <= intPart.size(); ++i) {
            if (i == intPart.size() || intPart[i] == '.') {
                if (first ? (groupLen == 0 || groupLen > 3) : groupLen != 3) return std::nullopt;
                first = false;
                groupLen = 0;
            } else {
                digits += intPart[i];
                ++groupLen;
            }
        }
    } else {
        digits = intPart;
    }
    if (digits.empty()) digits = "0";
    if (fracPart.size() > 2) return std::nullopt;
    if (comma != std::string::npos && fracPart.empty() && intPart.empty()) return std::nullopt;
    if (digits.size() > 10) return std::nullopt;
    int64_t whole = 0;
    for (char c : digits) whole = whole * 10 + (c - '0');
    int64_t frac = 0;
    if (!fracPart.empty()) frac = (fracPart[0] - '0') * 10 + (fracPart.size() > 1 ? fracPart[1] - '0' : 0);
    const int64_t cents = whole * 100 + frac;
    if (cents > 100000000000LL) return std::nullopt;  // over R$ 1 bilhão is a typo, not a deal
    return cents;
}

}  // namespace inbox::core
