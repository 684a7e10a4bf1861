import Foundation
import HTTPTypes
import Hummingbird
import QuizfunnelDomain

/// Withdrawal as easy as the opt-in: the one-click link of every lead, and the RFC 8058 `List-Unsubscribe-Post` endpoint.
///
/// Opening the link only shows a button (mail scanners open links); the POST withdraws the address from every list.
struct UnsubscribeController: Sendable {
    let database: any FunnelRepository
    let resources: PageResources
    let webhookEndpoints: [String]
    let publicURL: String?

    init(database: any FunnelRepository, resources: PageResources, configuration: AppConfiguration) {
        self.database = database
        self.resources = resources
        self.webhookEndpoints = configuration.webhooks.endpoints
        self.publicURL = configuration.publicURL
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("u/:token", use: self.confirmationPage)
        routes.post("u/:token", use: self.unsubscribeFromPage)
        routes.post("api/unsubscribe", use: self.unsubscribe)
        return routes
    }

    /// The page behind a withdrawal link: the masked address and one button.
    @Sendable func confirmationPage(request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard UnsubscribeToken.isWellFormed(token), let lead = try await self.database.lead(unsubscribeToken: token) else {
            return self.page(
                locale: request.interfaceLocale(self.resources.strings),
                title: "unsubscribeTitle",
                message: "unsubscribeUnknown",
                status: .notFound
            )
        }
        let email = Self.masked(lead.email)
        if lead.status == .unsubscribed {
            return self.page(locale: lead.consentLocale, title: "unsubscribedTitle", message: "unsubscribedText", email: email)
        }
        let button = LinkPage.Button(action: "/u/\(token)", label: self.resources.strings.text("unsubscribeButton", locale: lead.consentLocale))
        return self.page(locale: lead.consentLocale, title: "unsubscribeTitle", message: "unsubscribeQuestion", email: email, buttons: [button])
    }

    /// The button's POST (and a mail client's one-click POST to the same link).
    @Sendable func unsubscribeFromPage(request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let withdrawal = try await self.withdraw(token: token, request: request, context: context) else {
            return self.page(
                locale: request.interfaceLocale(self.resources.strings),
                title: "unsubscribeTitle",
                message: "unsubscribeUnknown",
                status: .notFound
            )
        }
        return self.page(locale: withdrawal.locale, title: "unsubscribedTitle", message: "unsubscribedText", email: Self.masked(withdrawal.email))
    }

    struct UnsubscribeResponse: ResponseEncodable {
        var status: String
    }

    /// `POST /api/unsubscribe?token=…` (a `List-Unsubscribe` URL with `List-Unsubscribe=One-Click` posted to it),
    /// or the token as a form field or JSON `{"token": …}`.
    @Sendable func unsubscribe(request: Request, context: AppRequestContext) async throws -> UnsubscribeResponse {
        let token = try await Self.token(in: request)
        guard try await self.withdraw(token: token, request: request, context: context) != nil else {
            throw APIError.notFound("token: no lead has this unsubscribe token")
        }
        return UnsubscribeResponse(status: "unsubscribed")
    }

    private func withdraw(token: String, request: Request, context: AppRequestContext) async throws -> Withdrawal? {
        guard UnsubscribeToken.isWellFormed(token) else { return nil }
        let withdrawal = try await self.database.withdraw(
            unsubscribeToken: token,
            notifying: self.webhookEndpoints,
            baseURL: PublicURL.base(configured: self.publicURL, request: request),
            at: Date()
        )
        if let withdrawal, withdrawal.leadsWithdrawn > 0 {
            AppMetrics.withdrawal()
            context.logger.info("Address unsubscribed", metadata: ["leads": "\(withdrawal.leadsWithdrawn)"])
        }
        return withdrawal
    }

    private static func token(in request: Request) async throws -> String {
        if let token = request.uri.queryParameters.get("token") { return token }
        let body = try await request.collectBody()
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            struct TokenBody: Decodable { var token: String }
            return try Request.decodeJSON(as: TokenBody.self, from: body).token
        }
        if let token = FormBody.value(named: "token", in: body) { return token }
        throw APIError.invalid("token", "missing: pass ?token=, a token form field or {\"token\": …}")
    }

    private func page(
        locale: String,
        title: String,
        message: String,
        email: String = "",
        buttons: [LinkPage.Button] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        self.resources.link.response(
            page: "unsubscribe",
            locale: locale,
            title: title,
            message: message,
            email: email,
            buttons: buttons,
            status: status
        )
    }

    /// `a•••@example.com`: enough for the person to recognise their address, not enough for a shoulder-surfer.
    static func masked(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "•••" }
        return String(email[..<at].prefix(1)) + "•••" + String(email[at...])
    }
}

extension Request {
    /// The interface locale for a page with no quiz: `?lang=`, then `Accept-Language`, among `strings`' locales.
    func interfaceLocale(_ strings: InterfaceStrings) -> String {
        Locales.negotiate(
            requested: self.uri.queryParameters.get("lang"),
            acceptLanguage: self.headers[.acceptLanguage],
            available: strings.locales
        )
    }
}

extension HTTPField.Name {
    static let xRobotsTag = Self("X-Robots-Tag")!
}
