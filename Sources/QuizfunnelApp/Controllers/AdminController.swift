import Hummingbird
import QuizfunnelDomain

/// Routes for the marketer, behind the admin token: the mailing-list export.
struct AdminController: Sendable {
    let catalog: QuizCatalog
    let database: AppDatabase
    let adminToken: String?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        // Middleware guards only the routes added after it: the token check comes first.
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.get("leads.csv", use: self.exportLeads)
        return routes
    }

    /// Streams the consented leads as RFC 4180 CSV, optionally for one quiz and one segment.
    @Sendable func exportLeads(request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try self.filter(from: request)
        let database = self.database
        let name = ["leads", filter.quizID, filter.segmentID].compactMap(\.self).joined(separator: "-")
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name).csv\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await database.exportCSV(matching: filter) { chunk in
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            }
        )
    }

    private func filter(from request: Request) throws -> LeadFilter {
        let quizID = request.uri.queryParameters.get("quiz").flatMap { $0.isEmpty ? nil : $0 }
        let segmentID = request.uri.queryParameters.get("segment").flatMap { $0.isEmpty ? nil : $0 }
        if let quizID {
            guard let quiz = self.catalog.quiz(id: quizID) else { throw APIError.invalid("quiz", "unknown quiz \"\(quizID)\"") }
            if let segmentID, quiz.segment(id: segmentID) == nil {
                throw APIError.invalid("segment", "quiz \"\(quizID)\" has no segment \"\(segmentID)\"")
            }
        } else if let segmentID, !self.catalog.quizzes.contains(where: { $0.segment(id: segmentID) != nil }) {
            throw APIError.invalid("segment", "no quiz has a segment \"\(segmentID)\"")
        }
        return LeadFilter(quizID: quizID, segmentID: segmentID)
    }
}
