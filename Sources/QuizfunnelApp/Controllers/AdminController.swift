import Foundation
import Hummingbird
import QuizfunnelDomain

/// Routes for the marketer and the CRM team, behind the admin token: exports, the polling feed, a person's data and its
/// erasure, consent texts and webhook deliveries.
struct AdminController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let database: any FunnelRepository
    let adminToken: String?
    let publicURL: String?
    let webhookEndpoints: [String]

    init(library: QuizLibrary, database: any FunnelRepository, configuration: AppConfiguration) {
        self.library = library
        self.database = database
        self.adminToken = configuration.adminToken
        self.publicURL = configuration.publicURL
        self.webhookEndpoints = configuration.webhooks.endpoints
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        // Middleware guards only the routes added after it: the token check comes first.
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.get("leads.csv", use: self.exportLeads)
        routes.get("answers.csv", use: self.exportAnswers)
        routes.get("leads", use: self.pollLeads)
        routes.get("leads/:email", use: self.person)
        routes.delete("leads/:email", use: self.erase)
        routes.get("consents", use: self.consents)
        routes.get("webhooks/deliveries", use: self.webhookDeliveries)
        return routes
    }

    /// Streams the leads in a CRM's import format (`format=`, `bom=`, `delimiter=`), optionally for one quiz and segment,
    /// changed `since=` a time, of a `status=`.
    @Sendable func exportLeads(request: Request, context: AppRequestContext) async throws -> Response {
        let (filter, options) = try self.leadQuery(from: request)
        let database = self.database
        let exporter = options.writer
        let baseURL = PublicURL.base(configured: self.publicURL, request: request)
        let name = ["leads", filter.quizID, filter.segmentID, options.format == .generic ? nil : options.format.rawValue]
            .compactMap(\.self).joined(separator: "-")
        return Response(
            status: .ok,
            headers: [
                .contentType: exporter.contentType,
                .contentDisposition: "attachment; filename=\"\(name).\(exporter.fileExtension)\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await database.export(matching: filter, as: exporter, baseURL: baseURL) { chunk in
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            }
        )
    }

    /// Streams `answers.csv`: the results of `quiz=` (optional while the service runs one quiz), of `segment=`, stored
    /// `since=` a time, with one column per question.
    @Sendable func exportAnswers(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let quizzes = self.catalog.quizzes
        guard let quizID = parameters.get("quiz").flatMap({ $0.isEmpty ? nil : $0 }) ?? (quizzes.count == 1 ? quizzes[0].id : nil) else {
            throw APIError.invalid("quiz", "required: the columns are the questions of one quiz")
        }
        var filter = try self.filter(from: request)
        guard let quiz = self.catalog.quiz(id: quizID) else { throw APIError.invalid("quiz", "unknown quiz \"\(quizID)\"") }
        if let since = parameters.get("since"), !since.isEmpty {
            guard let date = Timestamp.parse(since) else {
                throw APIError.invalid("since", "must be an ISO 8601 time such as 2026-11-23T09:30:00Z")
            }
            filter.since = date
        }
        let results = ResultFilter(quizID: quiz.id, segmentID: filter.segmentID, since: filter.since)
        let database = self.database
        let name = ["answers", quiz.id, filter.segmentID].compactMap(\.self).joined(separator: "-")
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name).csv\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody { writer in
                try await database.exportAnswers(matching: results, of: quiz) { chunk in
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            }
        )
    }

    /// Leads for tools that poll (Zapier-style): newest change first, each with a stable `id`; `since=`, `limit=` (≤ 1000).
    @Sendable func pollLeads(request: Request, context: AppRequestContext) async throws -> [LeadJSON] {
        let (filter, _) = try self.leadQuery(from: request)
        let baseURL = PublicURL.base(configured: self.publicURL, request: request)
        return try await self.database.newestLeads(matching: filter, limit: try request.limit(), baseURL: baseURL).map(LeadJSON.init)
    }

    struct DeliveryJSON: ResponseEncodable {
        var eventId: String
        var endpoint: String
        var attempt: Int
        var attemptedAt: String
        var statusCode: Int?
        var error: String?
        var durationMilliseconds: Int
    }

    /// Webhook delivery attempts, newest first (`limit=`, at most 1000).
    @Sendable func webhookDeliveries(request: Request, context: AppRequestContext) async throws -> [DeliveryJSON] {
        try await self.database.webhookDeliveries(limit: try request.limit()).map { delivery in
            DeliveryJSON(
                eventId: delivery.eventID,
                endpoint: delivery.endpoint,
                attempt: delivery.attempt,
                attemptedAt: Timestamp.iso8601(delivery.attemptedAt),
                statusCode: delivery.statusCode,
                error: delivery.error,
                durationMilliseconds: delivery.durationMilliseconds
            )
        }
    }

    /// Which leads (`quiz`, `segment`, `since`, `status`) and in which format a request asks for.
    private func leadQuery(from request: Request) throws -> (LeadFilter, ExportOptions) {
        let options = try Self.exportOptions(from: request)
        var filter = try self.filter(from: request)
        filter.since = options.since
        filter.status = options.status
        return (filter, options)
    }

    private static func exportOptions(from request: Request) throws -> ExportOptions {
        let names = ["format", "bom", "delimiter", "since", "status"]
        let values = Dictionary(uniqueKeysWithValues: names.compactMap { name in request.uri.queryParameters.get(name).map { (name, $0) } })
        do {
            return try ExportOptions(parsing: values)
        } catch {
            throw APIError.invalid(error)
        }
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
extension AdminController {
    /// Everything held about one address (a data-protection access request): its leads with their consent proof, the
    /// results they came from, the consent texts as shown, webhook events about it, and its suppression entry.
    @Sendable func person(request: Request, context: AppRequestContext) async throws -> PersonJSON {
        let email = try Self.email(in: context)
        let data = try await self.database.personalData(emailKey: email.key)
        guard !data.leads.isEmpty || data.suppression != nil else {
            throw APIError.notFound("no data is held about this address")
        }
        return PersonJSON(email: email.key, data: data, baseURL: PublicURL.base(configured: self.publicURL, request: request))
    }

    struct ErasureJSON: ResponseEncodable {
        var email: String
        var erased: Erasure
        var suppressed: Bool
    }

    /// Erases everything held about one address, keeping only its hash on the suppression list.
    @Sendable func erase(request: Request, context: AppRequestContext) async throws -> ErasureJSON {
        let email = try Self.email(in: context)
        let erasure = try await self.database.erase(emailKey: email.key, notifying: self.webhookEndpoints)
        AppMetrics.erasure()
        context.logger.notice(
            "Address erased",
            metadata: ["leads": "\(erasure.leads)", "results": "\(erasure.results)", "webhookEvents": "\(erasure.webhookEvents)"]
        )
        return ErasureJSON(email: email.key, erased: erasure, suppressed: true)
    }

    /// Every consent text ever shown, by quiz, version, locale and SHA-256 (`quiz=` for one quiz).
    @Sendable func consents(request: Request, context: AppRequestContext) async throws -> [PersonJSON.ConsentTextJSON] {
        let quizID = request.uri.queryParameters.get("quiz").flatMap { $0.isEmpty ? nil : $0 }
        if let quizID, self.catalog.quiz(id: quizID) == nil { throw APIError.invalid("quiz", "unknown quiz \"\(quizID)\"") }
        return try await self.database.consentTexts(quizID: quizID).map(PersonJSON.ConsentTextJSON.init)
    }

    private static func email(in context: AppRequestContext) throws -> EmailAddress {
        let text = try context.parameters.require("email")
        do {
            return try EmailAddress(validating: text.removingPercentEncoding ?? text)
        } catch {
            throw APIError.invalid("email", error.description)
        }
    }
}

extension LeadJSON: ResponseEncodable {}
