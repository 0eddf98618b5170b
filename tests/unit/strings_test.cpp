#include <gtest/gtest.h>

#include <set>

#include "core/strings.h"
#include "core/text_utf8.h"

using namespace inbox::core;

TEST(Strings, EveryKeyHasBothLanguagesAndIsUnique) {
    std::set<std::string> seen;
    for (const auto& key : allStringKeys()) {
        EXPECT_TRUE(seen.insert(key).second) << "duplicate key " << key;
        const std::string pt = tr(key.c_str(), Language::PtBr);
        const std::string en = tr(key.c_str(), Language::En);
        EXPECT_FALSE(pt.empty()) << key;
        EXPECT_FALSE(en.empty()) << key;
        EXPECT_NE(pt, key) << key;
        EXPECT_TRUE(isValidUtf8(pt)) << key;
        EXPECT_TRUE(isValidUtf8(en)) << key;
    }
}

TEST(Strings, KeysUsedByCoreExist) {
    const char* used[] = {"time.yesterday", "weekday.0", "weekday.6", "window.open_hours", "window.open_minutes",
                          "window.expired", "window.unknown", "preview.image", "preview.document", "preview.location",
                          "preview.unsupported", "instances.all", "connection.degraded", "send.window_closed",
                          "send.network", "send.too_long", "ticket.error.save", "ticket.error.conflict", "error.session_expired",
                          "chat.new_messages", "chat.broken"};
    for (const char* k : used) EXPECT_TRUE(hasString(k)) << k;
}

TEST(Strings, UnknownKeyFallsBackToKey) {
    EXPECT_STREQ(tr("no.such.key"), "no.such.key");
    EXPECT_STREQ(tr(nullptr), "");
}

TEST(Strings, FormatText) {
    EXPECT_EQ(formatText("{0}h {1}min", {"18", "30"}), "18h 30min");
    EXPECT_EQ(formatText("{0} {5}", {"a"}), "a ");
    EXPECT_EQ(formatText("{x}", {}), "{x}");
    setLanguage(Language::En);
    EXPECT_STREQ(tr("time.yesterday"), "yesterday");
    setLanguage(Language::PtBr);
    EXPECT_STREQ(tr("time.yesterday"), "ontem");
}

TEST(Strings, LanguageFromTag) {
    EXPECT_EQ(languageFromTag("en"), Language::En);
    EXPECT_EQ(languageFromTag("en-US"), Language::En);
    EXPECT_EQ(languageFromTag("EN_gb"), Language::En);
    EXPECT_EQ(languageFromTag("pt-BR"), Language::PtBr);
    EXPECT_EQ(languageFromTag(""), Language::PtBr) << "the product's own language by default";
    EXPECT_EQ(languageFromTag("eng"), Language::PtBr) << "not a tag we know";
    EXPECT_EQ(languageFromTag("es"), Language::PtBr);
}

TEST(Strings, ViewTextFollowsTheLanguage) {
    setLanguage(Language::En);
    EXPECT_STREQ(tr("ui.sign_in"), "Sign in");
    setLanguage(Language::PtBr);
    EXPECT_STREQ(tr("ui.sign_in"), "Entrar");
}
