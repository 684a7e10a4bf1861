/// A personality quiz: questions whose answers score segments, and the consent text shown before a lead is taken.
public struct Quiz: Sendable, Equatable {
    public var id: String
    /// Declared locales; the first is the default.
    public var locales: [String]
    public var title: LocalizedText
    public var description: LocalizedText?
    public var segments: [Segment]
    public var questions: [Question]
    public var consent: Consent
    /// Origins (`https://shop.example.com`) whose pages may embed this quiz and call its API from the browser.
    public var embedOrigins: [String]
    /// Whether an address is kept at once or only once confirmed from a mail.
    public var optIn: OptInMode
    /// The sender and texts of the mails; `nil` uses the built-in texts.
    public var emails: QuizEmails?
    /// The segment given when answers exclude every segment; named by every quiz that uses `excludes`.
    public var fallback: String?
    /// A short hash of the quiz file's content: which version of the quiz a result was scored against.
    public var version: String
    /// The versions of an A/B test, the control first; empty when the quiz runs none.
    public var variants: [QuizVariant]
    /// The ad platforms this quiz's conversions go to, of those the service is set up for; `nil`: every one of them.
    public var adPlatforms: [AdPlatform]?

    public init(
        id: String,
        locales: [String],
        title: LocalizedText,
        description: LocalizedText? = nil,
        segments: [Segment],
        questions: [Question],
        consent: Consent,
        embedOrigins: [String] = [],
        optIn: OptInMode = .double,
        emails: QuizEmails? = nil,
        fallback: String? = nil,
        version: String = "",
        variants: [QuizVariant] = [],
        adPlatforms: [AdPlatform]? = nil
    ) {
        self.id = id
        self.locales = locales
        self.title = title
        self.description = description
        self.segments = segments
        self.questions = questions
        self.consent = consent
        self.embedOrigins = embedOrigins
        self.optIn = optIn
        self.emails = emails
        self.fallback = fallback
        self.version = version
        self.variants = variants
        self.adPlatforms = adPlatforms
    }

    public var defaultLocale: String { self.locales[0] }

    public func segment(id: String) -> Segment? {
        self.segments.first { $0.id == id }
    }
}

/// A quiz outcome ("The Driver"): the group a player is put in and exported with.
public struct Segment: Sendable, Equatable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText?
    /// A path below the public folder, such as `images/golf-club/driver.png`, or an https URL; one per locale where the
    /// share card carries words in the player's language.
    public var image: LocalizedText?
    public var callToAction: CallToAction?
    /// What the marketer offers this segment, shown under the description and in the result mail (at most 6).
    public var products: [Product]

    public init(
        id: String,
        title: LocalizedText,
        description: LocalizedText? = nil,
        image: LocalizedText? = nil,
        callToAction: CallToAction? = nil,
        products: [Product] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.image = image
        self.callToAction = callToAction
        self.products = products
    }
}

/// A product shown with a result: a title, where it is sold and, optionally, a picture and a price.
public struct Product: Sendable, Equatable {
    public var title: LocalizedText
    /// An absolute http or https URL.
    public var url: String
    /// A path below the public folder, or an https URL.
    public var image: String?
    /// As the marketer writes it ("€ 349"), so that the currency reads right in every locale.
    public var price: LocalizedText?

    public init(title: LocalizedText, url: String, image: String? = nil, price: LocalizedText? = nil) {
        self.title = title
        self.url = url
        self.image = image
        self.price = price
    }
}

/// A button shown with a result, leading to the marketer's offer for that segment.
public struct CallToAction: Sendable, Equatable {
    public var label: LocalizedText
    public var url: String

    public init(label: LocalizedText, url: String) {
        self.label = label
        self.url = url
    }
}

/// One question: answers a player chooses between, or (`"type": "text"`) a free answer that is kept and never scored.
public struct Question: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case choice
        case text
    }

    public var id: String
    public var text: LocalizedText
    public var kind: Kind
    /// The choices; empty for a text question.
    public var answers: [Answer]
    /// Whether a text question must be answered; a choice question always must.
    public var isRequired: Bool

    public init(id: String, text: LocalizedText, answers: [Answer]) {
        self.id = id
        self.text = text
        self.kind = .choice
        self.answers = answers
        self.isRequired = true
    }

    /// A question answered in words, at most `TextAnswer.maximumLength` characters.
    public init(id: String, text: LocalizedText, textRequired isRequired: Bool) {
        self.id = id
        self.text = text
        self.kind = .text
        self.answers = []
        self.isRequired = isRequired
    }
}

/// One answer, the points it gives to segments, the segments it rules out, and where it leads.
public struct Answer: Sendable, Equatable {
    public var id: String
    public var text: LocalizedText
    public var scores: [String: Int]
    /// A later question, or the result; `nil` goes on to the next question in the file.
    public var next: AnswerNext?
    /// Segments this answer makes impossible for the player, whatever their points.
    public var excludes: [String]
    /// A picture shown for the answer: a path below the public folder, or an https URL.
    public var image: String?
    /// The picture's description for screen readers; required with `image`.
    public var alt: LocalizedText?

    public init(
        id: String,
        text: LocalizedText,
        scores: [String: Int],
        next: AnswerNext? = nil,
        excludes: [String] = [],
        image: String? = nil,
        alt: LocalizedText? = nil
    ) {
        self.id = id
        self.text = text
        self.scores = scores
        self.next = next
        self.excludes = excludes
        self.image = image
        self.alt = alt
    }
}

/// Where an answer leads (`"next"` in the quiz file): a question further on, or straight to the result.
public enum AnswerNext: Sendable, Hashable {
    case question(String)
    case result

    /// As written in the quiz file and sent to the play page: a question id, or `result`.
    public var name: String {
        switch self {
        case .question(let id): id
        case .result: "result"
        }
    }
}

/// The opt-in text shown next to the email form, versioned so a consent can be traced to the words seen.
public struct Consent: Sendable, Equatable {
    public var version: String
    public var text: LocalizedText
    /// The marketer declares that the text covers sending the lead to ad platforms to measure campaigns
    /// (`"adMeasurement": true`): only then are conversions sent for the people who gave it.
    public var coversAdMeasurement: Bool
    /// And that it covers ad personalisation too (GA4's `ad_personalization`); never without ad measurement.
    public var coversAdPersonalization: Bool

    public init(version: String, text: LocalizedText, coversAdMeasurement: Bool = false, coversAdPersonalization: Bool = false) {
        self.version = version
        self.text = text
        self.coversAdMeasurement = coversAdMeasurement
        self.coversAdPersonalization = coversAdPersonalization
    }
}

extension Product {
    /// The most products a segment shows: more would push the result's own words off a phone's screen.
    public static let maximumCount = 6
}

/// The version of a quiz: a short hash of its file's bytes (FNV-1a, 64 bits, in hex). It tells versions of one quiz
/// apart, which is all it is for; it is not a checksum against tampering.
public enum QuizVersion {
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
