import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@Suite struct StatsAPITests {
    /// Five players see the quiz from a newsletter or Facebook (via krysia); four start, two finish, one leaves an email.
    static func playKnownMix(_ client: any TestClientProtocol) async throws {
        let facebook: [String: Any] = ["lang": "fi", "utm": ["source": "facebook", "medium": "social"], "ref": "krysia"]
        let newsletter: [String: Any] = ["lang": "en", "utm": ["source": "newsletter", "medium": "email"]]
        // Question numbers each starting player reached before leaving or finishing.
        let plays: [(attribution: [String: Any], reached: Int)] = [(facebook, 7), (facebook, 2), (newsletter, 7), (newsletter, 4)]
        for (attribution, reached) in plays {
            let events = [["type": "view"], ["type": "start"]] + (1...reached).map { ["type": "answer", "question": $0] }
            try await self.report(client, events, attribution)
        }
        try await self.report(client, [["type": "view"]], newsletter)  // looked, never started
        let finisher = try await client.playGolf(GolfAnswers.driver, extra: facebook)
        _ = try await client.playGolf(GolfAnswers.putter, extra: newsletter)
        _ = try await client.subscribe(resultID: finisher.resultId, email: "anna@example.com")
        _ = try await client.subscribe(resultID: finisher.resultId, email: "ANNA@example.com")  // same person again: one lead
        try await self.report(client, [["type": "share", "network": "whatsapp"]], facebook)
    }

    static func report(_ client: any TestClientProtocol, _ events: [[String: Any]], _ attribution: [String: Any]) async throws {
        let response = try await client.post(
            "/api/quizzes/golf-club/events",
            object: attribution.merging(["events": events, "play": UUID().uuidString]) { $1 }
        )
        #expect(response.status == .noContent)
    }

    @Test func theStatsCountExactlyWhatHappened() async throws {
        try await TestService().withClient { client in
            try await Self.playKnownMix(client)

            let stats = try await self.stats(client)

            #expect(stats.funnel.views == 5 && stats.funnel.starts == 4 && stats.funnel.completions == 2 && stats.funnel.leads == 1)
            #expect(stats.funnel.shares == 1)
            #expect(stats.funnel.rates.viewToStart == 0.8)
            #expect(stats.funnel.rates.startToCompletion == 0.5)
            #expect(stats.funnel.rates.completionToLead == 0.5)
            #expect(stats.dropoff.map(\.reached) == [4, 4, 3, 3, 2, 2, 2])
            #expect(stats.dropoff.map(\.left) == [0, 1, 0, 1, 0, 0, 0])
            #expect(stats.dropoff.first?.id == "saturday")
            #expect(
                stats.segments.map { [$0.segment: [$0.completions, $0.leads]] } == [
                    ["driver": [1, 1]], ["iron": [0, 0]], ["wedge": [0, 0]], ["putter": [1, 0]],
                ]
            )
            let facebook = try #require(stats.sources.first { $0.source == "facebook" })
            let facebookCounts: [Int] = [facebook.views, facebook.starts, facebook.completions, facebook.leads]
            #expect(facebookCounts == [2, 2, 1, 1])
            let newsletter = try #require(stats.sources.first { $0.source == "newsletter" })
            let newsletterCounts: [Int] = [newsletter.views, newsletter.starts, newsletter.completions, newsletter.leads]
            #expect(newsletterCounts == [3, 2, 1, 0])
            #expect(stats.refs.map { "\($0.ref) \($0.views) \($0.completions) \($0.leads)" } == ["krysia 2 1 1"])
            #expect(stats.shares.map { "\($0.network) \($0.shares)" } == ["whatsapp 1"])
            #expect(stats.days.count == 30)
            #expect(stats.days.last?.funnel.views == 5)
        }
    }

    @Test(arguments: [
        (#"{"events": [{"type": "lead"}]}"#, "events[0].type: must be view, start, answer, share or product"),
        (#"{"events": [{"type": "answer", "question": 8}]}"#, "events[0].question: must be a question number from 1 to 7"),
        (#"{"events": [{"type": "share", "network": "Face Book"}]}"#, "events[0].network: must be 1 to 32 lower-case letters, digits or \"-\""),
        (#"{"events": []}"#, "events: must hold 1 to 50 events"),
    ])
    func badEventsAre422AndNotCounted(body: String, message: String) async throws {
        try await TestService().withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/events", json: body)

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
            let funnel = try await self.stats(client).funnel
            let counts: [Int] = [funnel.views, funnel.starts, funnel.completions, funnel.leads, funnel.shares]
            #expect(counts == [0, 0, 0, 0, 0])
        }
    }

    @Test func statsNeedTheAdminTokenAndAValidRange() async throws {
        try await TestService().withClient { client in
            let anonymous = try await client.execute(uri: "/api/admin/quizzes/golf-club/stats", method: .get)
            let reversed = try await client.execute(
                uri: "/api/admin/quizzes/golf-club/stats?from=2026-11-30&to=2026-11-01",
                method: .get,
                headers: [.authorization: "Bearer \(TestService.adminToken)"]
            )

            #expect(anonymous.status == .unauthorized)
            #expect(reversed.status == .unprocessableContent)
            #expect(try errorMessage(reversed) == "from: must not be after to")
        }
    }

    private func stats(_ client: any TestClientProtocol) async throws -> FunnelStats {
        let response = try await client.execute(
            uri: "/api/admin/quizzes/golf-club/stats",
            method: .get,
            headers: [.authorization: "Bearer \(TestService.adminToken)"]
        )
        #expect(response.status == .ok)
        return try decode(FunnelStats.self, from: response)
    }
}

/// The drop-off of a quiz that branches: a player whose path skips a question did not leave the one before it.
@Suite struct BranchingDropoffTests {
    @Test func playersWhosePathSkipsAQuestionDidNotLeaveTheOneBefore() async throws {
        try await TestService().withClient { client in
            // Two players take the branch at question 3 ("workaround" skips the holiday, question 4) and finish; one
            // goes straight on to question 4 and leaves there; one leaves at question 3.
            for path in [[1, 2, 3, 5, 6, 7], [1, 2, 3, 5, 6, 7], [1, 2, 3, 4], [1, 2, 3]] {
                try await StatsAPITests.report(client, Self.answerEvents(path), [:])
            }
            var brancher = GolfAnswers.driver
            brancher["problem"] = "workaround"
            brancher["holiday"] = nil
            for _ in 0..<2 { _ = try await client.playGolf(brancher) }

            let stats = try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))

            #expect(stats.dropoff.map(\.reached) == [4, 4, 4, 1, 2, 2, 2])
            #expect(stats.dropoff.map(\.left) == [0, 0, 1, 1, 0, 0, 0])
        }
    }

    /// The play page's `answer` events along `path`: each question reached, and the one the player went on from.
    static func answerEvents(_ path: [Int]) -> [[String: Any]] {
        path.enumerated().map { index, question in
            index == 0 ? ["type": "answer", "question": question] : ["type": "answer", "question": question, "from": path[index - 1]]
        }
    }
}
