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
        #expect(result.segment.image == "/images/golf-club/driver.png")
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
