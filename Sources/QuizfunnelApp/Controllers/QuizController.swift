import Foundation
import Hummingbird
import QuizfunnelDomain

/// The player API: quizzes to show, and answers scored into a stored result.
struct QuizController: Sendable {
    let library: QuizLibrary
    let database: any FunnelRepository
    let publicURL: String?
    let recorder: FunnelRecorder

    /// Reading quizzes.
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: self.list)
        routes.get(":quiz", use: self.show)
        return routes
    }

    /// Scoring a play, which writes to disk and is rate-limited.
    var resultEndpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post(":quiz/results", use: self.submitResult)
        return routes
    }

    struct QuizSummary: ResponseEncodable {
        var id: String
        var title: String
        var locales: [String]
    }

    /// Lists the quizzes, titled in their default locale.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> [QuizSummary] {
        self.library.catalog.quizzes.map { quiz in
            QuizSummary(id: quiz.id, title: quiz.title.resolved(for: quiz.defaultLocale, defaultLocale: quiz.defaultLocale), locales: quiz.locales)
        }
    }

    /// One quiz in the player's locale, without scores, as encoded at start-up; as a variant shows it with `?variant=`.
    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let edition = self.library.edition
        let quiz = try edition.catalog.quiz(in: context)
        let variant = try Self.variant(request.uri.queryParameters.get("variant"), of: quiz)?.id ?? ""
        guard let view = edition.views.quizJSON(quiz: quiz.id, locale: request.locale(for: quiz), variant: variant) else {
            throw HTTPError(.notFound)
        }
        return Gzip.response(to: request, headers: [.contentType: "application/json; charset=utf-8"], body: view.body, gzipped: view.gzipped)
    }

    struct ResultRequest: Decodable {
        var answers: [String: String]
        /// Free answers to text questions, by question.
        var texts: [String: String]?
        /// The version of the quiz the page showed (`quizVersion` of `GET /api/quizzes/{quiz}`).
        var quizVersion: String?
        var lang: String?
        var utm: UTM?
        var ref: String?
        /// The variant the page showed (`data-variant`); absent from an API client, whose result the experiment leaves out.
        var variant: String?
        /// The ad networks' click ids of the landing URL, kept for the conversions sent to them.
        var clickIds: ClickIDs?
    }

    /// Scores the answers on the server and stores the result; answers 201 with the segment in the player's locale,
    /// the result's id, the version scored against, and the segment's share link carrying the player's own `ref` (see
    /// `ResultViews`).
    @Sendable func submitResult(request: Request, context: AppRequestContext) async throws -> Response {
        let edition = self.library.edition
        let running = try edition.catalog.quiz(in: context)
        let body = try await request.decodeJSON(as: ResultRequest.self)
        let texts = body.texts ?? [:]
        let (quiz, path, segment) = try self.score(body.answers, texts: texts, version: body.quizVersion, running: running)
        let attribution: Attribution
        do {
            attribution = try Attribution(validatingUTM: body.utm ?? UTM(), ref: body.ref)
        } catch {
            throw APIError.invalid(error)
        }
        let variant = try Self.variant(body.variant, of: quiz)
        let clickIDs: ClickIDs
        do {
            clickIDs = try body.clickIds?.validated() ?? ClickIDs()
        } catch {
            throw APIError.invalid(error)
        }
        let locale = Locales.negotiate(requested: body.lang, acceptLanguage: request.headers[.acceptLanguage], available: quiz.locales)
        var result = ResultRecord(
            id: ResultID.make(),
            quizID: quiz.id,
            segmentID: segment.id,
            answers: body.answers,
            locale: locale,
            attribution: attribution,
            createdAt: Date(),
            shareRef: ResultID.makeShareRef(),
            texts: texts.filter { !TextAnswer.isBlank($0.value) },
            quizVersion: quiz.version
        )
        result.variant = variant?.id
        result.fbclid = clickIDs.fbclid
        result.gclid = clickIDs.gclid
        guard let answersJSON = edition.resultViews.answersJSON(quiz: quiz, path: path) else {
            throw HTTPError(.internalServerError, message: "answers scored but not encoded")
        }
        try await self.database.saveResult(result, answersJSON: answersJSON)
        self.recorder.record(
            FunnelKey(
                quizID: quiz.id,
                day: FunnelRecorder.today(),
                metric: .complete,
                locale: locale,
                attribution: attribution,
                segment: segment.id,
                question: path.last.flatMap { step in quiz.questions.firstIndex { $0.id == step.question.id } }.map { $0 + 1 } ?? 0,
                variant: variant?.id ?? ""
            )
        )
        AppMetrics.resultStored(quiz: quiz.id, segment: segment.id)
        context.logger.info("Result saved", metadata: ["quiz": "\(quiz.id)", "segment": "\(segment.id)"])
        let shareRef = result.shareRef ?? ""
        let shareURL =
            PublicURL.base(configured: self.publicURL, request: request)
            + PublicURL.path("/r/\(quiz.id)/\(segment.id)", query: [("lang", locale), ("ref", shareRef)])
        let identifiers = ResultIdentifiers(resultId: result.id, shareUrl: shareURL, shareRef: shareRef, quizVersion: quiz.version)
        // Rendered at start-up unless the page showed an older version, or a variant with its own words for the segment.
        let responseBody =
            quiz.version == running.version && variant?.segmentDescriptions[segment.id] == nil
            ? try edition.resultViews.responseBody(quiz: quiz.id, segment: segment.id, locale: locale, identifiers: identifiers)
            : try ResultViews.responseBody(
                segment: (quiz.showing(variant).segment(id: segment.id) ?? segment).playerView(locale: locale, quiz: quiz),
                identifiers: identifiers
            )
        guard let responseBody else { throw HTTPError(.internalServerError, message: "segment \(segment.id) not rendered in \(locale)") }
        return Response(
            status: .created,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: responseBody)
        )
    }

    /// The quiz version the answers are scored against, the player's path through it and their segment. The version is
    /// the one the page showed while it is kept, else the running one when the answers fit it; a 409 asks to reload
    /// when they do not, and a 422 names the question at fault in answers that fit neither.
    private func score(
        _ answers: [String: String],
        texts: [String: String],
        version: String?,
        running: Quiz
    ) throws -> (quiz: Quiz, path: [PathStep], segment: Segment) {
        var quiz = running
        if let version, version != running.version, let shown = self.library.quiz(id: running.id, version: version) {
            quiz = shown
        }
        do {
            let path = try quiz.path(of: answers, texts: texts)
            return (quiz, path, quiz.outcome(of: path.compactMap(\.answer)).segment)
        } catch {
            if let version, version != quiz.version {
                throw APIError.conflict(
                    "quizVersion",
                    "this quiz changed since the page was loaded (version \(version)); reload the page and play again"
                )
            }
            throw error.apiError(in: quiz)
        }
    }
}

extension QuizController {
    /// The variant `id` names in `quiz`; `nil` for none named (or an empty name); a 422 for one the quiz does not declare.
    static func variant(_ id: String?, of quiz: Quiz) throws -> QuizVariant? {
        guard let id, !id.isEmpty else { return nil }
        guard let variant = quiz.variant(id: id) else {
            let known = quiz.variants.map { "\"\($0.id)\"" }.joined(separator: ", ")
            throw APIError.invalid("variant", known.isEmpty ? "this quiz has no variants" : "unknown variant; this quiz has \(known)")
        }
        return variant
    }
}

extension Request {
    /// The locale to show `quiz` in: `?lang=`, then `Accept-Language`, then the quiz's default.
    func locale(for quiz: Quiz) -> String {
        Locales.negotiate(
            requested: self.uri.queryParameters.get("lang"),
            acceptLanguage: self.headers[.acceptLanguage],
            available: quiz.locales
        )
    }
}

extension PlayerQuiz: ResponseEncodable {}
