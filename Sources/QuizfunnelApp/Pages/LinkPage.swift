import Hummingbird
import Mustache
import QuizfunnelDomain

/// The page behind a link in a mail (unsubscribe, confirm), from `Public/link.html`: a title, a message that may name
/// the masked address, and the buttons that act, each a form of its own. Never cached, never sent on as a referrer,
/// never indexed: the link is a secret.
struct LinkPage: Sendable {
    let template: MustacheTemplate
    let strings: InterfaceStrings

    /// One button: a POST to `action`, with `action=value` in its body when `value` is set.
    struct Button: Sendable {
        var action: String
        var value: String?
        var label: String
        /// `primary`, or `link` for a small, secondary button.
        var style = "primary"
        var id: String?

        var values: [String: Any] {
            var values: [String: Any] = ["action": self.action, "label": self.label, "style": self.style]
            if let value { values["value"] = value }
            if let id { values["id"] = id }
            return values
        }
    }

    /// `page` is the body's class; `title` and `message` are keys of the interface strings, `{email}` filled with `email`.
    func response(
        page: String,
        locale: String,
        title: String,
        message: String,
        email: String = "",
        buttons: [Button] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let html = self.template.render([
            "page": page,
            "lang": locale,
            "dir": Locales.direction(of: locale),
            "title": self.strings.text(title, locale: locale),
            "message": self.strings.text(message, locale: locale, ["email": email]),
            "forms": buttons.map(\.values),
        ])
        var response = PageController.html(html, status: status)
        response.headers[.cacheControl] = "no-store"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xRobotsTag] = "noindex"
        return response
    }
}
