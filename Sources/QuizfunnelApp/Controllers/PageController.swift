import Hummingbird
import QuizfunnelDomain

/// The pages a person opens: the list of quizzes and the play page of one quiz.
struct PageController: Sendable {
    let catalog: QuizCatalog
    let templates: PageTemplates

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/", use: self.index)
        routes.get("q/:quiz", use: self.play)
        return routes
    }

    /// Every quiz, with its title in the visitor's language.
    @Sendable func index(request: Request, context: AppRequestContext) async throws -> Response {
        let items = self.catalog.quizzes.map { quiz in
            let locale = request.locale(for: quiz)
            let title = quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale)
            let description = quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? ""
            return """
                <li><a class="quiz-card" href="/q/\(HTML.escape(quiz.id))" lang="\(HTML.escape(locale))">\
                <strong>\(HTML.escape(title))</strong><span>\(HTML.escape(description))</span></a></li>
                """
        }
        let page = PageTemplates.render(self.templates.index, values: [:], trustedHTML: ["quizList": items.joined(separator: "\n")])
        return Self.html(page)
    }

    /// The play page, in the player's locale; the script fetches the questions from the API.
    @Sendable func play(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("quiz")
        guard let quiz = self.catalog.quiz(id: id) else {
            return Self.html(Self.notFoundPage, status: .notFound)
        }
        let locale = request.locale(for: quiz)
        let page = PageTemplates.render(
            self.templates.play,
            values: [
                "lang": locale,
                "dir": Locales.direction(of: locale),
                "quiz": quiz.id,
                "title": quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale),
                "description": quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
            ]
        )
        return Self.html(page)
    }

    private static let notFoundPage = """
        <!doctype html><html lang="en"><meta charset="utf-8"><title>Quiz not found</title>\
        <p>This quiz does not exist (any more). <a href="/">See all quizzes</a>.</p></html>
        """

    private static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page))
        )
    }
}
