#include <gtest/gtest.h>

#include "core/format.h"
#include "core/strings.h"

using namespace inbox::core;

TEST(FormatMoney, PtBrFromCents) {
    EXPECT_EQ(formatMoney(150000), "R$ 1.500,00");
    EXPECT_EQ(formatMoney(0), "R$ 0,00");
    EXPECT_EQ(formatMoney(5), "R$ 0,05");
    EXPECT_EQ(formatMoney(99), "R$ 0,99");
    EXPECT_EQ(formatMoney(123456789), "R$ 1.234.567,89");
    EXPECT_EQ(formatMoney(100000), "R$ 1.000,00");
    EXPECT_EQ(formatMoney(99999), "R$ 999,99");
    EXPECT_EQ(formatMoney(-1050), "-R$ 10,50");
    EXPECT_FALSE(formatMoney(INT64_MIN).empty());
}

TEST(ParseMoney, AcceptsWhatAgentsType) {
    EXPECT_EQ(parseMoney("1.500,00"), 150000);
    EXPECT_EQ(parseMoney("R$ 1.500,00"), 150000);
    EXPECT_EQ(parseMoney("1500"), 150000);
    EXPECT_EQ(parseMoney("1500,5"), 150050);
    EXPECT_EQ(parseMoney("99.90"), 9990);
    EXPECT_EQ(parseMoney("1.500"), 150000);
    EXPECT_EQ(parseMoney("1.234.567,89"), 123456789);
    EXPECT_EQ(parseMoney(" 0,99 "), 99);
    EXPECT_EQ(parseMoney(",50"), 50);
}

TEST(ParseMoney, RejectsNonsense) {
    EXPECT_FALSE(parseMoney(""));
    EXPECT_FALSE(parseMoney("abc"));
    EXPECT_FALSE(parseMoney("1,2,3"));
    EXPECT_FALSE(parseMoney("-10"));
    EXPECT_FALSE(parseMoney("12.34.5"));
    EXPECT_FALSE(parseMoney("1,234"));
    EXPECT_FALSE(parseMoney("99999999999999"));
    EXPECT_FALSE(parseMoney("R$"));
    EXPECT_FALSE(parseMoney("1.50,00"));
}

TEST(FormatPhone, Brazilian) {
    EXPECT_EQ(formatPhone("+5511999998888"), "+55 11 99999-8888");
    EXPECT_EQ(formatPhone("5511999998888"), "+55 11 99999-8888");
    EXPECT_EQ(formatPhone("+551140000001"), "+55 11 4000-0001");
    EXPECT_EQ(formatPhone("11999998888"), "+55 11 99999-8888");
    EXPECT_EQ(formatPhone("+55 (21) 3000-0002"), "+55 21 3000-0002");
}

TEST(FormatPhone, UnknownFormatsLeftAsTheyAre) {
    EXPECT_EQ(formatPhone("+14155550123"), "+14155550123");
    EXPECT_EQ(formatPhone("+351912345678"), "+351912345678");
    EXPECT_EQ(formatPhone("BR.9000000000000000001"), "BR.9000000000000000001");
    EXPECT_EQ(formatPhone(""), "");
    EXPECT_EQ(formatPhone("123"), "123");
    EXPECT_EQ(formatPhone("+5501999998888"), "+5501999998888");
}

namespace {
// 2026-09-14 13:00 UTC is a Monday; in Brasília (UTC−3) it is 10:00.
constexpr int64_t kNow = 1789390800000;
constexpr int kBrt = -180;
constexpr int64_t kHour = 3600000;
}  // namespace

TEST(FormatTime, ListTimes) {
    setLanguage(Language::PtBr);
    EXPECT_EQ(formatListTime(kNow - kHour / 2, kNow, kBrt), "09:30");
    EXPECT_EQ(formatListTime(kNow - 11 * kHour, kNow, kBrt), "ontem");  // 23:00 local, Sunday
    EXPECT_EQ(formatListTime(kNow - 10 * kHour, kNow, kBrt), "00:00");  // local midnight is today
    EXPECT_EQ(formatListTime(kNow - 2 * 24 * kHour, kNow, kBrt), "sáb");
    EXPECT_EQ(formatListTime(kNow - 6 * 24 * kHour, kNow, kBrt), "ter");
    EXPECT_EQ(formatListTime(kNow - 7 * 24 * kHour, kNow, kBrt), "07/09");
    EXPECT_EQ(formatListTime(kNow - 400LL * 24 * kHour, kNow, kBrt), "10/08/25");
    EXPECT_EQ(formatListTime(0, kNow, kBrt), "");
}

TEST(FormatTime, ZoneMatters) {
    // 02:30 UTC Monday is still Sunday 23:30 in Brasília.
    const int64_t t = kNow - 10 * kHour - 30 * 60000;
    EXPECT_EQ(formatClock(t, 0), "02:30");
    EXPECT_EQ(formatClock(t, kBrt), "23:30");
    EXPECT_EQ(formatDaySeparator(t, kNow, 0), "Hoje");
    EXPECT_EQ(formatDaySeparator(t, kNow, kBrt), "Ontem");
    EXPECT_EQ(formatDaySeparator(kNow - 3 * 24 * kHour, kNow, kBrt), "11/09/2026");
}

TEST(FormatTime, NextLocalMidnightIsWhereTheDayLabelsChange) {
    // 02:30 UTC is 23:30 in Brasília: half an hour to its midnight, 21.5 h to UTC's.
    const int64_t t = kNow - 10 * kHour - 30 * 60000;
    EXPECT_EQ(msUntilNextLocalDay(t, kBrt), 30 * 60000);
    EXPECT_EQ(msUntilNextLocalDay(t, 0), 21 * kHour + 30 * 60000);
    // Exactly at midnight the next one is a whole day away, never 0 (a wake must lie ahead).
    const int64_t midnight = t + msUntilNextLocalDay(t, kBrt);
    EXPECT_EQ(msUntilNextLocalDay(midnight, kBrt), 24 * kHour);
    EXPECT_EQ(formatDaySeparator(t, midnight, kBrt), "Ontem");
    EXPECT_EQ(formatDaySeparator(t, midnight - 1, kBrt), "Hoje");
}

TEST(ReplyWindowText, OpenAmberExpired) {
    setLanguage(Language::PtBr);
    const int64_t now = kNow;
    ReplyWindow w = replyWindow(now + 18 * kHour + 30 * 60000 + 5000, now);
    EXPECT_EQ(w.text, "Aberta · expira em 18h 30min");
    EXPECT_TRUE(w.canSendFreeText);
    EXPECT_FALSE(w.amber);
    w = replyWindow(now + 3 * kHour + 59 * 60000, now);
    EXPECT_TRUE(w.amber);
    EXPECT_EQ(w.state, WindowState::Closing);
    w = replyWindow(now + 45 * 60000 + 1, now);
    EXPECT_EQ(w.text, "Aberta · expira em 45min");
    w = replyWindow(now - 1, now);
    EXPECT_EQ(w.text, "Expirada · envie um template");
    EXPECT_FALSE(w.canSendFreeText);
    w = replyWindow(now, now);
    EXPECT_EQ(w.state, WindowState::Expired);
    w = replyWindow(std::nullopt, now);
    EXPECT_FALSE(w.canSendFreeText);
    EXPECT_EQ(w.state, WindowState::Unknown);
}

TEST(ReplyWindowText, NextChangeIsTheNextMinuteBoundary) {
    const int64_t now = kNow;
    const ReplyWindow w = replyWindow(now + 2 * kHour + 10 * 60000 + 15000, now);
    EXPECT_EQ(w.nextChangeAtServerMs, now + 15001);
    const ReplyWindow later = replyWindow(now + 2 * kHour + 10 * 60000 + 15000, w.nextChangeAtServerMs);
    EXPECT_NE(later.text, w.text);
    const ReplyWindow justBefore = replyWindow(now + 2 * kHour + 10 * 60000 + 15000, w.nextChangeAtServerMs - 1);
    EXPECT_EQ(justBefore.text, w.text);
}

TEST(ReplyWindowText, NextStateChangeIsAmberThenExpiry) {
    const int64_t now = kNow;
    const int64_t expires = now + 18 * kHour + 15000;
    const ReplyWindow open = replyWindow(expires, now);
    EXPECT_EQ(replyWindow(expires, open.nextStateChangeAtServerMs - 1).state, WindowState::Open);
    const ReplyWindow amber = replyWindow(expires, open.nextStateChangeAtServerMs);
    EXPECT_EQ(amber.state, WindowState::Closing);
    EXPECT_EQ(amber.nextStateChangeAtServerMs, expires);
    EXPECT_EQ(replyWindow(expires, expires - 1).state, WindowState::Closing);
    EXPECT_EQ(replyWindow(expires, expires).state, WindowState::Expired);
    EXPECT_EQ(replyWindow(expires, expires).nextStateChangeAtServerMs, 0);
    EXPECT_EQ(replyWindow(std::nullopt, now).nextStateChangeAtServerMs, 0);
}

TEST(ReplyWindowText, AgainstServerClockNotLocal) {
    // The local clock is 10 min behind the server: the window really expired.
    const int64_t expires = kNow + 5 * 60000;
    const int64_t localNow = kNow;
    const int64_t serverOffset = 10 * 60000;
    EXPECT_TRUE(replyWindow(expires, localNow).canSendFreeText);
    EXPECT_FALSE(replyWindow(expires, localNow + serverOffset).canSendFreeText);
}

TEST(Preview, TypeAware) {
    setLanguage(Language::PtBr);
    Message m;
    m.type = "image";
    m.media = Media{};
    EXPECT_EQ(messagePreview(m), "📷 Foto");
    m.media->caption = "Olha isso";
    EXPECT_EQ(messagePreview(m), "📷 Olha isso");
    m = Message{};
    m.type = "audio";
    m.media = Media{};
    m.media->voice = true;
    EXPECT_EQ(messagePreview(m), "🎤 Mensagem de voz");
    m.media->voice = false;
    EXPECT_EQ(messagePreview(m), "🎤 Áudio");
    m = Message{};
    m.type = "document";
    m.media = Media{};
    m.media->filename = "Comprovante_Pix_março_2026 (1).pdf";
    EXPECT_EQ(messagePreview(m), "📄 Comprovante_Pix_março_2026 (1).pdf");
    m = Message{};
    m.type = "location";
    EXPECT_EQ(messagePreview(m), "📍 Localização");
    m.text = "📍 Localização";  // the server's lastMessage text already has the icon
    EXPECT_EQ(messagePreview(m), "📍 Localização");
    m = Message{};
    m.type = "poll_creation";
    m.text = "[Mensagem não suportada: poll_creation]";
    EXPECT_EQ(messagePreview(m), "[Mensagem não suportada: poll_creation]");
    m.text.clear();
    EXPECT_EQ(messagePreview(m), "⚠️ Mensagem não suportada");
    m = Message{};
    m.deleted = true;
    EXPECT_EQ(messagePreview(m), "🚫 Mensagem apagada");
    m = Message{};
    m.type = "text";
    m.text = "linha 1\nlinha 2";
    EXPECT_EQ(messagePreview(m), "linha 1 linha 2");
}

TEST(Templates, FillPlaceholders) {
    EXPECT_EQ(fillTemplate("Olá {{1}}! Seu pedido {{2}} saiu.", {"Ana", "#42"}), "Olá Ana! Seu pedido #42 saiu.");
    EXPECT_EQ(fillTemplate("Olá {{1}} {{3}}", {"Ana"}), "Olá Ana {{3}}");
    EXPECT_EQ(fillTemplate("{{x}} {{}} {{123}} {{", {"a"}), "{{x}} {{}} {{123}} {{");
}
