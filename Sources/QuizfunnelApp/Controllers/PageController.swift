import Hummingbird
import QuizfunnelDomain

/// The pages a person opens: the list of quizzes and the play page of one quiz.
struct PageController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let resources: PageResources

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/", use: self.index)
        routes.get("q/:quiz", use: self.play)
        routes.get("admin", use: self.admin)
        return routes
    }

    /// Every quiz, with its title in the visitor's language.
    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        let quizzes = self.catalog.quizzes.map { quiz in
            let locale = request.locale(for: quiz)
            return [
                "id": quiz.id,
                "locale": locale,
                "title": quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale),
                "description": quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
            ]
        }
        let page = self.resources.index.render(["quizzes": quizzes])
        return Self.html(page, gzipFor: request)
    }

    /// The play page, in the player's locale (rendered at start-up but for its language links); the script fetches the
    /// questions from the API. A quiz with variants shows one picked by weight (`data-variant` on the body), or the one
    /// `?variant=` names, for a preview the page does not count in the experiment.
    /// Only the quiz's `embedOrigins` (and this site) may frame it.
    @Sendable func play(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("quiz")
        guard let quiz = self.catalog.quiz(id: id) else {
            return Self.html(Self.notFoundPage, status: .notFound)
        }
        let locale = request.locale(for: quiz)
        let languages = self.languageLinks(for: quiz, current: locale, request: request)
        let variant = Self.variant(of: quiz, forced: request.uri.queryParameters.get("variant"))
        guard let page = self.library.edition.views.playPage(quiz: quiz.id, locale: locale, variant: variant, languages: languages) else {
            return Self.html(Self.notFoundPage, status: .notFound)
        }
        var response = Self.html(page, gzipFor: request)
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<AppRequestContext>.contentSecurityPolicy(
            frameAncestors: (["'self'"] + quiz.embedOrigins).joined(separator: " ")
        )
        return response
    }

    /// The id of the variant a page load shows: the one `forced` names, else one picked by weight; empty for a quiz
    /// without variants.
    static func variant(of quiz: Quiz, forced: String?) -> String {
        if let forced, quiz.variant(id: forced) != nil { return forced }
        guard quiz.totalVariantWeight > 0 else { return "" }
        return quiz.variant(forRoll: Int.random(in: 0..<quiz.totalVariantWeight))?.id ?? ""
    }

    /// Links to the quiz in each of its locales, keeping the page's attribution and embedding parameters.
    private func languageLinks(for quiz: Quiz, current: String, request: Request) -> String {
        guard quiz.locales.count > 1 else { return "" }
        let kept = request.uri.queryParameters.filter { $0.key != "lang" }.map { (String($0.key), Optional(String($0.value))) }
        let links = quiz.locales.map { locale in
            let href = PublicURL.path("/q/\(quiz.id)", query: [("lang", locale)] + kept)
            let current = locale == current ? #" aria-current="true""# : ""
            let name = self.resources.strings.languageName(of: locale)
            return
                #"<a href="\#(HTML.escape(href))" lang="\#(HTML.escape(locale))" hreflang="\#(HTML.escape(locale))"\#(current)>\#(HTML.escape(name))</a>"#
        }
        let label = HTML.escape(self.resources.strings.text("languages", locale: current))
        return #"<nav class="languages" aria-label="\#(label)">\#(links.joined())</nav>"#
    }

    /// The marketer's dashboard; it asks for the admin token itself and reads everything through the admin API.
    @Sendable func admin(request: Request, context: AppRequestContext) async throws -> Response {
        var response = Self.html(self.resources.admin)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    static let notFoundPage = """
        <!doctype html><html lang="en"><meta charset="utf-8"><title>Quiz not found</title>\
        <p>This quiz does not exist (any more). <a href="/">See all quizzes</a>.</p></html>
        """

    /// A page that browsers revalidate each time; gzipped when `request` accepts it (pass none for a page that holds a
    /// secret, which must not be compressed beside text an attacker chooses).
    static func html(_ page: String, status: HTTPResponse.Status = .ok, gzipFor request: Request? = nil) -> Response {
        let headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
        guard let request else { return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page))) }
        return Gzip.response(to: request, status: status, headers: headers, body: ByteBuffer(string: page))
    }
}
