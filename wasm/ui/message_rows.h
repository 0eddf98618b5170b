// Layout of the open thread, one row per message (its day separator, if any, and its bubble): the
// rows' heights in a Fenwick tree, so the top of any row and the row at any offset cost O(log n),
// and the chat window lays out only the bubbles near the viewport. The rows follow the store's
// structural edits (ChatMessages::editsSince) instead of walking the thread each frame; bubbles
// not drawn yet hold an estimate, corrected when drawn (the window keeps the view anchored).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/inbox_store.h"

namespace inbox::ui {

class MessageRows {
public:
    // Brings the rows in step with `cm` (edits since the last sync, or a rebuild). Cheap when
    // nothing changed; O(rows) when something did.
    void sync(const core::ChatMessages& cm, int tzOffsetMinutes);
    void reset();  // another chat: rebuild on the next sync

    size_t size() const { return m_rows.size(); }
    bool separator(size_t row) const { return m_rows[row].separator; }
    bool measured(size_t row) const { return m_rows[row].measured; }
    float bubbleHeight(size_t row) const { return m_rows[row].bubble; }
    float top(size_t row) const;  // sum of the heights of the rows before `row`
    float total() const { return top(m_rows.size()); }
    // The row holding offset `y` (the first whose bottom is below y); size() past the end.
    size_t rowAt(float y) const;

    // Heights as drawn (each includes the item spacing after it).
    void setBubbleHeight(size_t row, float height);
    void setSeparatorHeight(float height);

    // A row followed through inserts and erases (the window's scroll anchor); SIZE_MAX: none.
    size_t anchor = SIZE_MAX;

private:
    struct Row {
        float bubble = 0;
        bool separator = false;
        bool measured = false;
        bool separatorStale = false;
    };
    float height(const Row& r) const { return r.bubble + (r.separator ? m_separatorHeight : 0.0f); }
    void rebuild(const core::ChatMessages& cm);
    void buildTree();
    void add(size_t row, double delta);

    std::vector<Row> m_rows;
    std::vector<double> m_tree;  // Fenwick tree over the row heights, 1-based
    uint64_t m_seenVersion = 0;
    int m_tz = 0;
    float m_separatorHeight = 36.0f;
    double m_measuredSum = 0;  // for the estimate of rows not drawn yet
    size_t m_measuredCount = 0;
    std::vector<core::MessageEdit> m_edits;  // scratch
};

}  // namespace inbox::ui
