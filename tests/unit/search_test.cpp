#include <gtest/gtest.h>

#include "core/search_fold.h"

using namespace inbox::core;

TEST(SearchFold, AccentsAndCase) {
    EXPECT_EQ(foldForSearch("João"), "joao");
    EXPECT_EQ(foldForSearch("AÇÃO Ñandú Çedilha"), "acao nandu cedilha");
    EXPECT_EQ(foldForSearch("Três"), "tres");
    EXPECT_EQ(foldForSearch("Łódź Ørsted"), "lodz orsted");
    EXPECT_EQ(foldForSearch("e\xCC\x81"), "e");  // decomposed é
    EXPECT_EQ(foldForSearch("😊 Olá"), "😊 ola");
    EXPECT_EQ(foldForSearch("\xFF" "a"), "\xEF\xBF\xBD" "a");
}

TEST(SearchFold, ContainsAllTerms) {
    const std::string hay = foldForSearch("João Silva\n5511999998888\nOlá, tudo bem?");
    EXPECT_TRUE(foldedContainsAll(hay, foldForSearch("joao")));
    EXPECT_TRUE(foldedContainsAll(hay, foldForSearch("SILVA joão")));
    EXPECT_TRUE(foldedContainsAll(hay, foldForSearch("tudo")));
    EXPECT_FALSE(foldedContainsAll(hay, foldForSearch("maria")));
    EXPECT_TRUE(foldedContainsAll(hay, ""));
    EXPECT_EQ(digitsOnly("+55 11 99999-8888"), "5511999998888");
}
