import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

@Suite struct ResultAPITests {
    @Test func scoresOnTheServerAndStoresTheResultWithItsAttribution() async throws {
        let service = try TestService()
        let result = try await service.withClient { client in
            try await client.playGolf(
                GolfAnswers.driver,
                extra: ["lang": "fi", "utm": ["source": "facebook", "medium": "social", "campaign": "spring"], "ref": "krysia"]
            )
        }

        #expect(result.segment.id == "driver")
        #expect(result.segment.title == "Draiveri")
        #expect(result.segment.image == "/images/golf-club/driver.fi.png")  // the share card in the player's language
        let stored = try #require(try await service.storedResults().first { $0.id == result.resultId })
        #expect(stored.segmentID == "driver")
        #expect(stored.locale == "fi")
        #expect(stored.answers == GolfAnswers.driver)
        #expect(stored.attribution.utm.source == "facebook")
        #expect(stored.attribution.utm.campaign == "spring")
        #expect(stored.attribution.ref == "krysia")
    }

    @Test func resultIDsAreLongRandomAndUnique() async throws {
        let ids = try await TestService().withClient { client in
            var ids: Set<String> = []
            for _ in 0..<20 { ids.insert(try await client.playGolf(GolfAnswers.putter).resultId) }
            return ids
        }

        #expect(ids.count == 20)
        #expect(ids.allSatisfy { $0.count == 22 })  // 128 bits in base64url
    }

    @Test(arguments: [
        (#"{"answers": {"saturday": "nope"}}"#, "answers.saturday: unknown answer \"nope\""),
        (#"{"answers": {"sunday": "x"}}"#, "answers.sunday: unknown question \"sunday\""),
        (#"{"answers": {"saturday": "big-start"}}"#, "answers.party: question \"party\" is not answered"),
        (#"{"answers": ["big-start"]}"#, "answers: expected an object of strings"),
        (#"{"answers": {"saturday": 3}}"#, "answers.saturday: expected a string"),
        (#"{"lang": "fi"}"#, "answers: missing required field"),
    ])
    func badAnswersAre422sNamingTheField(body: String, message: String) async throws {
        try await TestService().withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/results", json: body)

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
    }

    @Test func aBranchingQuizScoresThePlayersPathAndNamesAnAnswerOffIt() async throws {
        // The golf quiz with one branch: "big-start" on the first question skips "party" and "problem".
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-branch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = repositoryRoot.appendingPathComponent("Quizzes/golf-club.json")
        var golf = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: original)) as? [String: Any])
        golf.removeValue(forKey: "$schema")
        var questions = try #require(golf["questions"] as? [[String: Any]])
        var answers = try #require(questions[0]["answers"] as? [[String: Any]])
        let jumping = try #require(answers.firstIndex { $0["id"] as? String == "big-start" })
        answers[jumping]["next"] = "holiday"
        questions[0]["answers"] = answers
        golf["questions"] = questions
        try JSONSerialization.data(withJSONObject: golf).write(to: folder.appendingPathComponent("golf-club.json"))
        let path = GolfAnswers.driver.filter { $0.key != "party" && $0.key != "problem" }

        try await TestService(quizzesFolder: folder.path).withClient { client in
            let quiz = String(buffer: try await client.execute(uri: "/api/quizzes/golf-club", method: .get).body)
            let scored = try await client.post("/api/quizzes/golf-club/results", object: ["answers": path])
            let offPath = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver])

            #expect(quiz.contains(#""next":"holiday""#), "the page learns where the answer leads")
            #expect(scored.status == .created)
            #expect(try decode(ResultBody.self, from: scored).segment.id == "driver")
            #expect(offPath.status == .unprocessableContent)
            #expect(try errorMessage(offPath) == "answers.party: question \"party\" is not on the path these answers take")
        }
    }

    @Test func badAttributionIsA422() async throws {
        try await TestService().withClient { client in
            let badRef = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver, "ref": "<script>"])
            let badUTM = try await client.post(
                "/api/quizzes/golf-club/results",
                object: ["answers": GolfAnswers.driver, "utm": ["source": String(repeating: "x", count: 201)]]
            )

            #expect(badRef.status == .unprocessableContent)
            #expect(try errorMessage(badRef).hasPrefix("ref: "))
            #expect(badUTM.status == .unprocessableContent)
            #expect(try errorMessage(badUTM).hasPrefix("utm.source: "))
        }
    }

    @Test func malformedAndOversizedBodiesAreRefusedWithout500() async throws {
        try await TestService().withClient { client in
            let malformed = try await client.post("/api/quizzes/golf-club/results", json: #"{"answers": "#)
            let oversized = try await client.post(
                "/api/quizzes/golf-club/results",
                json: #"{"answers": {}, "pad": ""# + String(repeating: "x", count: 20_000) + #""}"#
            )

            #expect(malformed.status == .badRequest)
            #expect(try errorMessage(malformed) == "request body is not valid JSON")
            #expect(oversized.status == .contentTooLarge)
        }
    }
}
