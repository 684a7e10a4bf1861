/// A quiz as a player's browser receives it: one locale, no scores, so the outcome cannot be read off the page.
public struct PlayerQuiz: Sendable, Encodable, Equatable {
    public struct Question: Sendable, Encodable, Equatable {
        public var id: String
        public var text: String
        public var answers: [Answer]
    }

    public struct Answer: Sendable, Encodable, Equatable {
        public var id: String
        public var text: String
        /// The question this answer leads to, or `result`; absent: the next question in order.
        public var next: String?
    }

    public struct ConsentText: Sendable, Encodable, Equatable {
        public var version: String
        public var text: String
    }

    public var id: String
    public var locale: String
    public var locales: [String]
    public var title: String
    public var description: String?
    public var questions: [Question]
    public var consent: ConsentText
}

/// A segment as shown with a result, in one locale; `image` is a URL path or an absolute URL.
public struct PlayerSegment: Sendable, Encodable, Equatable {
    public struct CallToAction: Sendable, Encodable, Equatable {
        public var label: String
        public var url: String
    }

    public var id: String
    public var title: String
    public var description: String?
    public var image: String?
    public var cta: CallToAction?
}

extension Quiz {
    /// This quiz in `locale`, ready to send to a player.
    public func playerView(locale: String) -> PlayerQuiz {
        let localize = { (text: LocalizedText) in text.resolved(for: locale, defaultLocale: self.defaultLocale) }
        return PlayerQuiz(
            id: self.id,
            locale: locale,
            locales: self.locales,
            title: localize(self.title),
            description: self.description.map(localize),
            questions: self.questions.map { question in
                .init(
                    id: question.id,
                    text: localize(question.text),
                    answers: question.answers.map { .init(id: $0.id, text: localize($0.text), next: $0.next?.name) }
                )
            },
            consent: .init(version: self.consent.version, text: localize(self.consent.text)),
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
            image: self.image.map { $0.hasPrefix("https://") ? $0 : "/" + $0 },
            cta: self.callToAction.map { .init(label: localize($0.label), url: $0.url) },
        )
    }
}
