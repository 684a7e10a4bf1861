import Foundation
import Hummingbird
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// A result's stored answers and its 201 are put together from JSON encoded at start-up; they must say exactly what
/// encoding them on every request said.
@Suite struct ResultViewsTests {
    let catalog: QuizCatalog
    let views: ResultViews

    init() throws {
        self.catalog = try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)
        self.views = try ResultViews(catalog: self.catalog)
    }

    @Test func everyAnswerOfEveryShippedQuizIsStoredAsItWasGiven() throws {
        for quiz in self.catalog.quizzes {
            // Each answer of each question on its path at least once: play k takes answer k of every choice question it
            // reaches, and follows where that answer leads.
            let plays = quiz.questions.map(\.answers.count).max() ?? 0
            for play in 0..<plays {
                var answers: [String: String] = [:]
                var position: Int? = 0
                while let index = position {
                    let question = quiz.questions[index]
                    let following = index + 1 < quiz.questions.count ? index + 1 : nil
                    guard !question.answers.isEmpty else {
                        position = following
                        continue
                    }
                    let answer = question.answers[play % question.answers.count]
                    answers[question.id] = answer.id
                    switch answer.next {
                    case nil: position = following
                    case .result: position = nil
                    case .question(let id): position = quiz.questions.firstIndex { $0.id == id }
                    }
                }
                let json = try #require(self.views.answersJSON(quiz: quiz, path: try quiz.path(of: answers)))
                #expect(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)) == answers)
                #expect(json.hasPrefix("{\"\(quiz.questions[0].id)\":"), "in the quiz's question order")
            }
        }
    }

    @Test func anotherVersionsAnswersAreEncodedOnTheSpot() throws {
        // A version of the quiz these views were not made from (one kept across a reload), with an answer id that needs
        // escaping.
        var quiz = try #require(self.catalog.quiz(id: "golf-club"))
        quiz.version = "an-earlier-version"
        quiz.questions[0].answers[0].id = #"dawn "start""#
        var answers = GolfAnswers.driver
        answers["saturday"] = #"dawn "start""#

        let json = try #require(self.views.answersJSON(quiz: quiz, path: try quiz.path(of: answers)))

        #expect(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)) == answers)
    }

    @Test(arguments: [
        "https://quiz.example.com/r/golf-club/driver?lang=fi&ref=AbC123",
        "http://bücher.example:8080/r/golf-club/driver?lang=fi&ref=AbC123",
        "https://quiz.example.com/\"quoted\"/back\\slash/\u{1}/r/golf-club/driver",
    ])
    func theResponseIsTheSegmentInTheLocaleWithTheResultsIdentifiers(shareURL: String) throws {
        let quiz = try #require(self.catalog.quiz(id: "golf-club"))
        let identifiers = ResultIdentifiers(
            resultId: ResultID.make(),
            shareUrl: shareURL,
            shareRef: ResultID.makeShareRef(),
            quizVersion: quiz.version
        )
        for segment in quiz.segments {
            for locale in quiz.locales {
                let body = try #require(try self.views.responseBody(quiz: quiz.id, segment: segment.id, locale: locale, identifiers: identifiers))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? NSDictionary)
                let expected: [String: Any] = [
                    "segment": try JSONSerialization.jsonObject(with: JSONEncoder().encode(segment.playerView(locale: locale, quiz: quiz))),
                    "resultId": identifiers.resultId,
                    "shareUrl": identifiers.shareUrl,
                    "shareRef": identifiers.shareRef,
                    "quizVersion": quiz.version,
                ]
                #expect(object == expected as NSDictionary, "\(segment.id) in \(locale)")
            }
        }
        #expect(try self.views.responseBody(quiz: quiz.id, segment: "no-such-segment", locale: "en", identifiers: identifiers) == nil)
    }

    @Test func onlyTextWithoutQuotesBackslashesOrControlCharactersGoesUnescaped() {
        #expect(ResultViews.plainJSONString("https://bücher.example/r?a=1&b=2") == "\"https://bücher.example/r?a=1&b=2\"")
        #expect(ResultViews.plainJSONString("") == "\"\"")
        for unsafe in ["a\"b", "a\\b", "a\nb", "a\u{0}b", "a\u{1F}b"] {
            #expect(ResultViews.plainJSONString(unsafe) == nil, "\(unsafe.debugDescription)")
        }
    }
}
