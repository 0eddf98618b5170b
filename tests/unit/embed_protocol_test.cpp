// The iframe contract's stateless half: origin matching, validation of host messages, config.json.
#include <gtest/gtest.h>

#include "core/embed_protocol.h"

using namespace inbox::core;
using namespace inbox::core::embed;

TEST(EmbedOrigin, NormalizesWhatBrowsersAndOperatorsWrite) {
    EXPECT_EQ(normalizeOrigin("https://painel.example.com"), "https://painel.example.com");
    EXPECT_EQ(normalizeOrigin("HTTPS://Painel.Example.COM:443/"), "https://painel.example.com");
    EXPECT_EQ(normalizeOrigin("http://localhost:80"), "http://localhost");
    EXPECT_EQ(normalizeOrigin("http://127.0.0.1:08080"), "http://127.0.0.1:8080");
    EXPECT_EQ(normalizeOrigin("http://[::1]:3000"), "http://[::1]:3000");
    // Not origins: opaque, other schemes, paths, credentials, wildcards, bad ports.
    for (const char* bad : {"", "null", "*", "file://", "javascript:alert(1)", "ftp://x.test", "https://x.test/path",
                            "https://user@x.test", "https://x.test?q", "https://*.x.test", "https://x.test:0",
                            "https://x.test:99999", "https://x.test:", "https://x .test", "https://.x.test", "https://a:b"})
        EXPECT_EQ(normalizeOrigin(bad), "") << bad;
}

TEST(EmbedOrigin, MatchesExactAndCspStyleWildcards) {
    EXPECT_TRUE(originMatches("https://painel.example.com", "https://painel.example.com"));
    EXPECT_TRUE(originMatches("https://painel.example.com/", "https://PAINEL.example.com:443"));
    EXPECT_FALSE(originMatches("https://painel.example.com", "http://painel.example.com"));
    EXPECT_FALSE(originMatches("https://painel.example.com", "https://painel.example.com:8443"));
    // A look-alike is not a match.
    EXPECT_FALSE(originMatches("https://painel.example.com", "https://painel.example.com.evil.test"));
    EXPECT_FALSE(originMatches("https://example.com", "https://evilexample.com"));

    EXPECT_TRUE(originMatches("https://*.example.com", "https://a.example.com"));
    EXPECT_TRUE(originMatches("https://*.example.com", "https://a.b.example.com"));
    EXPECT_FALSE(originMatches("https://*.example.com", "https://example.com"));
    EXPECT_FALSE(originMatches("https://*.example.com", "https://evilexample.com"));
    EXPECT_FALSE(originMatches("https://*.example.com", "https://a.example.com.evil.test"));

    EXPECT_TRUE(originMatches("http://localhost:*", "http://localhost:5173"));
    EXPECT_TRUE(originMatches("http://localhost:*", "http://localhost"));
    EXPECT_FALSE(originMatches("http://localhost:*", "http://127.0.0.1:5173"));
    EXPECT_FALSE(originMatches("'self'", "http://localhost"));
}

TEST(EmbedOrigin, AllowListRefusesOpaqueOriginsAndKeepsPostTargetsExact) {
    const std::vector<std::string> list{"https://painel.example.com", "https://*.corp.test", "http://localhost:8000"};
    EXPECT_TRUE(originAllowed(list, "https://painel.example.com"));
    EXPECT_TRUE(originAllowed(list, "https://x.corp.test"));
    EXPECT_FALSE(originAllowed(list, "null"));
    EXPECT_FALSE(originAllowed(list, "https://other.test"));
    EXPECT_FALSE(originAllowed({}, "https://painel.example.com"));
    EXPECT_EQ(exactOrigins({"https://A.test/", "https://a.test", "https://*.b.test", "http://localhost:8000"}),
              (std::vector<std::string>{"https://a.test", "http://localhost:8000"}));
}

namespace {
std::string msg(const std::string& type, const std::string& payload, const std::string& extra = "\"version\":1,") {
    return "{\"protocol\":\"whatrack-inbox\"," + extra + "\"type\":\"" + type + "\",\"payload\":" + payload + "}";
}
}  // namespace

TEST(EmbedMessage, AcceptsEveryHostMessageOfVersion1) {
    ParseResult r = parseHostMessage(msg("inbox:auth", R"({"token":"abc.DEF-123_x"})"));
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.type, HostMessageType::Auth);
    EXPECT_EQ(r.message.token, "abc.DEF-123_x");

    r = parseHostMessage(msg("inbox:open-conversation", R"({"chatId":"12"})"));
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.chatId, "12");
    r = parseHostMessage(msg("inbox:open-conversation", R"({"chatId":12})"));  // a number works too
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.chatId, "12");

    r = parseHostMessage(msg("inbox:set-instance", R"({"instanceId":"100000000000001"})"));
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.instanceId, std::optional<std::string>("100000000000001"));
    r = parseHostMessage(msg("inbox:set-instance", R"({"instanceId":null})"));
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.instanceId, std::nullopt);

    r = parseHostMessage(msg("inbox:sign-out", "{}"));
    EXPECT_EQ(r.status, ParseStatus::Ok);
    EXPECT_EQ(r.message.type, HostMessageType::SignOut);
    EXPECT_EQ(parseHostMessage(msg("inbox:sign-out", "null")).status, ParseStatus::Ok);

    r = parseHostMessage(msg("inbox:theme", R"({"theme":"dark"})"));
    ASSERT_EQ(r.status, ParseStatus::Ok);
    EXPECT_TRUE(r.message.dark);
    // A newer host (version 2) with a known message is still understood.
    EXPECT_EQ(parseHostMessage(msg("inbox:theme", R"({"theme":"light","extra":1})", "\"version\":2,")).status, ParseStatus::Ok);
}

TEST(EmbedMessage, IgnoresWhatIsNotOurs) {
    for (const std::string& text :
         {std::string(), std::string("not json"), std::string("\"inbox:auth\""), std::string("[1,2]"), std::string("{}"),
          std::string(R"({"type":"inbox:auth","payload":{"token":"x"}})"),  // no protocol: someone else's message
          std::string(R"({"protocol":"other","version":1,"type":"inbox:auth","payload":{"token":"x"}})"),
          std::string(R"({"protocol":"whatrack-inbox","version":1,"type":7})"),
          std::string(kMaxMessageBytes + 1, ' ')})
        EXPECT_EQ(parseHostMessage(text).status, ParseStatus::NotOurs) << text.substr(0, 60);
    ParseResult r = parseHostMessage(msg("inbox:future-thing", "{}"));
    EXPECT_EQ(r.status, ParseStatus::Unknown);
    EXPECT_EQ(r.type, "inbox:future-thing");
}

TEST(EmbedMessage, RefusesBadPayloadsWithAReason) {
    const std::string longToken(kMaxTokenBytes + 1, 'a');
    const std::string longId(kMaxIdBytes + 1, '1');
    for (const std::string& text : {
             msg("inbox:auth", "{}"),
             msg("inbox:auth", R"({"token":""})"),
             msg("inbox:auth", R"({"token":42})"),
             msg("inbox:auth", R"({"token":"abc\r\nX-Evil: 1"})"),  // would split the HTTP header
             msg("inbox:auth", R"({"token":"two words"})"),
             msg("inbox:auth", R"({"token":"sess\u00e3o"})"),
             msg("inbox:auth", "{\"token\":\"" + longToken + "\"}"),
             msg("inbox:open-conversation", "{}"),
             msg("inbox:open-conversation", R"({"chatId":""})"),
             msg("inbox:open-conversation", R"({"chatId":{"id":1}})"),
             msg("inbox:open-conversation", R"({"chatId":"12\n"})"),
             msg("inbox:open-conversation", "{\"chatId\":\"" + longId + "\"}"),
             msg("inbox:set-instance", R"({"instanceId":true})"),
             msg("inbox:theme", R"({"theme":"blue"})"),
             msg("inbox:theme", "[]"),
             msg("inbox:auth", R"({"token":"x"})", ""),                  // no version
             msg("inbox:auth", R"({"token":"x"})", "\"version\":\"1\","),  // not an integer
             msg("inbox:auth", R"({"token":"x"})", "\"version\":0,"),
         }) {
        const ParseResult r = parseHostMessage(text);
        EXPECT_EQ(r.status, ParseStatus::Invalid) << text.substr(0, 80);
        EXPECT_FALSE(r.error.empty());
    }
}

TEST(EmbedMessage, OutgoingCarriesProtocolVersionTypeAndPayload) {
    Json p = Json::object();
    p["total"] = 3;
    const Json j = parseJson(outgoing("inbox:unread", p));
    EXPECT_EQ(j["protocol"], "whatrack-inbox");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["type"], "inbox:unread");
    EXPECT_EQ(j["payload"]["total"], 3);
    EXPECT_TRUE(parseJson(outgoing("inbox:sign-out", Json(nullptr)))["payload"].is_object());
}

TEST(EmbedConfig, DecodesTheStubsConfigJson) {
    std::vector<std::string> warnings;
    AppConfig c = decodeAppConfig(
        R"({"apiBaseUrl":"/api/v1","websocketUrl":null,"embedOrigins":["http://localhost:8000/","HTTPS://*.Corp.test","'self'",7,"http://localhost:8000"]})",
        &warnings);
    EXPECT_EQ(c.apiBaseUrl, "/api/v1");
    EXPECT_EQ(c.websocketUrl, "");
    EXPECT_EQ(c.embedOrigins, (std::vector<std::string>{"http://localhost:8000", "https://*.corp.test"}));
    EXPECT_EQ(warnings.size(), 2u);  // 'self' and 7

    c = decodeAppConfig(R"({"apiBaseUrl":"https://api.example.com/v1/","websocketUrl":"wss://rt.example.com/connection/websocket"})");
    EXPECT_EQ(c.apiBaseUrl, "https://api.example.com/v1");
    EXPECT_EQ(c.websocketUrl, "wss://rt.example.com/connection/websocket");

    warnings.clear();
    c = decodeAppConfig(R"j({"apiBaseUrl":"javascript:alert(1)","websocketUrl":"http://x","embedOrigins":"x"})j", &warnings);
    EXPECT_EQ(c.apiBaseUrl, "");
    EXPECT_EQ(c.websocketUrl, "");
    EXPECT_TRUE(c.embedOrigins.empty());
    EXPECT_EQ(warnings.size(), 2u);
    EXPECT_EQ(decodeAppConfig(R"({"apiBaseUrl":"//evil.test/api"})").apiBaseUrl, "");  // protocol-relative
    EXPECT_TRUE(decodeAppConfig("<html>").embedOrigins.empty());
    EXPECT_TRUE(decodeAppConfig("").embedOrigins.empty());
}
