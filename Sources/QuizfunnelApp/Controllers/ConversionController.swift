import Foundation
import Hummingbird
import QuizfunnelDomain

/// Revenue back from the CRM, behind the admin token: the CRM posts that a lead became a customer (one conversion, a
/// batch, or a CSV file), and the report counts it.
struct ConversionController: Sendable {
    let database: any FunnelRepository
    let adminToken: String?

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
        let now = Date()
        let conversions = try await request.readUpload(
            csv: { text throws(ImportError) in try ConversionImport.parse(csv: text) },
            json: { data throws(ImportError) in try ConversionImport.parse(json: data) }
        )
        do {
            return try await self.database.recordConversions(conversions, at: now)
        } catch let error as ImportError {
            throw APIError.invalid(error.place, error.message)
        }
    }
}
