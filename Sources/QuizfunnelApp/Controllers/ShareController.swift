import Foundation
import Hummingbird
import QuizfunnelDomain

/// Public result pages that social networks' crawlers read without JavaScript: Open Graph and X card tags,
/// the result for a person who opens the link, and a button into the quiz that keeps the share's attribution.
struct ShareController: Sendable {
    let library: QuizLibrary
    let resources: PageResources
    let publicURL: String?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("r/:quiz/:segment", use: self.show)
        return routes
    }

    /// One segment's share page, in the sharer's locale (`?lang=`), crediting `utm_*` and `ref` to the quiz it leads to.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let quizID = try context.parameters.require("quiz")
        let segmentID = try context.parameters.require("segment")
        let edition = self.library.edition
        guard let quiz = edition.catalog.quiz(id: quizID), let segment = quiz.segment(id: segmentID) else {
            return PageController.html(PageController.notFoundPage, status: .notFound)
        }
        let locale = request.locale(for: quiz)
        let view = segment.playerView(locale: locale, quiz: quiz)
        let quizTitle = quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale)
        let base = PublicURL.base(configured: self.publicURL, request: request)
        let langQuery: [(String, String?)] = [("lang", locale == quiz.defaultLocale ? nil : locale)]
        let canonical = base + PublicURL.path("/r/\(quiz.id)/\(segment.id)", query: langQuery)
        var values: [String: Any] = [
            "lang": locale,
            "dir": Locales.direction(of: locale),
            "title": self.resources.strings.text("shareText", locale: locale, ["segment": view.title, "quiz": quizTitle]),
            "description": view.description ?? quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
            "canonicalURL": canonical,
            "siteName": quizTitle,
            "segmentTitle": view.title,
            "eyebrow": self.resources.strings.text("quizResult", locale: locale),
            "takeQuiz": self.resources.strings.text("takeQuiz", locale: locale),
            "quizURL": PublicURL.path("/q/\(quiz.id)", query: [("lang", locale)] + Self.attributionQuery(of: request)),
        ]
        if let image = self.image(of: segment, in: quiz, locale: locale, title: view.title, base: base, sizes: edition.imageSizes) {
            values["image"] = image
        }
        let page = self.resources.share.render(values)
        return PageController.html(page, gzipFor: request)
    }

    /// The share link's own `utm_*` and `ref`, passed on so that a lead from a share is credited to it and its sharer.
    static func attributionQuery(of request: Request) -> [(String, String?)] {
        let parameters = request.uri.queryParameters
        let names = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref"]
        let utm = UTM(
            source: parameters.get("utm_source"),
            medium: parameters.get("utm_medium"),
            campaign: parameters.get("utm_campaign"),
            term: parameters.get("utm_term"),
            content: parameters.get("utm_content")
        )
        guard let attribution = try? Attribution(validatingUTM: utm, ref: parameters.get("ref")) else { return [] }
        let values = [attribution.utm.source, attribution.utm.medium, attribution.utm.campaign, attribution.utm.term, attribution.utm.content]
        return Array(zip(names, values + [attribution.ref]))
    }

    /// What the `og:image` and `twitter:image` tags and the visible image show, or `nil` for a segment without an image.
    private func image(
        of segment: Segment,
        in quiz: Quiz,
        locale: String,
        title: String,
        base: String,
        sizes: [String: ImageSize]
    ) -> [String: Any]? {
        guard let image = segment.image?.resolved(for: locale, defaultLocale: quiz.defaultLocale) else { return nil }
        var values: [String: Any] = ["url": image.hasPrefix("https://") ? image : base + "/" + image, "alt": title]
        if let size = sizes[image] { values["size"] = ["width": size.width, "height": size.height] }
        return values
    }
}
