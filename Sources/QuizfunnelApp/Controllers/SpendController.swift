import Foundation
import Hummingbird
import QuizfunnelDomain

/// What campaigns cost, behind the admin token: a marketer uploads the ad platforms' spend (CSV or JSON), as often as
/// they like, and reads back what is held.
struct SpendController: Sendable {
    let library: QuizLibrary
    let database: any FunnelRepository
    let adminToken: String?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.post("spend", use: self.upload)
        routes.get("spend", use: self.list)
        return routes
    }

    /// Imports every row of a CSV (`Content-Type: text/csv`) or JSON upload, or none: a bad row is a 422 naming its line
    /// and column. A row replaces a held one with the same day, source, medium, campaign and quiz.
    @Sendable func upload(request: Request, context: AppRequestContext) async throws -> ImportSummary {
        let quizzes = Set(self.library.catalog.quizzes.map(\.id))
        let rows = try await request.readUpload(
            csv: { text throws(ImportError) in try SpendImport.parse(csv: text, knownQuizzes: quizzes) },
            json: { data throws(ImportError) in try SpendImport.parse(json: data, knownQuizzes: quizzes) }
        )
        return try await self.database.importSpend(rows, at: Date())
    }

    struct SpendJSON: Encodable {
        var date: String
        var expenses: Double
        var currency: String
        var utmSource: String
        var utmMedium: String
        var utmCampaign: String
        var quiz: String
    }

    /// The spend held from `from` to `to` (`YYYY-MM-DD`, both included; the last 30 days by default).
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [SpendJSON] {
        let range = try request.statsRange()
        return try await self.database.spend(from: range.from, to: range.to).map { row in
            SpendJSON(
                date: row.day,
                expenses: row.amount,
                currency: row.currency,
                utmSource: row.source,
                utmMedium: row.medium,
                utmCampaign: row.campaign,
                quiz: row.quiz
            )
        }
    }
}

extension ImportSummary: ResponseEncodable {}
extension SpendController.SpendJSON: ResponseEncodable {}
