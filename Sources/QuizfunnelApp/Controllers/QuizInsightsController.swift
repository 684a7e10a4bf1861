import Foundation
import Hummingbird
import QuizfunnelDomain

/// What the marketer learns about one quiz, behind the admin token: its funnel, what its players answered, and the
/// segment split to expect from it.
struct QuizInsightsController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let database: any FunnelRepository
    let adminToken: String?
    let recorder: FunnelRecorder

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.get("quizzes/:quiz/stats", use: self.stats)
        routes.get("quizzes/:quiz/report.csv", use: self.reportCSV)
        routes.get("quizzes/:quiz/answers", use: self.answers)
        routes.get("quizzes/:quiz/simulation", use: self.simulation)
        return routes
    }

    /// The quiz's funnel, drop-off, segments, sources, refs, shares and days from `from` to `to` (`YYYY-MM-DD`, UTC,
    /// both included; the last 30 days by default); what it cost and earned, the people who brought players, and what
    /// came through shared results.
    @Sendable func stats(request: Request, context: AppRequestContext) async throws -> FunnelStats {
        let quiz = try self.catalog.quiz(in: context)
        let range = try request.statsRange()
        try await self.recorder.flush()
        var stats = try await self.database.funnelStats(of: quiz, from: range.from, to: range.to)
        stats.name(self.library.refs)
        return stats
    }

    /// The earnings report of `stats` as a CSV table for a spreadsheet (`ReportCSV`), same filters.
    @Sendable func reportCSV(request: Request, context: AppRequestContext) async throws -> Response {
        let quiz = try self.catalog.quiz(in: context)
        let stats = try await self.stats(request: request, context: context)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"report-\(quiz.id)-\(stats.from)-\(stats.to).csv\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ReportCSV.text(of: stats)))
        )
    }

    /// How often each answer was picked per segment, and the latest free answers per segment, from `from` to `to`
    /// (`YYYY-MM-DD`, UTC, both included; the last 30 days by default).
    @Sendable func answers(request: Request, context: AppRequestContext) async throws -> AnswerSummary {
        let quiz = try self.catalog.quiz(in: context)
        let range = try request.statsRange()
        return try await self.database.answerSummary(of: quiz, from: range.from, to: range.to)
    }

    /// The segment split to expect from the running version of the quiz, as `quizfunnel check --simulate --json` gives
    /// it for one quiz (`players=` and `seed=` for a quiz with more paths than are scored one by one).
    @Sendable func simulation(request: Request, context: AppRequestContext) async throws -> Simulation {
        let quiz = try self.catalog.quiz(in: context)
        let parameters = request.uri.queryParameters
        var settings = SimulationSettings()
        if let players = parameters.get("players") {
            guard let count = Int(players), (1...1_000_000).contains(count) else {
                throw APIError.invalid("players", "must be a whole number from 1 to 1000000")
            }
            settings.players = count
        }
        if let seed = parameters.get("seed") {
            guard let value = UInt64(seed) else { throw APIError.invalid("seed", "must be a whole number") }
            settings.seed = value
        }
        return Simulation(of: quiz, settings: settings)
    }
}

extension FunnelStats: ResponseEncodable {}
extension Simulation: ResponseEncodable {}
extension AnswerSummary: ResponseEncodable {}
