import Foundation
import QuizfunnelDomain
import Testing

@Suite struct QuizLoadingTests {
    @Test func loadsAValidQuizWithItsTexts() throws {
        let catalog = try QuizCatalog.load(files: [try fixturePath("valid/bird.json")])

        let quiz = try #require(catalog.quiz(id: "bird"))
        #expect(quiz.defaultLocale == "en")
        #expect(quiz.segments.map(\.id) == ["owl", "lark"])
        #expect(quiz.questions[1].answers[1].text == .universal("Zzz"))
        #expect(quiz.title.resolved(for: "fi", defaultLocale: "en") == "Mikä lintu olet?")
        #expect(quiz.title.resolved(for: "de", defaultLocale: "en") == "Which bird are you?")
    }

    @Test func theShippedQuizzesAreValid() throws {
        let catalog = try QuizCatalog.load(folder: shippedQuizzesFolder)

        let golf = try #require(catalog.quiz(id: "golf-club"))
        #expect(golf.locales == ["en", "fi", "pl", "es", "ru"])
        #expect(golf.segments.count == 4)
        #expect(golf.questions.count >= 6)
        let seller = try #require(catalog.quiz(id: "social-seller"))
        #expect(seller.title.resolved(for: "en", defaultLocale: "en") == "What kind of social seller are you?")
    }

    @Test func everyShippedSegmentCanBeTheResult() throws {
        let catalog = try QuizCatalog.load(folder: shippedQuizzesFolder)

        for quiz in catalog.quizzes {
            let simulation = Simulation(of: quiz)
            #expect(simulation.exhaustive)
            #expect(simulation.errors == [], "\(quiz.id)")
            #expect(simulation.segments.allSatisfy { $0.share > 0 }, "\(quiz.id)")
        }
    }

    @Test func thePlayerViewHidesScores() throws {
        let quiz = try #require(try QuizCatalog.load(files: [try fixturePath("valid/bird.json")]).quiz(id: "bird"))

        let view = quiz.playerView(locale: "fi")
        let json = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)

        #expect(view.title == "Mikä lintu olet?")
        #expect(view.questions[0].answers.map(\.text) == ["Myöhään", "Aikaisin"])
        #expect(view.consent.text == "Kyllä, lähettäkää sähköpostia.")
        #expect(!json.contains("scores"))
        #expect(!json.contains("owl"))
    }
}
