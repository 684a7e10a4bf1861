@preconcurrency import Benchmark
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuizfunnelApp
import QuizfunnelDomain

/// The allocation budgets of the lead path: each request a player or an analyst makes, driven in process through the
/// real router on a real SQLite file, one request a sample, its mallocs counted by the malloc interposer. Allocation
/// counts do not vary with the machine's load, so `scripts/test` holds them to `Thresholds/` (5 % over fails the run and
/// names the request); the wall clock is printed beside them as information only.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .wallClock],
        warmupIterations: 10,
        maxDuration: .seconds(20),
        maxIterations: 60,
        thresholds: [
            .mallocCountTotal: .init(relative: [.p90: 5.0]),
            // Information only: timings on a shared machine are noise.
            .wallClock: .init(relative: [.p90: 1_000_000.0]),
        ]
    )

    // GET /q/golf-club
    Benchmark("play-page") { benchmark in
        try await Bench.shared.measure(benchmark) { client in
            try await client.expect(.ok, uri: "/q/golf-club", method: .get)
        }
    }

    // POST /api/quizzes/golf-club/results
    Benchmark("result") { benchmark in
        try await Bench.shared.measure(benchmark) { client in
            try await client.expect(.created, uri: "/api/quizzes/golf-club/results", method: .post, json: Bench.driverAnswers)
        }
    }

    // POST /api/quizzes/golf-single/leads
    Benchmark("lead-single-opt-in") { benchmark in
        try await Bench.shared.measureLead(benchmark, quiz: Bench.singleOptInQuiz)
    }

    // POST /api/quizzes/golf-club/leads
    Benchmark("lead-double-opt-in") { benchmark in
        try await Bench.shared.measureLead(benchmark, quiz: "golf-club")
    }

    // POST /api/quizzes/golf-club/events: a view and an answer
    Benchmark("events") { benchmark in
        try await Bench.shared.measure(benchmark) { client in
            try await client.expect(
                .noContent,
                uri: "/api/quizzes/golf-club/events",
                method: .post,
                json: #"{"events": [{"type": "view"}, {"type": "answer", "question": 2}]}"#
            )
        }
    }

    // GET /api/admin/quizzes/golf-club/stats
    Benchmark("stats") { benchmark in
        try await Bench.shared.measure(benchmark) { client in
            try await client.expect(
                .ok,
                uri: "/api/admin/quizzes/golf-club/stats",
                method: .get,
                headers: [.authorization: "Bearer \(Bench.adminToken)"]
            )
        }
    }
}

/// One service for every benchmark: the shipped quizzes (and the golf quiz again on single opt-in) on a SQLite file in a
/// temporary folder, no abuse limits, no background services (their timers would allocate between requests).
final class Bench: Sendable {
    static let shared = try! Bench()
    static let adminToken = "budget-token"
    static let singleOptInQuiz = "golf-single"
    static let driverAnswers =
        #"{"answers": {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}}"#

    let application: Application<RouterResponder<AppRequestContext>>

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-budgets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shipped = try QuizCatalog.load(folder: root.appendingPathComponent("Quizzes").path)
        var single = shipped.quizzes.first { $0.id == "golf-club" }!
        single.id = Self.singleOptInQuiz
        single.optIn = .single
        let catalog = QuizCatalog(quizzes: shipped.quizzes + [single])
        let database = try AppDatabase.open(path: folder.appendingPathComponent("quizfunnel.sqlite").path)
        let configuration = AppConfiguration(
            publicFolder: root.appendingPathComponent("Public").path,
            adminToken: Self.adminToken,
            publicURL: "https://quiz.example.com/",
            abuse: .off
        )
        var logger = Logger(label: "quizfunnel-budgets")
        logger.logLevel = .error
        let router = try buildRouter(
            configuration: configuration,
            database: database,
            catalog: catalog,
            recorder: FunnelRecorder(database: database),
            logger: logger
        )
        self.application = Application(router: router, logger: logger)
    }

    /// Counts one `request` a sample.
    func measure(_ benchmark: Benchmark, _ request: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await self.application.test(.router) { client in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try await request(client)
            }
            benchmark.stopMeasurement()
        }
    }

    /// Counts one lead a sample, each from a result of its own played before the count begins.
    func measureLead(_ benchmark: Benchmark, quiz: String) async throws {
        try await self.application.test(.router) { client in
            var results: [String] = []
            for _ in benchmark.scaledIterations {
                let response = try await client.expect(.created, uri: "/api/quizzes/\(quiz)/results", method: .post, json: Self.driverAnswers)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as! [String: Any]
                results.append(body["resultId"] as! String)
            }
            let bodies = results.map { #"{"resultId": "\#($0)", "email": "budget-\#(UUID().uuidString)@example.com", "consent": true}"# }
            benchmark.startMeasurement()
            for body in bodies {
                try await client.expect(.created, uri: "/api/quizzes/\(quiz)/leads", method: .post, json: body)
            }
            benchmark.stopMeasurement()
        }
    }
}

extension TestClientProtocol {
    /// Sends the request and fails unless it is answered `status`.
    @discardableResult
    func expect(
        _ status: HTTPResponse.Status,
        uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields = [:],
        json: String? = nil
    ) async throws -> TestResponse {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await self.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        guard response.status == status else {
            throw BudgetError("\(method) \(uri) answered \(response.status.code), not \(status.code): \(String(buffer: response.body))")
        }
        return response
    }
}

struct BudgetError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
