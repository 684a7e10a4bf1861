import Foundation
import Hummingbird
import QuizfunnelDomain

/// Takes a player's email with an explicit opt-in, attached to a stored result, and keeps the proof of that consent.
struct LeadController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let database: any FunnelRepository
    let webhookEndpoints: [String]
    let recorder: FunnelRecorder
    let publicURL: String?
    let abuse: AbuseSettings
    let mail: MailSettings
    let adPlatforms: AdPlatformSettings
    /// Submissions per email hash, when `abuse.emailLimit` is set; kept where every instance sees them.
    let emailLimiter: (any AddressLimiter)?

    init(library: QuizLibrary, database: any FunnelRepository, configuration: AppConfiguration, recorder: FunnelRecorder) {
        self.library = library
        self.database = database
        self.webhookEndpoints = configuration.webhooks.endpoints
        self.recorder = recorder
        self.publicURL = configuration.publicURL
        self.abuse = configuration.abuse
        self.mail = configuration.mail
        self.adPlatforms = configuration.adPlatforms
        self.emailLimiter = configuration.abuse.emailLimit.map { database.addressLimiter($0) }
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post(":quiz/leads", use: self.subscribe)
        return routes
    }

    struct LeadRequest: Decodable {
        var resultId: String
        var email: String
        var name: String?
        var consent: Bool?
        /// The consent version the form showed; a different current version means the text changed meanwhile.
        var consentVersion: String?
        /// The site embedding the play page (`?embed=`), when it was embedded.
        var embedOrigin: String?
        /// The play page's honeypot field: hidden from people, filled in by form-filling bots.
        var website: String?
        /// The variant the page showed; the lead takes its result's, and a different one is refused.
        var variant: String?
    }

    /// The answer to every accepted lead of a single opt-in quiz, encoded once.
    private static let subscribedBody = ByteBuffer(string: #"{"status":"subscribed"}"#)
    /// The answer to every accepted lead of a double opt-in quiz, whether or not the address was known and whether or
    /// not a mail went out, so nobody can probe who is on a list.
    private static let pendingBody = ByteBuffer(string: #"{"status":"pending"}"#)

    /// Stores the lead with its consent record (one per quiz and address) and answers 201 once it is on disk.
    @Sendable func subscribe(request: Request, context: AppRequestContext) async throws -> Response {
        let edition = self.library.edition
        let quiz = try edition.catalog.quiz(in: context)
        let body = try await request.decodeJSON(as: LeadRequest.self)
        guard body.consent == true else {
            throw APIError.invalid("consent", "must be true: a lead is only taken with an explicit opt-in")
        }
        let email: EmailAddress
        do {
            email = try EmailAddress(validating: body.email)
        } catch {
            throw APIError.invalid("email", error.description)
        }
        let name = try Self.validatedName(body.name)
        if let shown = body.consentVersion, shown != quiz.consent.version {
            throw APIError.conflict("consentVersion", "the consent text has changed since the page was loaded; reload and confirm again")
        }
        guard ResultID.isWellFormed(body.resultId) else { throw Self.noSuchResult(quiz) }
        if let website = body.website, !website.isEmpty { return self.drop(.honeypot, quiz: quiz, context: context) }
        let baseURL = PublicURL.base(configured: self.publicURL, request: request)
        let ads = self.adPlatforms.plan(for: quiz, baseURL: baseURL)
        let optIn = LeadOptIn(
            quiz: quiz,
            email: email,
            name: name,
            consentOrigin: self.consentOrigin(of: body, quiz: quiz, request: request),
            consentDigests: edition.consentDigests[quiz.id],
            receivedAt: Date(),
            emailHash: Digest.emailHash(key: email.key),
            unsubscribeToken: quiz.optIn == .single ? UnsubscribeToken.make() : nil,
            adClient: ads?.sendsClientDetails == true
                ? (
                    request.headers[.userAgent].map { String($0.prefix(300)) },
                    ClientAddress.of(request, context: context, trustsProxy: self.abuse.trustsProxy)
                )
                : nil
        )
        if let emailLimiter, case .refused(let retryAfter) = try await emailLimiter.take(optIn.emailHash) {
            AppMetrics.rateLimited("email")
            throw APIError.tooManyRequests(retryAfter: retryAfter)
        }
        let saved: SavedLead?
        do {
            saved = try await self.database.saveLead(
                fromResult: body.resultId,
                quizID: quiz.id,
                mail: LeadMailPlan(
                    issuesConfirmation: quiz.optIn == .double,
                    settings: self.mail,
                    senderDomain: self.mail.sender(of: quiz)?.domain ?? "quizfunnel.invalid"
                ),
                notifying: self.webhookEndpoints,
                // Only a webhook body needs the absolute withdrawal link.
                baseURL: self.webhookEndpoints.isEmpty ? "" : baseURL,
                ads: ads
            ) { [abuse, variant = body.variant] result in
                // Runs on the writer: checks and building only, no system calls.
                if let variant, variant != result.variant { throw VariantMismatch() }
                if optIn.receivedAt.timeIntervalSince(result.createdAt) < abuse.minimumFillTime { throw AutomatedSubmission.tooFast }
                return optIn.lead(from: result)
            }
        } catch let sign as AutomatedSubmission {
            return self.drop(sign, quiz: quiz, context: context)
        } catch is VariantMismatch {
            throw APIError.invalid("variant", "must be the variant of the result (a play is shown one variant)")
        }
        guard let saved else { throw Self.noSuchResult(quiz) }
        AppMetrics.adConversionsWithheld(quiz: quiz.id, count: saved.withheldAdConversions)
        let (result, isNew) = (saved.result, saved.isNew)
        if isNew {
            // The funnel counts people: a second opt-in by the same address is not a new lead.
            self.recorder.record(
                FunnelKey(
                    quizID: quiz.id,
                    day: FunnelRecorder.today(),
                    metric: .lead,
                    locale: result.locale,
                    attribution: result.attribution,
                    segment: result.segmentID,
                    variant: result.variant ?? ""
                )
            )
        }
        AppMetrics.leadStored(quiz: quiz.id, segment: result.segmentID, isNew: isNew)
        context.logger.info("Lead saved", metadata: ["quiz": "\(quiz.id)", "segment": "\(result.segmentID)", "new": "\(isNew)"])
        return Self.accepted(quiz)
    }

    /// A signal that a submission comes from a bot: the honeypot is filled, or it came faster than a person types.
    enum AutomatedSubmission: String, Error {
        case honeypot
        case tooFast = "too_fast"
    }

    /// A lead whose `variant` is not its result's.
    struct VariantMismatch: Error {}

    /// Answers like a success, so a bot learns nothing; nothing is stored.
    private func drop(_ sign: AutomatedSubmission, quiz: Quiz, context: AppRequestContext) -> Response {
        context.logger.notice("Lead dropped as automated", metadata: ["quiz": "\(quiz.id)", "reason": "\(sign.rawValue)"])
        AppMetrics.leadDropped(reason: sign.rawValue)
        return Self.accepted(quiz)
    }

    private static func accepted(_ quiz: Quiz) -> Response {
        let body = quiz.optIn == .double ? Self.pendingBody : Self.subscribedBody
        return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }

    private static func noSuchResult(_ quiz: Quiz) -> APIError {
        APIError.invalid("resultId", "no result with this id for quiz \"\(quiz.id)\"")
    }

    /// Where the form was: the embedding site when the quiz lists it, else the page's own origin.
    private func consentOrigin(of body: LeadRequest, quiz: Quiz, request: Request) -> String {
        if let embedded = body.embedOrigin, quiz.embedOrigins.contains(embedded) { return embedded }
        if let origin = request.headers[.origin], WebOrigin.isValid(origin) { return origin }
        return PublicURL.base(configured: self.publicURL, request: request)
    }

    /// An optional display name: trimmed, at most 200 characters, no control characters.
    private static func validatedName(_ name: String?) throws -> String? {
        guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalid("name", "must be at most 200 characters without control characters")
        }
        return trimmed
    }
}
