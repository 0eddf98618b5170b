#include "ui/message_rows.h"

#include <algorithm>
#include <cmath>

#include "core/format.h"

namespace inbox::ui {

namespace {

size_t lowBit(size_t i) { return i & (~i + 1); }

}  // namespace

void MessageRows::reset() {
    m_seenVersion = 0;
    anchor = SIZE_MAX;
}

void MessageRows::sync(const core::ChatMessages& cm, int tzOffsetMinutes) {
    if (cm.version == m_seenVersion && tzOffsetMinutes == m_tz && m_rows.size() == cm.items.size()) return;
    m_edits.clear();
    const bool replay = tzOffsetMinutes == m_tz && m_seenVersion != 0 && cm.editsSince(m_seenVersion, m_edits);
    m_tz = tzOffsetMinutes;
    m_seenVersion = cm.version;
    if (!replay) {
        rebuild(cm);
        return;
    }
    const float estimate = m_measuredCount ? static_cast<float>(m_measuredSum / static_cast<double>(m_measuredCount)) : 56.0f;
    for (const core::MessageEdit& e : m_edits) {
        const size_t at = e.at, count = e.count;
        if (e.kind == core::MessageEdit::Kind::Insert && at <= m_rows.size()) {
            Row fresh;
            fresh.bubble = estimate;
            fresh.separatorStale = true;
            m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(at), count, fresh);
            if (anchor != SIZE_MAX && anchor >= at) anchor += count;
            if (at + count < m_rows.size()) m_rows[at + count].separatorStale = true;  // its neighbour above changed
        } else if (e.kind == core::MessageEdit::Kind::Erase && at + count <= m_rows.size()) {
            m_rows.erase(m_rows.begin() + static_cast<std::ptrdiff_t>(at), m_rows.begin() + static_cast<std::ptrdiff_t>(at + count));
            if (anchor != SIZE_MAX && anchor >= at) anchor = anchor >= at + count ? anchor - count : at;
            if (at < m_rows.size()) m_rows[at].separatorStale = true;  // its neighbour above changed
        } else {
            rebuild(cm);  // not expected: the rows lost step with the thread
            return;
        }
    }
    if (m_rows.size() != cm.items.size()) {
        rebuild(cm);
        return;
    }
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (!m_rows[i].separatorStale) continue;
        m_rows[i].separatorStale = false;
        m_rows[i].separator = i == 0 || core::localDayNumber(cm.items[i].timestamp, m_tz) !=
                                            core::localDayNumber(cm.items[i - 1].timestamp, m_tz);
    }
    if (anchor != SIZE_MAX && anchor >= m_rows.size()) anchor = m_rows.empty() ? SIZE_MAX : m_rows.size() - 1;
    buildTree();
}

void MessageRows::rebuild(const core::ChatMessages& cm) {
    const float estimate = m_measuredCount ? static_cast<float>(m_measuredSum / static_cast<double>(m_measuredCount)) : 56.0f;
    m_rows.assign(cm.items.size(), Row{estimate, false, false, false});
    int64_t lastDay = INT64_MIN;
    for (size_t i = 0; i < cm.items.size(); ++i) {
        const int64_t day = core::localDayNumber(cm.items[i].timestamp, m_tz);
        m_rows[i].separator = day != lastDay;
        lastDay = day;
    }
    anchor = SIZE_MAX;
    buildTree();
}

void MessageRows::buildTree() {
    // Linear construction: each node passes its sum to its parent.
    m_tree.assign(m_rows.size() + 1, 0.0);
    for (size_t i = 1; i <= m_rows.size(); ++i) {
        m_tree[i] += height(m_rows[i - 1]);
        const size_t parent = i + lowBit(i);
        if (parent <= m_rows.size()) m_tree[parent] += m_tree[i];
    }
}

void MessageRows::add(size_t row, double delta) {
    for (size_t i = row + 1; i < m_tree.size(); i += lowBit(i)) m_tree[i] += delta;
}

float MessageRows::top(size_t row) const {
    double sum = 0;
    for (size_t i = std::min(row, m_rows.size()); i > 0; i -= lowBit(i)) sum += m_tree[i];
    return static_cast<float>(sum);
}

size_t MessageRows::rowAt(float y) const {
    // Fenwick descent: the largest prefix whose sum stays <= y is the number of rows above.
    size_t pos = 0;
    double rest = y;
    size_t step = 1;
    while (step * 2 <= m_rows.size()) step *= 2;
    for (; step > 0; step /= 2) {
        if (pos + step <= m_rows.size() && m_tree[pos + step] <= rest) {
            pos += step;
            rest -= m_tree[pos];
        }
    }
    return pos;
}

void MessageRows::setBubbleHeight(size_t row, float h) {
    if (row >= m_rows.size()) return;
    Row& r = m_rows[row];
    if (!r.measured) {
        m_measuredSum += h;
        ++m_measuredCount;
        r.measured = true;
    }
    if (std::fabs(r.bubble - h) < 0.01f) return;
    add(row, static_cast<double>(h) - r.bubble);
    r.bubble = h;
}

void MessageRows::setSeparatorHeight(float h) {
    if (std::fabs(h - m_separatorHeight) < 0.01f) return;
    m_separatorHeight = h;
    buildTree();
}

}  // namespace inbox::ui
