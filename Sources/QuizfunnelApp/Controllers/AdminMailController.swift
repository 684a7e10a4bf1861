import Foundation
import Hummingbird
import QuizfunnelDomain

/// The mail outbox for the marketer and the operator, behind the admin token: what was sent, held, retried or given up,
/// and the held mails themselves (a service without `--smtp` keeps every mail so, to be read in the dashboard).
struct AdminMailController: Sendable {
    let database: any FunnelRepository
    let library: QuizLibrary
    let adminToken: String?
    var composer: MailComposer { self.library.edition.composer }

    init(database: any FunnelRepository, library: QuizLibrary, configuration: AppConfiguration) {
        self.database = database
        self.library = library
        self.adminToken = configuration.adminToken
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AdminTokenMiddleware(token: self.adminToken))
        routes.get("mail", use: self.recent)
        routes.get("mail/:id", use: self.heldMail)
        return routes
    }

    /// One outbox row as the log shows it: never a token, a body or a whole address.
    struct MailEntry: ResponseEncodable {
        var id: Int64
        var kind: String
        var quiz: String
        var recipient: String
        var state: String
        var attempts: Int
        var lastReply: String?
        var createdAt: String
        var updatedAt: String
        var nextAttemptAt: String?
        var sentAt: String?
    }

    /// `GET /api/admin/mail?limit=100`: the newest mails first.
    @Sendable func recent(request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try request.limit()
        let entries = try await self.database.recentMails(limit: limit).map { mail, email in
            MailEntry(
                id: mail.id ?? 0,
                kind: mail.kind.rawValue,
                quiz: mail.quizID,
                recipient: UnsubscribeController.masked(email),
                state: mail.state.rawValue,
                attempts: mail.attempts,
                lastReply: mail.lastReply,
                createdAt: Timestamp.iso8601(mail.createdAt),
                updatedAt: Timestamp.iso8601(mail.updatedAt),
                nextAttemptAt: mail.state == .queued ? Timestamp.iso8601(mail.nextAttemptAt) : nil,
                sentAt: mail.sentAt.map(Timestamp.iso8601)
            )
        }
        var response = try context.responseEncoder.encode(entries, from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A held mail as its recipient would read it, with its links.
    struct RenderedMail: ResponseEncodable {
        var id: Int64
        var kind: String
        var from: String
        var to: String
        var subject: String
        var text: String
        var html: String?
        var links: [String: String]
        /// The whole message as it would be sent (RFC 5322).
        var source: String
    }

    /// `GET /api/admin/mail/{id}`: only a held mail; one that went out, or may still, stays unread here.
    @Sendable func heldMail(request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")), let mail = try await self.database.mail(id: id), mail.state == .held,
            let (lead, token) = try await self.database.mailSubject(mail),
            let (message, links) = self.composer.message(for: mail, lead: lead, token: token)
        else { throw APIError.notFound("id: no held mail with this id") }
        let rendered = RenderedMail(
            id: id,
            kind: mail.kind.rawValue,
            from: message.from.headerValue,
            to: message.to.address,
            subject: message.subject,
            text: message.text,
            html: message.html,
            links: ["confirm": links.confirm, "notMe": links.reject, "unsubscribe": links.unsubscribe].compactMapValues { $0 },
            source: message.rendered
        )
        var response = try context.responseEncoder.encode(rendered, from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
