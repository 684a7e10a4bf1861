import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// What the richer quiz format gives players and marketers through the API: picture answers, free answers stored with
/// the result, exclusions and the fallback, products and their clicks, the quiz's version and the simulation.
@Suite struct QuizContentAPITests {
    struct PlayerQuizBody: Decodable {
        struct Question: Decodable {
            struct Answer: Decodable {
                struct Picture: Decodable, Equatable {
                    var src: String
                    var alt: String
                    var width: Int?
                    var height: Int?
                }
                var id: String
                var image: Picture?
            }
            var id: String
            var type: String
            var required: Bool
            var answers: [Answer]
        }
        var quizVersion: String
        var questions: [Question]
    }

    struct CreatedBody: Decodable {
        struct Segment: Decodable {
            struct Product: Decodable, Equatable {
                var index: Int
                var title: String
                var url: String
                var image: String?
                var price: String?
            }
            var id: String
            var image: String?
            var products: [Product]
        }
        var resultId: String
        var quizVersion: String
        var segment: Segment
    }

    static var wishingDriver: [String: Any] { ["answers": GolfAnswers.driver, "texts": ["wish": "Lighter, please"]] }

    @Test func theQuizCarriesItsVersionItsPicturesAndItsTextQuestion() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let quiz = try decode(PlayerQuizBody.self, from: try await client.execute(uri: "/api/quizzes/golf-club?lang=fi", method: .get))

            #expect(quiz.quizVersion == service.catalog.quiz(id: "golf-club")?.version)
            #expect(quiz.quizVersion.count == 16)
            #expect(
                quiz.questions[0].answers[0].image
                    == .init(src: "/images/golf-club/answers/big-start.png", alt: "Auringonnousu vuorenharjanteen yllä", width: 320, height: 320)
            )
            let wish = try #require(quiz.questions.last)
            #expect((wish.id, wish.type, wish.required, wish.answers.count) == ("wish", "text", false, 0))
            let social = String(buffer: try await client.execute(uri: "/api/quizzes/social-seller", method: .get).body)
            #expect(!social.contains("excludes") && !social.contains("fallback"), "the page cannot read the outcome rules")
        }
    }

    @Test func aFreeAnswerIsStoredWithTheResultAndTheVersionItWasScoredAgainst() async throws {
        let service = try TestService()
        let created = try await service.withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/results", object: Self.wishingDriver)
            #expect(response.status == .created)
            return try decode(CreatedBody.self, from: response)
        }

        let version = try #require(service.catalog.quiz(id: "golf-club")?.version)
        #expect(created.quizVersion == version)
        let stored = try #require(try await service.storedResults().first)
        #expect(stored.texts == ["wish": "Lighter, please"])
        #expect(stored.quizVersion == version)
        #expect(stored.answers == GolfAnswers.driver, "the text is not among the choices")
    }

    @Test(arguments: [
        (["party": "stories"], "texts.party: question \"party\" is not a text question; its answer goes under \"answers\""),
        (["wish": String(repeating: "x", count: 501)], "texts.wish: the answer to \"wish\" must be at most 500 characters"),
        (["wish": "one\u{7}two"], "texts.wish: the answer to \"wish\" must not contain control characters such as line breaks or tabs"),
    ])
    func aWrongFreeAnswerIsA422NamingIt(texts: [String: String], message: String) async throws {
        let service = try TestService()
        try await service.withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver, "texts": texts])

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
        #expect(try await service.count("result") == 0)
    }

    @Test func anExcludingAnswerLeadsToTheFallbackAndABranchSkipsQuestions() async throws {
        try await TestService().withClient { client in
            let starter: [String: String] = [
                "market": "consumers", "network": "not-yet", "success": "viral", "time": "film", "measure": "shares",
            ]
            let response = try await client.post("/api/quizzes/social-seller/results", object: ["answers": starter])
            #expect(response.status == .created)
            #expect(try decode(CreatedBody.self, from: response).segment.id == "starter")

            var offPath = starter
            offPath["first-post"] = "offer"
            let refused = try await client.post("/api/quizzes/social-seller/results", object: ["answers": offPath])
            #expect(refused.status == .unprocessableContent)
            #expect(try errorMessage(refused) == "answers.first-post: question \"first-post\" is not on the path these answers take")
        }
    }

    @Test func theResultShowsTheSegmentsProductsAndAClickOnOneIsCounted() async throws {
        try await TestService().withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/results", object: Self.wishingDriver.merging(["lang": "pl"]) { $1 })
            let segment = try decode(CreatedBody.self, from: response).segment
            #expect(segment.image == "/images/golf-club/driver.pl.png")
            #expect(segment.products.map(\.index) == [0, 1, 2])
            #expect(
                segment.products[0]
                    == .init(
                        index: 0,
                        title: "Fairway Launch X driver",
                        url: "https://example.com/golf/launch-x",
                        image: "/images/golf-club/products/driver-1.png",
                        price: "€ 449"
                    )
            )

            let click = #"{"events": [{"type": "product", "segment": "driver", "index": 1}], "lang": "pl"}"#
            #expect(try await client.post("/api/quizzes/golf-club/events", json: click).status == .noContent)
            for (event, message) in [
                (#"{"type": "product", "segment": "driver", "index": 3}"#, "events[0].index: must be the index of one of the segment's 3 products"),
                (#"{"type": "product", "segment": "eagle", "index": 0}"#, "events[0].segment: must be a segment of this quiz"),
            ] {
                let refused = try await client.post("/api/quizzes/golf-club/events", json: #"{"events": [\#(event)]}"#)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorMessage(refused) == message)
            }

            let stats = try decode(StatsProducts.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))
            #expect(stats.products.filter { $0.clicks > 0 } == [.init(segment: "driver", index: 1, title: "Long-distance balls, 12 pack", clicks: 1)])
            #expect(stats.products.count == 10, "every product of every segment, clicked or not")
        }
    }

    struct StatsProducts: Decodable {
        struct Product: Decodable, Equatable {
            var segment: String
            var index: Int
            var title: String
            var clicks: Int
        }
        var products: [Product]
    }

    @Test func theSimulationIsTheCheckersForTheRunningQuiz() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let response = try await client.admin("/api/admin/quizzes/social-seller/simulation")
            let simulation = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? NSDictionary
            let expected = Simulation(of: try #require(service.catalog.quiz(id: "social-seller")))
            #expect(simulation == (try JSONSerialization.jsonObject(with: JSONEncoder().encode(expected)) as? NSDictionary))
            #expect(expected.exhaustive && expected.errors.isEmpty)
            #expect(abs(expected.segments.map(\.share).reduce(0, +) - 1) < 1e-9)
            #expect(expected.segments.first { $0.id == "starter" }?.fallbackShare == expected.segments.first { $0.id == "starter" }?.share)

            #expect(try await client.execute(uri: "/api/admin/quizzes/social-seller/simulation", method: .get).status == .unauthorized)
            let refused = try await client.admin("/api/admin/quizzes/social-seller/simulation?players=0")
            #expect(refused.status == .unprocessableContent)
        }
    }

    @Test func erasingAPersonRemovesTheWordsOfAResultAnotherAddressKeeps() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let created = try decode(CreatedBody.self, from: try await client.post("/api/quizzes/golf-club/results", object: Self.wishingDriver))
            for email in ["first@example.com", "second@example.com"] {
                #expect(try await client.subscribe(resultID: created.resultId, email: email).status == .created)
            }

            #expect(try await client.admin("/api/admin/leads/first@example.com", method: .delete).status == .ok)
        }

        let kept = try #require(try await service.storedResults().first)
        #expect(kept.texts == nil)
        #expect(kept.answers == GolfAnswers.driver)
    }

    @Test func theAnswersPanelCountsEveryChoicePerSegmentAndShowsTheLatestWords() async throws {
        try await TestService().withClient { client in
            _ = try await client.post("/api/quizzes/golf-club/results", object: Self.wishingDriver)
            _ = try await client.post(
                "/api/quizzes/golf-club/results",
                object: ["answers": GolfAnswers.driver, "texts": ["wish": "<b>More</b> distance"]]
            )
            _ = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.putter])

            let response = try await client.admin("/api/admin/quizzes/golf-club/answers")
            let summary = try decode(AnswerSummary.self, from: response)

            let saturday = try #require(summary.questions.first { $0.id == "saturday" }?.answers)
            #expect(saturday.map(\.id) == ["big-start", "long-walk", "garage", "no-hurry"])
            #expect(saturday[0].total == 2 && saturday[0].segments == ["driver": 2])
            #expect(saturday[3].total == 1 && saturday[3].segments == ["putter": 1])
            #expect(saturday[1].total == 0 && saturday[1].segments.isEmpty)
            let wish = try #require(summary.questions.first { $0.id == "wish" })
            #expect(wish.type == "text" && wish.answers == nil)
            #expect(wish.latest?["driver"]?.map(\.text) == ["<b>More</b> distance", "Lighter, please"], "newest first, as written")
            #expect(wish.latest?["putter"] == nil)
        }
    }

    @Test func aRequiredTextQuestionABranchSkipsNeedsNoText() async throws {
        // The golf quiz with its wish required, and "they need honest advice" ending the quiz before it.
        let folder = try QuizReloadTests.quizFolder()
        try QuizReloadTests.changeGolf(in: folder) { quiz in
            var questions = quiz["questions"] as! [[String: Any]]
            questions[6]["required"] = true
            var friends = questions[5]["answers"] as! [[String: Any]]
            friends[3]["next"] = "result"
            questions[5]["answers"] = friends
            quiz["questions"] = questions
        }
        try await TestService(quizzesFolder: folder.path).withClient { client in
            let skipped = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.putter])
            let unwritten = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver])

            #expect(skipped.status == .created)
            #expect(unwritten.status == .unprocessableContent)
            #expect(try errorMessage(unwritten) == "texts.wish: question \"wish\" is not answered")
        }
    }
}
