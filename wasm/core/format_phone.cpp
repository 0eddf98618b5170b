#include "core/format.h"

namespace inbox::core {

std::string formatPhone(const std::string& raw) {
    std::string digits;
    for (char c : raw) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') return raw;
    }
    const bool international = !raw.empty() && raw[0] == '+';
    std::string national;
    if (digits.size() >= 12 && digits.size() <= 13 && digits.compare(0, 2, "55") == 0) {
        national = digits.substr(2);
    } else if (!international && (digits.size() == 10 || digits.size() == 11)) {
        national = digits;  // typed without the country code
    } else {
        return raw;
    }
    if (national[0] == '0' || national[1] == '0') return raw;  // area codes are 11–99
    const std::string area = national.substr(0, 2);
    const std::string local = national.substr(2);
    if (local.size() == 9 && local[0] != '9') return raw;  // 9-digit numbers are mobiles
    const size_t split = local.size() - 4;
    return "+55 " + area + " " + local.substr(0, split) + "-" + local.substr(split);
}

}  // namespace inbox::core
