import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Random and mutated bodies at every endpoint that reads one: always a 2xx or a 4xx with an error message, never a 5xx.
@Suite struct RequestFuzzTests {
    static let endpoints = [
        "/api/quizzes/golf-club/results", "/api/quizzes/golf-club/leads", "/api/quizzes/golf-club/events", "/api/unsubscribe",
        "/u/\(String(repeating: "A", count: 32))",
    ]

    @Test func randomBodiesNeverCauseAServerError() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            let valid: [String: Any] = [
                "resultId": result.resultId, "email": "anna@example.com", "consent": true, "answers": GolfAnswers.driver,
                "texts": ["wish": "Lighter, please"], "quizVersion": service.catalog.quiz(id: "golf-club")?.version ?? "",
                "events": [["type": "answer", "question": 2], ["type": "product", "segment": "driver", "index": 1]],
                "token": String(repeating: "A", count: 32),
            ]
            var random = SplitMix64(seed: 7)
            for round in 0..<300 {
                let body = Self.mutate(valid, using: &random)
                let data = (try? JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed, .sortedKeys])) ?? Data("{".utf8)
                let bytes = round % 10 == 0 ? Data(data.shuffled(using: &random)) : data
                let endpoint = Self.endpoints[round % Self.endpoints.count]

                let response = try await client.execute(
                    uri: endpoint,
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(data: bytes)
                )

                #expect(response.status.code < 500, "\(endpoint) \(String(decoding: bytes, as: UTF8.self))")
                if response.status.code >= 400 {
                    #expect(
                        (try? errorMessage(response)) != nil || response.headers[.contentType]?.hasPrefix("text/html") == true,
                        "\(endpoint) \(response.status) \(String(buffer: response.body))"
                    )
                }
            }
        }
    }

    static func mutate(_ valid: [String: Any], using random: inout SplitMix64) -> Any {
        let odd: [Any] = [
            NSNull(), -1, 1e300, "", "\u{0}", "'; DROP TABLE lead; --", [], [:], true, ["nested": ["deeper": [1, 2]]],
            String(repeating: "é", count: 3000),
        ]
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return odd.randomElement(using: &random)!
        // Keys in sorted order, here and below: a dictionary's own order changes from run to run, and the seed only
        // replays a failing round if the random numbers go to the same keys every time.
        case 1: return Dictionary(uniqueKeysWithValues: valid.keys.sorted().filter { _ in Bool.random(using: &random) }.map { ($0, valid[$0]!) })
        default:
            var body = valid
            for key in valid.keys.sorted() where Int.random(in: 0..<3, using: &random) == 0 {
                body[key] = odd.randomElement(using: &random)!
            }
            return body
        }
    }
}
