import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// An A/B test of the golf quiz: page loads are given variants by weight, a play keeps its variant from view to lead,
/// the stats count every step per variant, and exports carry it. Runs on SQLite and, in `scripts/test`, on PostgreSQL.
@Suite struct VariantAPITests {
    /// The golf quiz with a control (`a`, weight 1) and `b` (weight 3), which asks for the address before the result.
    static func service(optIn: OptInMode? = .single) throws -> TestService {
        try TestService(quizzesFolder: try self.quizzesFolder().path, optIn: optIn)
    }

    static func quizzesFolder() throws -> URL {
        let folder = try QuizReloadTests.quizFolder()
        try QuizReloadTests.changeGolf(in: folder) { quiz in
            quiz["variants"] = [
                ["id": "a", "weight": 1],
                [
                    "id": "b", "weight": 3, "title": "Which club swings like you?", "startLabel": "Swing away",
                    "leadForm": "before-result", "segments": ["driver": ["description": "Variant B's words for drivers."]],
                ],
            ]
        }
        return folder
    }

    @Test func pageLoadsAreGivenVariantsByWeight() async throws {
        try await Self.service().withClient { client in
            let loads = 800
            var shown: [String: Int] = [:]
            for _ in 0..<loads {
                let page = String(buffer: try await client.execute(uri: "/q/golf-club?lang=en", method: .get).body)
                let variant = try #require(page.firstMatch(of: /data-variant="([a-z]*)"/)?.output.1)
                shown[String(variant), default: 0] += 1
                if variant == "b" { #expect(page.contains("<h1 id=\"quiz-title\">Which club swings like you?</h1>")) }
            }

            // b is weighted 3 of 4: within 4.5 standard deviations of 600 (a miss once in 150,000 runs).
            let deviation = (Double(loads) * 0.75 * 0.25).squareRoot()
            #expect(abs(Double(shown["b", default: 0]) - 600) < 4.5 * deviation, "\(shown)")
            #expect(shown["a", default: 0] + shown["b", default: 0] == loads)
        }
    }

    @Test func aPreviewAsksForItsVariant() async throws {
        try await Self.service().withClient { client in
            for _ in 0..<20 {
                let page = String(buffer: try await client.execute(uri: "/q/golf-club?variant=a", method: .get).body)
                #expect(page.contains(#"data-variant="a""#))
            }
            let quiz = try await client.execute(uri: "/api/quizzes/golf-club?lang=en&variant=b", method: .get)
            let view = try #require(try JSONSerialization.jsonObject(with: Data(quiz.body.readableBytesView)) as? [String: Any])
            #expect(view["variant"] as? String == "b")
            #expect(view["variants"] as? [String] == ["a", "b"])
            #expect(view["leadForm"] as? String == "before-result")
            #expect((view["texts"] as? [String: String])?["start"] == "Swing away")
            let unknown = try await client.execute(uri: "/api/quizzes/golf-club?variant=z", method: .get)
            #expect(unknown.status == .unprocessableContent)
            #expect(try errorMessage(unknown) == #"variant: unknown variant; this quiz has "a", "b""#)
        }
    }

    @Test func aPlayKeepsItsVariantFromResultToLeadAndEveryExportCarriesIt() async throws {
        try await Self.service().withClient { client in
            let result = try await client.playGolf(
                GolfAnswers.driver,
                extra: ["variant": "b", "clickIds": ["fbclid": "IwAR1abc", "gclid": "Cj0KCQ"]]
            )
            #expect(result.segment.description == "Variant B's words for drivers.")
            let lead = try await client.post(
                "/api/quizzes/golf-club/leads",
                object: ["resultId": result.resultId, "email": "b@example.com", "consent": true, "variant": "b"]
            )
            #expect(lead.status == .created)
            let control = try await client.playGolf(GolfAnswers.driver, extra: ["variant": "a"])
            #expect(control.segment.description != "Variant B's words for drivers.")
            #expect(try await client.subscribe(resultID: control.resultId, email: "a@example.com").status == .created)

            let csv = csvLines(try await client.exportCSV())
            #expect(csv[0].hasSuffix(",confirmed_at,variant"))
            #expect(Set(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).last! }) == ["a", "b"])
            let feed = try decode([LeadJSON].self, from: try await client.admin("/api/admin/leads?quiz=golf-club"))
            #expect(Set(feed.map { "\($0.email) \($0.variant ?? "-")" }) == ["b@example.com b", "a@example.com a"])
            let answers = csvLines(String(buffer: try await client.admin("/api/admin/answers.csv?quiz=golf-club").body))
            #expect(answers[0].hasSuffix(",friends,wish,variant"))
            #expect(answers.dropFirst().map { $0.split(separator: ",").last! }.sorted() == ["a", "b"])
            let person = String(buffer: try await client.admin("/api/admin/leads/b@example.com").body)
            #expect(person.contains(#""variant":"b""#) && person.contains(#""fbclid":"IwAR1abc""#) && person.contains(#""gclid":"Cj0KCQ""#))
            // The result mail speaks in the words of the variant the person was shown.
            let mails = try decode([MailEntryBody].self, from: try await client.admin("/api/admin/mail?limit=10"))
            var texts: [HeldMailBody] = []
            for mail in mails { texts.append(try decode(HeldMailBody.self, from: try await client.admin("/api/admin/mail/\(mail.id)"))) }
            #expect(texts.first { $0.to.contains("b@example.com") }?.text.contains("Variant B's words for drivers.") == true)
            #expect(texts.first { $0.to.contains("a@example.com") }?.text.contains("Variant B's words for drivers.") == false)
        }
    }

    @Test func anUnknownOrMismatchedVariantIsRefused() async throws {
        try await Self.service().withClient { client in
            let unknown = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver, "variant": "z"])
            #expect(unknown.status == .unprocessableContent)
            #expect(try errorMessage(unknown) == #"variant: unknown variant; this quiz has "a", "b""#)
            let events = try await client.post("/api/quizzes/golf-club/events", object: ["events": [["type": "view"]], "variant": "z"])
            #expect(events.status == .unprocessableContent)
            let badClick = try await client.post(
                "/api/quizzes/golf-club/results",
                object: ["answers": GolfAnswers.driver, "clickIds": ["fbclid": "has space"]]
            )
            #expect(try errorMessage(badClick) == "clickIds.fbclid: must be at most 500 printable ASCII characters without spaces")

            let result = try await client.playGolf(GolfAnswers.driver, extra: ["variant": "a"])
            let lead = try await client.post(
                "/api/quizzes/golf-club/leads",
                object: ["resultId": result.resultId, "email": "mixed@example.com", "consent": true, "variant": "b"]
            )
            #expect(lead.status == .unprocessableContent)
            #expect(try errorMessage(lead) == "variant: must be the variant of the result (a play is shown one variant)")
            #expect(csvLines(try await client.exportCSV()).count == 1)
        }
    }

    @Test func theStatsCountEveryStepPerVariantAndReadOutOnlyFromAHundredViews() async throws {
        let folder = try Self.quizzesFolder()
        let service = try TestService(quizzesFolder: folder.path, optIn: nil)
        try await service.withClient { client in
            // a: 100 views, 3 starts, 2 completions, 2 leads, 1 confirmed; b: 99 views, 1 of everything.
            try await Self.events(client, variant: "a", views: 100, starts: 3)
            try await Self.events(client, variant: "b", views: 99, starts: 1)
            for (index, variant) in ["a", "a", "b"].enumerated() {
                let result = try await client.playGolf(GolfAnswers.putter, extra: ["variant": variant])
                #expect(try await client.subscribe(resultID: result.resultId, email: "v\(index)@example.com").status == .created)
                if index != 1 { try await client.confirm(try await client.confirmationLink()) }
            }
            // A result from an API client counts in the funnel, not in the experiment.
            _ = try await client.playGolf(GolfAnswers.putter)

            var stats = try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))
            #expect(stats.funnel.completions == 4)
            #expect(stats.variantsSince == Timestamp.day(Date()))
            #expect(
                stats.variants.map { [$0.views, $0.starts, $0.completions, $0.leads, $0.confirmedLeads] } == [[100, 3, 2, 2, 1], [99, 1, 1, 1, 1]]
            )
            #expect(stats.variants.allSatisfy { $0.probabilityBest == nil })
            let raw = String(buffer: try await client.admin("/api/admin/quizzes/golf-club/stats").body)
            #expect(raw.contains(#""probabilityBest":null"#))

            try await Self.events(client, variant: "b", views: 1, starts: 0)
            stats = try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))
            let expectedLead = BetaBinomial.probabilityBest(successes: [2, 1], trials: [100, 100])
            let expectedConfirmed = BetaBinomial.probabilityBest(successes: [1, 1], trials: [100, 100])
            #expect(stats.variants.map { $0.probabilityBest?.lead } == expectedLead)
            #expect(stats.variants.map { $0.probabilityBest?.confirmedLead } == expectedConfirmed)
            #expect(abs(expectedConfirmed[0] - 0.5) < 0.001)
        }

        let table = try await runQuizfunnel([
            "stats", "--quiz", "golf-club", "--database", try await service.databaseArgument(), "--quizzes", folder.path,
        ])
        let rows = table.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        let lead = BetaBinomial.probabilityBest(successes: [2, 1], trials: [100, 100]).map { String(format: "%.1f%%", $0 * 100) }
        #expect(rows.contains("a 1 100 3 2 2 1 2.0% \(lead[0]) 50.0%"), "\(table.output)")
        #expect(rows.contains("b 3 100 1 1 1 1 1.0% \(lead[1]) 50.0%"))
        #expect(
            rows.contains { $0.hasPrefix("variants counted from ") && $0.hasSuffix("Variant a leads for confirmed leads: 50% likely to be best.") }
        )
    }

    /// Sends the play page's `view` and `start` events for `variant`.
    static func events(_ client: any TestClientProtocol, variant: String, views: Int, starts: Int) async throws {
        let all = Array(repeating: ["type": "view"], count: views) + Array(repeating: ["type": "start"], count: starts)
        for batch in stride(from: 0, to: all.count, by: 50).map({ Array(all[$0..<min($0 + 50, all.count)]) }) {
            let response = try await client.post("/api/quizzes/golf-club/events", object: ["events": batch, "variant": variant])
            #expect(response.status == .noContent)
        }
    }
}
