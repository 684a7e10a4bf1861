import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PageTests {
    @Test func thePlayPageFollowsThePlayersLanguage() async throws {
        try await TestService().withClient { client in
            let finnish = String(buffer: try await client.execute(uri: "/q/golf-club?lang=fi", method: .get).body)
            let polish = String(buffer: try await client.execute(uri: "/q/golf-club", method: .get, headers: [.acceptLanguage: "pl-PL"]).body)

            #expect(finnish.contains(#"<html lang="fi" dir="ltr">"#))
            #expect(finnish.contains("<title>Mikä golfmaila olisit?</title>"))
            #expect(finnish.contains(#"data-quiz="golf-club""#))
            #expect(polish.contains(#"<html lang="pl" dir="ltr">"#))
        }
    }

    @Test func theIndexListsEveryQuiz() async throws {
        try await TestService().withClient { client in
            let page = String(buffer: try await client.execute(uri: "/", method: .get).body)

            #expect(page.contains(#"href="/q/golf-club""#))
            #expect(page.contains(#"href="/q/social-seller""#))
            #expect(page.contains("Which golf club are you?"))
        }
    }

    @Test func pagesAndAssetsCarrySecurityHeaders() async throws {
        try await TestService().withClient { client in
            for uri in ["/q/golf-club", "/js/play.js", "/css/quizfunnel.css", "/images/golf-club/driver.en.png", "/api/quizzes"] {
                let response = try await client.execute(uri: uri, method: .get)

                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(!policy.contains("unsafe-inline"))
                // Only the play page may be framed (by this site and the quiz's embed origins).
                #expect(policy.contains(uri.hasPrefix("/q/") ? "frame-ancestors 'self'" : "frame-ancestors 'none'"), "\(uri)")
            }
        }
    }

    @Test func quizTextsAreEscaped() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-xss-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var quiz = try String(contentsOf: repositoryRoot.appendingPathComponent("Quizzes/social-seller.json"), encoding: .utf8)
        quiz = quiz.replacingOccurrences(of: "What kind of social seller are you?", with: "<script>alert('x')</script> & \\\"co\\\"")
        try quiz.write(to: folder.appendingPathComponent("social-seller.json"), atomically: true, encoding: .utf8)

        try await TestService(quizzesFolder: folder.path).withClient { client in
            let play = String(buffer: try await client.execute(uri: "/q/social-seller", method: .get).body)
            let index = String(buffer: try await client.execute(uri: "/", method: .get).body)

            for page in [play, index] {
                #expect(!page.contains("<script>alert"))
                #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"))
            }
        }
    }

    @Test func anUnknownQuizPageIsAFriendly404() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/q/croquet", method: .get)

            #expect(response.status == .notFound)
            #expect(String(buffer: response.body).contains(#"<a href="/">"#))
        }
    }
}
