import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// `kill -HUP` reloads the quiz folder while players play: what passes the checker runs, what fails keeps running as it
/// was, and a player whose page shows an earlier version still gets a result.
@Suite struct QuizReloadTests {
    /// A copy of the shipped quizzes that a test may change.
    static func quizFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["golf-club.json", "social-seller.json"] {
            try FileManager.default.copyItem(
                at: repositoryRoot.appendingPathComponent("Quizzes").appendingPathComponent(name),
                to: folder.appendingPathComponent(name)
            )
        }
        return folder
    }

    /// Rewrites the golf quiz in `folder` through `change`, on its JSON.
    static func changeGolf(in folder: URL, _ change: (inout [String: Any]) -> Void) throws {
        let file = folder.appendingPathComponent("golf-club.json")
        var quiz = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        change(&quiz)
        try JSONSerialization.data(withJSONObject: quiz).write(to: file)
    }

    /// The golf quiz without the "garage" answer, and with a new consent version.
    static func dropGarage(_ quiz: inout [String: Any]) {
        var questions = quiz["questions"] as! [[String: Any]]
        questions[0]["answers"] = (questions[0]["answers"] as! [[String: Any]]).filter { $0["id"] as? String != "garage" }
        quiz["questions"] = questions
        quiz["consent"] = ["version": "2026-12-03", "text": "Yes, email me golf tips (new words)."]
    }

    static var garage: [String: String] {
        var answers = GolfAnswers.driver
        answers["saturday"] = "garage"
        return answers
    }

    static func version(_ client: some TestClientProtocol, quiz: String = "golf-club") async throws -> String {
        try decode(QuizContentAPITests.PlayerQuizBody.self, from: try await client.execute(uri: "/api/quizzes/\(quiz)", method: .get)).quizVersion
    }

    @Test func aPageLoadedBeforeAReloadIsScoredAgainstTheVersionItShows() async throws {
        let folder = try Self.quizFolder()
        let service = try TestService()
        try await service.withReloadableClient(quizzesFolder: folder.path) { client, reloader in
            let shown = try await Self.version(client)
            try Self.changeGolf(in: folder, Self.dropGarage)

            let outcome = await reloader.reload()

            #expect(outcome.loaded == ["golf-club"] && outcome.kept.isEmpty && outcome.problems.isEmpty)
            let running = try await Self.version(client)
            #expect(running != shown)
            let played = try await client.post("/api/quizzes/golf-club/results", object: ["answers": Self.garage, "quizVersion": shown])
            #expect(played.status == .created)
            #expect(try decode(QuizContentAPITests.CreatedBody.self, from: played).quizVersion == shown)
            let withoutVersion = try await client.post("/api/quizzes/golf-club/results", object: ["answers": Self.garage])
            #expect(try errorMessage(withoutVersion) == "answers.saturday: unknown answer \"garage\"")
            let consents = String(buffer: try await client.admin("/api/admin/consents?quiz=golf-club").body)
            #expect(consents.contains("2026-12-03"), "the new consent text is kept before any player sees it")
        }
        #expect(try await service.storedResults().map(\.quizVersion) == [service.catalog.quiz(id: "golf-club")?.version])
    }

    @Test func aVersionNoLongerKeptIsScoredAgainstTheRunningOneOrAsksForAReload() async throws {
        let folder = try Self.quizFolder()
        try await TestService().withReloadableClient(quizzesFolder: folder.path) { client, reloader in
            let first = try await Self.version(client)
            try Self.changeGolf(in: folder, Self.dropGarage)
            await reloader.reload()
            for edition in 1...QuizLibrary.keptVersions {
                try Self.changeGolf(in: folder) { $0["title"] = "Which golf club are you? (\(edition))" }
                await reloader.reload()
            }
            let running = try await Self.version(client)

            let fits = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver, "quizVersion": first])
            #expect(fits.status == .created)
            #expect(try decode(QuizContentAPITests.CreatedBody.self, from: fits).quizVersion == running)
            let stale = try await client.post("/api/quizzes/golf-club/results", object: ["answers": Self.garage, "quizVersion": first])
            #expect(stale.status == .conflict)
            #expect(try errorMessage(stale).hasPrefix("quizVersion: this quiz changed since the page was loaded"))
        }
    }

    @Test func aQuizThatFailsTheCheckerKeepsRunningAndARemovedOneStops() async throws {
        let folder = try Self.quizFolder()
        try await TestService().withReloadableClient(quizzesFolder: folder.path) { client, reloader in
            let social = folder.appendingPathComponent("social-seller.json")
            try Data(#"{"id": "social-seller"}"#.utf8).write(to: social)
            try Self.changeGolf(in: folder) { $0["title"] = "Which golf club are you, really?" }

            let outcome = await reloader.reload()

            #expect(outcome.loaded == ["golf-club"])
            #expect(outcome.kept == ["social-seller"])
            #expect(outcome.problems.first?.description == "\(social.path): locales: missing required field")
            #expect(try await client.execute(uri: "/api/quizzes/social-seller", method: .get).status == .ok)

            try FileManager.default.removeItem(at: social)
            #expect(await reloader.reload().removed == ["social-seller"])
            #expect(try await client.execute(uri: "/api/quizzes/social-seller", method: .get).status == .notFound)
        }
    }

    @Test func refsAreReadAgainAndABrokenFileKeepsTheRunningNames() async throws {
        let folder = try Self.quizFolder()
        let refs = folder.appendingPathComponent("Refs.json")
        try await TestService().withReloadableClient(quizzesFolder: folder.path) { client, reloader in
            func people() async throws -> [PersonCount] {
                try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats")).people
            }
            #expect(try await people().isEmpty)

            try Data(#"{"krysia": {"name": "Krysia", "team": "Warehouse"}}"#.utf8).write(to: refs)
            #expect(await reloader.reload().problems.isEmpty)
            #expect(try await people() == [PersonCount(ref: "krysia", name: "Krysia", team: "Warehouse")])

            try Data(#"{"krysia": "Krysia"}"#.utf8).write(to: refs)
            #expect(await reloader.reload().problems.map(\.description) == ["\(refs.path): krysia: expected an object with \"name\" and \"team\""])
            #expect(try await people() == [PersonCount(ref: "krysia", name: "Krysia", team: "Warehouse")], "the running names stay")
        }
    }
}
