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
        emails: QuizEmails? = nil
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
    /// A path below the public folder, such as `images/golf-club/driver.png`.
    public var image: String?
    public var callToAction: CallToAction?

    public init(id: String, title: LocalizedText, description: LocalizedText? = nil, image: String? = nil, callToAction: CallToAction? = nil) {
        self.id = id
        self.title = title
        self.description = description
        self.image = image
        self.callToAction = callToAction
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

/// One question with the answers a player chooses between.
public struct Question: Sendable, Equatable {
    public var id: String
    public var text: LocalizedText
    public var answers: [Answer]

    public init(id: String, text: LocalizedText, answers: [Answer]) {
        self.id = id
        self.text = text
        self.answers = answers
    }
}

/// One answer, the points it gives to segments, and where it leads.
public struct Answer: Sendable, Equatable {
    public var id: String
    public var text: LocalizedText
    public var scores: [String: Int]
    /// A later question, or the result; `nil` goes on to the next question in the file.
    public var next: AnswerNext?

    public init(id: String, text: LocalizedText, scores: [String: Int], next: AnswerNext? = nil) {
        self.id = id
        self.text = text
        self.scores = scores
        self.next = next
    }
}

/// Where an answer leads (`"next"` in the quiz file): a question further on, or straight to the result.
public enum AnswerNext: Sendable, Equatable {
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

    public init(version: String, text: LocalizedText) {
        self.version = version
        self.text = text
    }
}
