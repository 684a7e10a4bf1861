import Foundation
import Hummingbird
import QuizfunnelDomain

/// What the player's pages and API send for each quiz and locale, rendered once per `Edition` (at start-up and at each
/// reload): the play page up to its language links, and the quiz as JSON, plain and gzipped; for a quiz with variants,
/// once per variant, so that assigning one costs a lookup.
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
        /// The variant's id; empty for a quiz without variants, and for the quiz as an API client asks for it.
        var variant: String
    }

    init(catalog: QuizCatalog, resources: PageResources, sizes: @escaping Picture.Sizes = { _ in nil }) throws {
        var playPages: [Key: (before: String, after: String)] = [:]
        var quizJSON: [Key: Rendered] = [:]
        let encoder = JSONEncoder()
        for quiz in catalog.quizzes {
            for locale in quiz.locales {
                for variant in [nil] + quiz.variants.map(Optional.some) {
                    let key = Key(quiz: quiz.id, locale: locale, variant: variant?.id ?? "")
                    let shown = quiz.showing(variant)
                    let page = resources.play.render([
                        "lang": locale,
                        "dir": Locales.direction(of: locale),
                        "quiz": quiz.id,
                        "variant": variant?.id ?? "",
                        "title": shown.title.resolved(for: locale, defaultLocale: quiz.defaultLocale),
                        "description": shown.description?.resolved(for: locale, defaultLocale: quiz.defaultLocale) ?? "",
                        "embedOrigins": quiz.embedOrigins.joined(separator: " "),
                        "strings": resources.strings.json(for: locale),
                        "languages": Self.languagesMark,
                    ])
                    let parts = page.split(separator: Self.languagesMark, maxSplits: 1, omittingEmptySubsequences: false)
                    playPages[key] = (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
                    let view = quiz.playerView(locale: locale, variant: variant, sizes: sizes)
                    quizJSON[key] = Rendered(ByteBuffer(data: try encoder.encode(view)))
                }
            }
        }
        self.playPages = playPages
        self.quizJSON = quizJSON
    }

    /// Where the language links go, split out of the rendered page.
    private static let languagesMark = "\u{1F}languages\u{1F}"

    /// The play page of `quiz` in `locale` (one of the quiz's locales) as `variant` shows it, with `languages` as its
    /// language links.
    func playPage(quiz: String, locale: String, variant: String = "", languages: String) -> String? {
        self.playPages[Key(quiz: quiz, locale: locale, variant: variant)].map { $0.before + languages + $0.after }
    }

    /// `GET /api/quizzes/{quiz}` in `locale`, as `variant` shows it.
    func quizJSON(quiz: String, locale: String, variant: String = "") -> Rendered? {
        self.quizJSON[Key(quiz: quiz, locale: locale, variant: variant)]
    }
}
