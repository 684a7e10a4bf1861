import Foundation
import Hummingbird
import QuizfunnelDomain

/// What the player's pages and API send for each quiz and locale, rendered once per `Edition` (at start-up and at each
/// reload): the play page up to its language links, and the quiz as JSON, plain and gzipped.
struct RenderedViews: Sendable {
    struct Rendered: Sendable {
        var body: ByteBuffer
        var gzipped: ByteBuffer?

        init(_ body: ByteBuffer) {
            self.body = body
            self.gzipped = Gzip.compressIfSmaller(body)
        }
    }

    /// The play page before and after its language links, which keep each request's own attribution parameters.
    private let playPages: [Key: (before: String, after: String)]
    private let quizJSON: [Key: Rendered]

    private struct Key: Hashable {
        var quiz: String
        var locale: String
    }

    init(catalog: QuizCatalog, resources: PageResources, sizes: @escaping Picture.Sizes = { _ in nil }) throws {
        var playPages: [Key: (before: String, after: String)] = [:]
        var quizJSON: [Key: Rendered] = [:]
        let encoder = JSONEncoder()
        for quiz in catalog.quizzes {
            for locale in quiz.locales {
                let key = Key(quiz: quiz.id, locale: locale)
                let page = resources.play.render([
                    "lang": locale,
                    "dir": Locales.direction(of: locale),
                    "quiz": quiz.id,
                    "title": quiz.title.resolved(for: locale, defaultLocale: quiz.defaultLocale),
                    "description": quiz.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
                    "embedOrigins": quiz.embedOrigins.joined(separator: " "),
                    "strings": resources.strings.json(for: locale),
                    "languages": Self.languagesMark,
                ])
                let parts = page.split(separator: Self.languagesMark, maxSplits: 1, omittingEmptySubsequences: false)
                playPages[key] = (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
                quizJSON[key] = Rendered(ByteBuffer(data: try encoder.encode(quiz.playerView(locale: locale, sizes: sizes))))
            }
        }
        self.playPages = playPages
        self.quizJSON = quizJSON
    }

    /// Where the language links go, split out of the rendered page.
    private static let languagesMark = "\u{1F}languages\u{1F}"

    /// The play page of `quiz` in `locale` (one of the quiz's locales), with `languages` as its language links.
    func playPage(quiz: String, locale: String, languages: String) -> String? {
        self.playPages[Key(quiz: quiz, locale: locale)].map { $0.before + languages + $0.after }
    }

    /// `GET /api/quizzes/{quiz}` in `locale`.
    func quizJSON(quiz: String, locale: String) -> Rendered? {
        self.quizJSON[Key(quiz: quiz, locale: locale)]
    }
}
