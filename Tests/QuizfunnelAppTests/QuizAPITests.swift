import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct QuizAPITests {
    @Test func healthProbesAnswer() async throws {
        try await TestService().withClient { client in
            try await client.execute(uri: "/livez", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ready"}"#)
            }
        }
    }

    @Test func listsTheQuizzes() async throws {
        struct Summary: Decodable, Equatable {
            var id: String
            var title: String
            var locales: [String]
        }
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/api/quizzes", method: .get)

            let quizzes = try decode([Summary].self, from: response)
            #expect(quizzes.map(\.id) == ["golf-club", "social-seller"])
            #expect(quizzes[0] == Summary(id: "golf-club", title: "Which golf club are you?", locales: ["en", "fi", "pl", "es", "ru"]))
        }
    }

    @Test func showsAQuizInTheAskedLocaleWithoutScores() async throws {
        struct PlayerQuiz: Decodable {
            struct Question: Decodable {
                var id: String
                var text: String
            }
            var locale: String
            var title: String
            var questions: [Question]
        }
        try await TestService().withClient { client in
            let byQuery = try await client.execute(uri: "/api/quizzes/golf-club?lang=fi", method: .get, headers: [.acceptLanguage: "pl"])
            let byHeader = try await client.execute(uri: "/api/quizzes/golf-club", method: .get, headers: [.acceptLanguage: "ru-RU,ru;q=0.9"])
            let byDefault = try await client.execute(uri: "/api/quizzes/golf-club?lang=sv", method: .get)

            #expect(try decode(PlayerQuiz.self, from: byQuery).title == "Mikä golfmaila olisit?")
            #expect(try decode(PlayerQuiz.self, from: byHeader).locale == "ru")
            #expect(try decode(PlayerQuiz.self, from: byDefault).questions.first?.text == "Your ideal Saturday?")
            #expect(!String(buffer: byQuery.body).contains("scores"))
        }
    }

    @Test func anUnknownQuizIsA404() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/api/quizzes/croquet", method: .get)

            #expect(response.status == .notFound)
            #expect(try errorMessage(response) == "quiz \"croquet\" not found")
        }
    }
}
