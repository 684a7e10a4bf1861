import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@Suite struct LanguageTests {
    @Test func everyLocaleOfAShippedQuizHasEveryInterfaceString() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Public/i18n.json"))
        let tables = try JSONDecoder().decode([String: [String: String]].self, from: data)
        let english = try #require(tables["en"])
        let catalog = try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)

        for locale in Set(catalog.quizzes.flatMap(\.locales)) {
            let table = try #require(tables[locale], "no interface strings for \(locale)")
            #expect(Set(table.keys) == Set(english.keys), "\(locale) lacks \(Set(english.keys).subtracting(table.keys).sorted())")
            #expect(table.values.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func thePlayPageCarriesItsLocalesStringsAndALanguageSwitcher() async throws {
        try await TestService().withClient { client in
            let page = String(buffer: try await client.execute(uri: "/q/golf-club?lang=pl&ref=krysia", method: .get).body)

            #expect(page.contains(#""start":"Rozpocznij quiz""#))
            #expect(page.contains(#"<nav class="languages" aria-label="Język">"#))
            #expect(page.contains(#"<a href="/q/golf-club?lang=fi&amp;ref=krysia" lang="fi" hreflang="fi">Suomi</a>"#))
            #expect(page.contains(#"hreflang="pl" aria-current="true">Polski</a>"#))
        }
    }

    @Test func rightToLeftLocalesGetDirRTL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-rtl-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let quiz = """
            {"id": "rtl", "locales": ["en", "ar"], "title": {"en": "Which bird?", "ar": "أي طائر أنت؟"},
             "segments": [{"id": "owl", "title": "Owl"}, {"id": "lark", "title": "Lark"}],
             "questions": [{"id": "q", "text": "?", "answers": [{"id": "a", "text": "A", "scores": {"owl": 1}}, {"id": "b", "text": "B", "scores": {"lark": 1}}]}],
             "consent": {"version": "1", "text": "Yes"}}
            """
        try quiz.write(to: folder.appendingPathComponent("rtl.json"), atomically: true, encoding: .utf8)

        try await TestService(quizzesFolder: folder.path).withClient { client in
            let arabic = String(buffer: try await client.execute(uri: "/q/rtl?lang=ar", method: .get).body)
            let share = String(buffer: try await client.execute(uri: "/r/rtl/owl?lang=ar", method: .get).body)

            #expect(arabic.contains(#"<html lang="ar" dir="rtl">"#))
            #expect(arabic.contains(#"<title>أي طائر أنت؟</title>"#))
            #expect(arabic.contains(#"lang="ar" hreflang="ar""#))
            #expect(share.contains(#"<html lang="ar" dir="rtl""#))
        }
    }
}
