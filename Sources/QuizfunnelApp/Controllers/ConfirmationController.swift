import Foundation
import Hummingbird
import QuizfunnelDomain

/// The confirmation link of double opt-in, `/c/{token}`.
///
/// Mail scanners fetch every link, so the GET changes nothing: it shows the masked address, says plainly that it is not
/// confirmed yet, and offers one Confirm button and a small "This wasn't me" button. Only their POST acts.
struct ConfirmationController: Sendable {
    let database: any FunnelRepository
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let resources: PageResources
    let configuration: AppConfiguration
    let recorder: FunnelRecorder

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("c/:token", use: self.show)
        routes.post("c/:token", use: self.act)
        return routes
    }

    /// The page behind the link in the confirmation mail.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard ConfirmationToken.isWellFormed(token), let (lead, isExpired) = try await self.database.confirmationState(token: token) else {
            return self.expiredPage(token: token, locale: request.interfaceLocale(self.resources.strings))
        }
        let email = UnsubscribeController.masked(lead.email)
        switch lead.status {
        case .subscribed:
            return self.page(locale: lead.consentLocale, title: "confirmedTitle", message: "alreadyConfirmedText", email: email)
        case .pending where !isExpired:
            let strings = self.resources.strings
            let buttons = [
                LinkPage.Button(action: "/c/\(token)", value: "confirm", label: strings.text("confirmButton", locale: lead.consentLocale)),
                LinkPage.Button(
                    action: "/c/\(token)",
                    value: "reject",
                    label: strings.text("notMeButton", locale: lead.consentLocale),
                    style: "link",
                    id: "not-me"
                ),
            ]
            return self.page(locale: lead.consentLocale, title: "confirmTitle", message: "confirmQuestion", email: email, buttons: buttons)
        default:
            return self.expiredPage(token: token, locale: lead.consentLocale)
        }
    }

    /// The buttons: `action=confirm`, `reject` ("This wasn't me") or `resend` (from the page of an expired link).
    @Sendable func act(request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let action = FormBody.value(named: "action", in: try await request.collectBody())
        let fallbackLocale = request.interfaceLocale(self.resources.strings)
        guard ConfirmationToken.isWellFormed(token), let (lead, _) = try await self.database.confirmationState(token: token),
            let quiz = self.catalog.quiz(id: lead.quizID)
        else {
            return action == "resend"
                ? self.page(locale: fallbackLocale, title: "linkExpiredTitle", message: "resentText")
                : self.expiredPage(token: token, locale: fallbackLocale)
        }
        // Confirming queues the result mail; only a resend issues a new link.
        let plan = LeadMailPlan(
            issuesConfirmation: action == "resend",
            settings: self.configuration.mail,
            senderDomain: self.configuration.mail.sender(of: quiz)?.domain ?? "quizfunnel.invalid"
        )
        let locale = lead.consentLocale
        switch action {
        case "confirm":
            let baseURL = PublicURL.base(configured: self.configuration.publicURL, request: request)
            let ads = self.configuration.adPlatforms.plan(for: quiz, baseURL: baseURL)
            let outcome = try await self.database.confirm(
                token: token,
                client: self.configuration.mail.recordsConfirmationClient ? self.client(of: request, context: context) : nil,
                unsubscribeToken: UnsubscribeToken.make(),
                plan: plan,
                notifying: self.configuration.webhooks.endpoints,
                baseURL: baseURL,
                ads: ads
            )
            if case .confirmed(let confirmed) = outcome, let ads {
                AppMetrics.adConversionsWithheld(quiz: quiz.id, count: ads.withheld(for: confirmed))
            }
            return self.page(for: outcome, locale: locale, token: token, context: context)
        case "reject":
            return self.page(for: try await self.database.reject(token: token), locale: locale, token: token, context: context)
        case "resend":
            try await self.database.resendConfirmation(token: token, plan: plan)
            return self.page(locale: locale, title: "linkExpiredTitle", message: "resentText")
        default:
            throw APIError.invalid("action", "must be confirm, reject or resend")
        }
    }

    private func page(for outcome: ConfirmationOutcome, locale: String, token: String, context: AppRequestContext) -> Response {
        switch outcome {
        case .confirmed(let lead):
            self.recorder.record(
                FunnelKey(
                    quizID: lead.quizID,
                    day: FunnelRecorder.today(),
                    metric: .confirmation,
                    locale: lead.consentLocale,
                    attribution: Attribution(
                        utm: UTM(
                            source: lead.utmSource,
                            medium: lead.utmMedium,
                            campaign: lead.utmCampaign,
                            term: lead.utmTerm,
                            content: lead.utmContent
                        ),
                        ref: lead.ref
                    ),
                    segment: lead.segmentID,
                    variant: lead.variant ?? ""
                )
            )
            AppMetrics.confirmation(outcome: "confirmed")
            context.logger.info("Address confirmed", metadata: ["quiz": "\(lead.quizID)", "segment": "\(lead.segmentID)"])
            return self.page(locale: locale, title: "confirmedTitle", message: "confirmedText", email: UnsubscribeController.masked(lead.email))
        case .alreadyConfirmed(let lead):
            return self.page(
                locale: locale,
                title: "confirmedTitle",
                message: "alreadyConfirmedText",
                email: UnsubscribeController.masked(lead.email)
            )
        case .rejected(let lead):
            AppMetrics.confirmation(outcome: "rejected")
            context.logger.info("Address rejected by its owner", metadata: ["quiz": "\(lead.quizID)"])
            return self.page(locale: locale, title: "rejectedTitle", message: "rejectedText", email: UnsubscribeController.masked(lead.email))
        case .expired, .unknown:
            return self.expiredPage(token: token, locale: locale)
        }
    }

    /// An expired or unknown link: the same page either way, offering a new mail and saying nothing of the address.
    private func expiredPage(token: String, locale: String) -> Response {
        let resend = LinkPage.Button(action: "/c/\(token)", value: "resend", label: self.resources.strings.text("resendButton", locale: locale))
        return self.page(locale: locale, title: "linkExpiredTitle", message: "linkExpiredText", buttons: [resend], status: .notFound)
    }

    private func page(
        locale: String,
        title: String,
        message: String,
        email: String = "",
        buttons: [LinkPage.Button] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        self.resources.link.response(page: "confirm", locale: locale, title: title, message: message, email: email, buttons: buttons, status: status)
    }

    private func client(of request: Request, context: AppRequestContext) -> ConfirmingClient {
        ConfirmingClient(
            ipAddress: ClientAddress.of(request, context: context, trustsProxy: self.configuration.abuse.trustsProxy),
            userAgent: request.headers[.userAgent].map { String($0.prefix(300)) }
        )
    }
}
