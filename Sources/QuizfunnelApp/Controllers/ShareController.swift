import Foundation
import Hummingbird
import QuizfunnelDomain

/// Public result pages that social networks' crawlers read without JavaScript: Open Graph and X card tags,
/// the result for a person who opens the link, and a button into the quiz that keeps the share's attribution.
struct ShareController: Sendable {
    let catalog: QuizCatalog
    let resources: PageResources
    let publicURL: String?
    /// The size of every local segment image, read once.
    let imageSizes: [String: ImageSize]

    init(catalog: QuizCatalog, resources: PageResources, publicURL: String?) {
        self.catalog = catalog
        self.resources = resources
        self.publicURL = publicURL
        let paths = Set(catalog.quizzes.flatMap(\.segments).compactMap(\.image).filter { !$0.hasPrefix("https://") })
        self.imageSizes = Dictionary(
            uniqueKeysWithValues: paths.compactMap { path in
                ImageSize.png(at: (resources.publicFolder as NSString).appendingPathComponent(path)).map { (path, $0) }
            }
        )
    }

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("r/:quiz/:segment", use: self.show)
        return routes
    }

    /// One segment's share page, in the sharer's locale (`?lang=`), crediting `utm_*` and `ref` to the quiz it leads to.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let quizID = try context.parameters.require("quiz")
        let segmentID = try context.parameters.require("segment")
        guard let quiz = self.catalog.quiz(id: quizID), let segment = quiz.segment(id: segmentID) else {
            return PageController.html(PageController.notFoundPage, status: .notFound)
        }
        let locale = request.locale(for: quiz)
        let view = segment.playerView(locale: locale, quiz: quiz)
        let quizTitle = quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale)
        let base = PublicURL.base(configured: self.publicURL, request: request)
        let langQuery: [(String, String?)] = [("lang", locale == quiz.defaultLocale ? nil : locale)]
        let canonical = base + PublicURL.path("/r/\(quiz.id)/\(segment.id)", query: langQuery)
        let page = PageResources.render(
            self.resources.share,
            values: [
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
            ],
            trusted: self.imageMarkup(of: segment, title: view.title, base: base)
        )
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

    /// The `og:image` and `twitter:image` tags and the visible image, or nothing for a segment without an image.
    private func imageMarkup(of segment: Segment, title: String, base: String) -> [String: String] {
        guard let image = segment.image else { return ["imageMeta": "", "image": ""] }
        let url = HTML.escape(image.hasPrefix("https://") ? image : base + "/" + image)
        let alt = HTML.escape(title)
        var meta = [
            #"<meta property="og:image" content="\#(url)">"#,
            #"<meta property="og:image:alt" content="\#(alt)">"#,
            #"<meta name="twitter:image" content="\#(url)">"#,
            #"<meta name="twitter:image:alt" content="\#(alt)">"#,
        ]
        var sizeAttributes = ""
        if let size = self.imageSizes[image] {
            meta.insert(#"<meta property="og:image:type" content="image/png">"#, at: 1)
            meta.insert(#"<meta property="og:image:width" content="\#(size.width)">"#, at: 2)
            meta.insert(#"<meta property="og:image:height" content="\#(size.height)">"#, at: 3)
            sizeAttributes = #" width="\#(size.width)" height="\#(size.height)""#
        }
        let visible = #"<img class="segment-image" src="\#(url)" alt="\#(alt)"\#(sizeAttributes)>"#
        return ["imageMeta": meta.joined(separator: "\n  "), "image": visible]
    }
}
