import Foundation
import Hummingbird
import QuizfunnelDomain

/// Takes a player's email with an explicit opt-in, attached to a stored result.
struct LeadController: Sendable {
    let catalog: QuizCatalog
    let database: AppDatabase
    let webhookEndpoints: [String]
    let recorder: FunnelRecorder

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
    }

    struct LeadResponse: ResponseEncodable {
        var status: String
    }

    /// Stores the lead with its consent record (one per quiz and address) and answers 201 once it is on disk.
    @Sendable func subscribe(request: Request, context: AppRequestContext) async throws -> EditedResponse<LeadResponse> {
        let quiz = try self.catalog.quiz(in: context)
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
        guard ResultID.isWellFormed(body.resultId), let result = try await self.database.result(id: body.resultId, quizID: quiz.id) else {
            throw APIError.invalid("resultId", "no result with this id for quiz \"\(quiz.id)\"")
        }
        let now = Date()
        let attribution = result.attribution
        let lead = LeadRecord(
            quizID: quiz.id,
            emailKey: email.key,
            email: email.address,
            name: name,
            segmentID: result.segmentID,
            resultID: result.id,
            consentVersion: quiz.consent.version,
            consentText: quiz.consentText(locale: result.locale),
            consentLocale: result.locale,
            consentedAt: now,
            utmSource: attribution.utm.source,
            utmMedium: attribution.utm.medium,
            utmCampaign: attribution.utm.campaign,
            utmTerm: attribution.utm.term,
            utmContent: attribution.utm.content,
            ref: attribution.ref,
            createdAt: now,
            updatedAt: now,
        )
        let isNew = try await self.database.saveLead(lead, notifying: self.webhookEndpoints)
        if isNew {
            // The funnel counts people: a second opt-in by the same address is not a new lead.
            self.recorder.record(
                FunnelKey(
                    quizID: quiz.id,
                    day: FunnelRecorder.today(),
                    metric: .lead,
                    locale: result.locale,
                    attribution: attribution,
                    segment: result.segmentID
                )
            )
        }
        context.logger.info("Lead saved", metadata: ["quiz": "\(quiz.id)", "segment": "\(result.segmentID)", "new": "\(isNew)"])
        return EditedResponse(status: .created, response: LeadResponse(status: "subscribed"))
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
