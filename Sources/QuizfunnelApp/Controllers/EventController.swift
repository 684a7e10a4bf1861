import Foundation
import Hummingbird
import QuizfunnelDomain

/// Takes the play page's funnel events (sent with `navigator.sendBeacon`, batched): views, starts, questions reached,
/// shares and clicks on a result's products. No cookies and no personal data: the page sends an anonymous play id, which is not stored.
struct EventController: Sendable {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }
    let recorder: FunnelRecorder

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post(":quiz/events", use: self.record)
        return routes
    }

    struct EventBatch: Decodable {
        struct Event: Decodable {
            var type: String
            var question: Int?
            /// For `answer`: the question that was the player's furthest before this one, if any.
            var from: Int?
            var network: String?
            /// For `product`: the segment shown and the product's `index` among its products.
            var segment: String?
            var index: Int?
        }

        var events: [Event]
        var lang: String?
        var utm: UTM?
        var ref: String?
        /// The variant the page shows; absent for a quiz without variants and for a preview (`?variant=`).
        var variant: String?
    }

    /// Counts the batch in memory (written within a second) and answers 204.
    @Sendable func record(request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let quiz = try self.catalog.quiz(in: context)
        let batch = try await request.decodeJSON(as: EventBatch.self)
        guard (1...50).contains(batch.events.count) else { throw APIError.invalid("events", "must hold 1 to 50 events") }
        let attribution: Attribution
        do {
            attribution = try Attribution(validatingUTM: batch.utm ?? UTM(), ref: batch.ref)
        } catch {
            throw APIError.invalid(error)
        }
        let variant = try QuizController.variant(batch.variant, of: quiz)?.id ?? ""
        let locale = Locales.negotiate(requested: batch.lang, acceptLanguage: nil, available: quiz.locales)
        let day = FunnelRecorder.today()
        var keys: [FunnelKey] = []
        for (index, event) in batch.events.enumerated() {
            guard let metric = FunnelMetric(rawValue: event.type), FunnelMetric.reportedByBrowser.contains(metric) else {
                throw APIError.invalid("events[\(index)].type", "must be view, start, answer, share or product")
            }
            var key = FunnelKey(quizID: quiz.id, day: day, metric: metric, locale: locale, attribution: attribution, variant: variant)
            if metric == .answer {
                guard let question = event.question, (1...quiz.questions.count).contains(question) else {
                    throw APIError.invalid("events[\(index)].question", "must be a question number from 1 to \(quiz.questions.count)")
                }
                key.question = question
                if let from = event.from {
                    guard (1..<question).contains(from) else {
                        throw APIError.invalid("events[\(index)].from", "must be a question number before \(question)")
                    }
                    var advance = key
                    advance.metric = .advance
                    advance.question = from
                    keys.append(advance)
                }
            }
            if metric == .share {
                guard let network = event.network, Self.isShareNetwork(network) else {
                    throw APIError.invalid("events[\(index)].network", "must be 1 to 32 lower-case letters, digits or \"-\"")
                }
                key.network = network
            }
            if metric == .product {
                guard let segment = event.segment.flatMap(quiz.segment(id:)) else {
                    throw APIError.invalid("events[\(index)].segment", "must be a segment of this quiz")
                }
                guard let product = event.index, segment.products.indices.contains(product) else {
                    throw APIError.invalid("events[\(index)].index", "must be the index of one of the segment's \(segment.products.count) products")
                }
                key.segment = segment.id
                key.question = product + 1
            }
            keys.append(key)
        }
        // Only a batch that is valid as a whole is counted.
        for key in keys { self.recorder.record(key) }
        return .noContent
    }
}

extension EventController {
    /// A share network's name as the page sends it: `facebook`, `copy-link`.
    static func isShareNetwork(_ text: String) -> Bool {
        (1...32).contains(text.count) && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
