/// A quiz as a player's browser receives it: one locale, no scores, so the outcome cannot be read off the page.
public struct PlayerQuiz: Sendable, Encodable, Equatable {
    public struct Question: Sendable, Encodable, Equatable {
        public var id: String
        public var text: String
        /// `choice`, or `text` for a free answer (which has no answers and may be optional).
        public var type: String
        public var answers: [Answer]
        public var required: Bool
    }

    public struct Answer: Sendable, Encodable, Equatable {
        public var id: String
        public var text: String
        /// The question this answer leads to, or `result`; absent: the next question in order.
        public var next: String?
        public var image: Picture?
    }

    public struct ConsentText: Sendable, Encodable, Equatable {
        public var version: String
        public var text: String
    }

    /// Interface texts a variant shows instead of the page's own (absent: the page's own).
    public struct InterfaceTexts: Sendable, Encodable, Equatable {
        public var start: String?
        public var leadTitle: String?
        public var subscribe: String?

        public init(start: String? = nil, leadTitle: String? = nil, subscribe: String? = nil) {
            self.start = start
            self.leadTitle = leadTitle
            self.subscribe = subscribe
        }
    }

    public var id: String
    /// The version of the quiz the page shows, sent back with the answers.
    public var quizVersion: String
    public var locale: String
    public var locales: [String]
    public var title: String
    public var description: String?
    public var questions: [Question]
    public var consent: ConsentText
    /// The variant shown, sent back with events, the result and the lead; absent for a quiz without variants.
    public var variant: String?
    /// Every variant of the quiz, so that a page can tell whether a variant it kept still exists.
    public var variants: [String]?
    /// `after-result` or `before-result`.
    public var leadForm: LeadFormPosition
    public var texts: InterfaceTexts
}

/// A picture in a player's page: where it is (a URL path or an absolute URL), its description, and its size where known,
/// so that the page keeps its place before it loads.
public struct Picture: Sendable, Encodable, Equatable {
    public var src: String
    public var alt: String
    public var width: Int?
    public var height: Int?

    /// The size of a picture below the public folder, by its path there (`images/golf-club/driver.png`).
    public typealias Sizes = @Sendable (String) -> (width: Int, height: Int)?

    public init(path: String, alt: String, sizes: Sizes) {
        self.src = Self.url(of: path)
        self.alt = alt
        if !path.hasPrefix("https://"), let size = sizes(path) {
            self.width = size.width
            self.height = size.height
        }
    }

    /// An https URL as it is, a path below the public folder as an absolute URL path.
    public static func url(of path: String) -> String {
        path.hasPrefix("https://") ? path : "/" + path
    }
}

/// A segment as shown with a result, in one locale; `image` is a URL path or an absolute URL.
public struct PlayerSegment: Sendable, Encodable, Equatable {
    public struct CallToAction: Sendable, Encodable, Equatable {
        public var label: String
        public var url: String
    }

    /// A product offered with the result; a click on it is counted by its position (`index`).
    public struct Product: Sendable, Encodable, Equatable {
        public var index: Int
        public var title: String
        public var url: String
        public var image: String?
        public var price: String?
    }

    public var id: String
    public var title: String
    public var description: String?
    public var image: String?
    public var cta: CallToAction?
    public var products: [Product]
}

extension Quiz {
    /// This quiz in `locale`, as `variant` shows it, ready to send to a player; `sizes` gives the size of the pictures
    /// it shows.
    public func playerView(locale: String, variant: QuizVariant? = nil, sizes: Picture.Sizes = { _ in nil }) -> PlayerQuiz {
        let localize = { (text: LocalizedText) in text.resolved(for: locale, defaultLocale: self.defaultLocale) }
        let shown = self.showing(variant)
        return PlayerQuiz(
            id: self.id,
            quizVersion: self.version,
            locale: locale,
            locales: self.locales,
            title: localize(shown.title),
            description: shown.description.map(localize),
            questions: self.questions.map { question in
                .init(
                    id: question.id,
                    text: localize(question.text),
                    type: question.kind.rawValue,
                    answers: question.answers.map { answer in
                        .init(
                            id: answer.id,
                            text: localize(answer.text),
                            next: answer.next?.name,
                            image: answer.image.map { Picture(path: $0, alt: answer.alt.map(localize) ?? "", sizes: sizes) }
                        )
                    },
                    required: question.isRequired
                )
            },
            consent: .init(version: self.consent.version, text: localize(self.consent.text)),
            variant: variant?.id,
            variants: self.variants.isEmpty ? nil : self.variants.map(\.id),
            leadForm: variant?.leadForm ?? .afterResult,
            texts: .init(
                start: variant?.startLabel.map(localize),
                leadTitle: variant?.leadTitle.map(localize),
                subscribe: variant?.leadButton.map(localize)
            )
        )
    }

    /// The consent text exactly as a player in `locale` sees it.
    public func consentText(locale: String) -> String {
        self.consent.text.resolved(for: locale, defaultLocale: self.defaultLocale)
    }
}

extension Segment {
    /// This segment in `locale` of `quiz`.
    public func playerView(locale: String, quiz: Quiz) -> PlayerSegment {
        let localize = { (text: LocalizedText) in text.resolved(for: locale, defaultLocale: quiz.defaultLocale) }
        return PlayerSegment(
            id: self.id,
            title: localize(self.title),
            description: self.description.map(localize),
            image: self.image.map { Picture.url(of: localize($0)) },
            cta: self.callToAction.map { .init(label: localize($0.label), url: $0.url) },
            products: self.products.enumerated().map { index, product in
                .init(
                    index: index,
                    title: localize(product.title),
                    url: product.url,
                    image: product.image.map(Picture.url(of:)),
                    price: product.price.map(localize)
                )
            },
        )
    }
}
