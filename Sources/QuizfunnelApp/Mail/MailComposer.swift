import Foundation
import QuizfunnelDomain

/// Turns an outbox row into the mail itself: the quiz's texts (or the built-in ones) rendered for its lead, with the
/// headers each kind needs.
struct MailComposer: Sendable {
    let catalog: QuizCatalog
    let templates: MailTemplates
    let settings: MailSettings
    /// `https://quiz.example.com`: links in mails are absolute.
    let baseURL: String

    init(catalog: QuizCatalog, resources: PageResources, configuration: AppConfiguration) throws {
        self.catalog = catalog
        self.templates = try MailTemplates(catalog: catalog, builtInTexts: resources.mailTexts)
        self.settings = configuration.mail
        self.baseURL = configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
    }

    /// The links a mail carries, also listed in the dashboard's Mail view.
    struct Links: Sendable, Equatable {
        var confirm: String?
        var reject: String?
        var unsubscribe: String?
    }

    /// The mail `mail` stands for, or `nil` when its quiz or sender is gone, or its link is (a confirmation's secret
    /// once sent, the withdrawal link of an address never subscribed).
    func message(for mail: MailRecord, lead: LeadRecord, token: ConfirmationTokenRecord?) -> (message: MailMessage, links: Links)? {
        guard let quiz = self.catalog.quiz(id: mail.quizID), let from = self.settings.sender(of: quiz) else { return nil }
        let locale = quiz.locales.contains(lead.consentLocale) ? lead.consentLocale : quiz.defaultLocale
        var links = Links()
        var context: [String: Any] = [
            "quiz": [
                "title": quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale),
                "description": quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
            ]
        ]
        if let name = lead.name { context["name"] = name }
        var headers: [(name: String, value: String)] = []
        switch mail.kind {
        case .confirmation:
            guard let secret = mail.confirmationToken else { return nil }
            links.confirm = "\(self.baseURL)/c/\(secret)"
            links.reject = "\(self.baseURL)/c/\(secret)#not-me"
            context["confirmUrl"] = links.confirm
            context["rejectUrl"] = links.reject
            context["expiresAt"] = Self.expiry(token?.expiresAt ?? mail.createdAt.addingTimeInterval(self.settings.confirmationTTL))
            headers.append(("Auto-Submitted", "auto-generated"))
        case .result:
            // Only a subscribed address gets the result mail, and every subscribed address has its withdrawal link.
            guard let unsubscribeToken = lead.unsubscribeToken else { return nil }
            links.unsubscribe = "\(self.baseURL)/u/\(unsubscribeToken)"
            context["unsubscribeUrl"] = links.unsubscribe
            // In the words of the variant the person was shown.
            let shown = quiz.showing(lead.variant.flatMap(quiz.variant(id:)))
            if let segment = shown.segment(id: lead.segmentID) { context["segment"] = self.segmentContext(segment, quiz: quiz, locale: locale) }
            headers += [
                ("List-Unsubscribe", "<\(links.unsubscribe!)>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ("List-Id", "<\(quiz.id).\(from.domain)>"),
            ]
        }
        func render(_ part: MailTemplates.Part) -> String? {
            self.templates.source(quiz: quiz, kind: mail.kind, segmentID: lead.segmentID, part: part, locale: locale)
                .map { self.templates.render($0, part: part, context: context) }
        }
        let message = MailMessage(
            from: from,
            replyTo: quiz.emails?.replyTo,
            to: Mailbox(name: lead.name, address: lead.email),
            subject: (render(.subject) ?? "").replacingOccurrences(of: "\n", with: " "),
            date: mail.createdAt,
            messageID: mail.messageID,
            language: locale,
            text: render(.text) ?? "",
            html: render(.html),
            extraHeaders: headers
        )
        return (message, links)
    }

    private func segmentContext(_ segment: Segment, quiz: Quiz, locale: String) -> [String: Any] {
        let view = segment.playerView(locale: locale, quiz: quiz)
        var context: [String: Any] = ["id": segment.id, "title": view.title, "description": view.description ?? ""]
        let absolute = { (url: String) in url.hasPrefix("https://") ? url : self.baseURL + url }
        if let image = view.image { context["image"] = absolute(image) }
        if let cta = view.cta { context["cta"] = ["label": cta.label, "url": cta.url] }
        context["products"] = view.products.map { product in
            var values: [String: Any] = ["title": product.title, "url": product.url]
            if let image = product.image { values["image"] = absolute(image) }
            if let price = product.price { values["price"] = price }
            return values
        }
        return context
    }

    /// `2026-12-10 07:31 UTC`: read the same in every language.
    static func expiry(_ date: Date) -> String {
        String(Timestamp.iso8601(date).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
