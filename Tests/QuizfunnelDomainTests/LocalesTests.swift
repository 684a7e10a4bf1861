import QuizfunnelDomain
import Testing

@Suite struct LocalesTests {
    let available = ["en", "fi", "pt-BR"]

    @Test func theQueryWinsWhenTheQuizHasIt() {
        #expect(Locales.negotiate(requested: "fi", acceptLanguage: "pt-BR", available: self.available) == "fi")
        #expect(Locales.negotiate(requested: "FI-fi", acceptLanguage: nil, available: self.available) == "fi")
    }

    @Test func thenAcceptLanguageByWeight() {
        #expect(Locales.negotiate(requested: "de", acceptLanguage: "de-DE, fi;q=0.5, en;q=0.8", available: self.available) == "en")
        #expect(Locales.negotiate(requested: nil, acceptLanguage: "pt;q=0.9, en;q=0", available: self.available) == "pt-BR")
    }

    @Test func thenTheDefault() {
        #expect(Locales.negotiate(requested: nil, acceptLanguage: nil, available: self.available) == "en")
        #expect(Locales.negotiate(requested: "sv", acceptLanguage: "*", available: self.available) == "en")
    }

    @Test func rightToLeftScriptsGetRTL() {
        #expect(Locales.direction(of: "ar") == "rtl")
        #expect(Locales.direction(of: "he-IL") == "rtl")
        #expect(Locales.direction(of: "fi") == "ltr")
    }

    @Test(arguments: [("en", true), ("pt-BR", true), ("zh-Hans", true), ("e", false), ("english", false), ("en_US", false)])
    func languageTagsAreChecked(tag: String, isValid: Bool) {
        #expect(Locales.isWellFormedTag(tag) == isValid)
    }
}
