import Foundation
import Hummingbird
import QuizfunnelDomain

/// Revenue back from the CRM, behind the admin token: the CRM posts that a lead became a customer (one conversion, a
/// batch, or a CSV file), and the report counts it.
struct ConversionController: Sendable {
    let database: any FunnelRepository
    let adminToken: String?

    /// Tens of thousands of conversions fit; the admin token guards it.
    static let maximumUploadSize = 4 * 1024 * 1024

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.post("conversions", use: self.record)
        return routes
    }

    /// Records every conversion of a JSON object, a JSON array or a CSV file (`Content-Type: text/csv`), or none: a
    /// malformed one, or one naming no lead (never one, or erased), is a 422 naming it. A conversion with the CRM's
    /// `id` replaces the one held with that id, so sending it again changes nothing.
    @Sendable func record(request: Request, context: AppRequestContext) async throws -> ImportSummary {
        let body = try await request.collectBody(upTo: Self.maximumUploadSize)
        let now = Date()
        do {
            let conversions =
                if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
                    try ConversionImport.parse(csv: String(decoding: body.readableBytesView, as: UTF8.self), now: now)
                } else {
                    try ConversionImport.parse(json: Data(body.readableBytesView), now: now)
                }
            return try await self.database.recordConversions(conversions, at: now)
        } catch let error as ImportError {
            throw APIError.invalid(error.place, error.message)
        }
    }
}
