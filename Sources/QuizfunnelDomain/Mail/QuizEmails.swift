/// How a quiz takes an address: kept at once on the ticked box (`single`), or kept pending until the person confirms it
/// from a mail (`double`, the default: the proof of consent that courts accept for email marketing).
public enum OptInMode: String, Sendable, Equatable, CaseIterable {
    case single
    case double
}

/// A mail's subject and bodies in every locale, as Mustache templates.
public struct MailTexts: Sendable, Equatable {
    public var subject: LocalizedText
    public var text: LocalizedText
    public var html: LocalizedText?

    public init(subject: LocalizedText, text: LocalizedText, html: LocalizedText? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// One segment's changes to the result mail: each part it names replaces the quiz's.
public struct MailTextOverrides: Sendable, Equatable {
    public var subject: LocalizedText?
    public var text: LocalizedText?
    public var html: LocalizedText?

    public init(subject: LocalizedText? = nil, text: LocalizedText? = nil, html: LocalizedText? = nil) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// The `"emails"` of a quiz file: who the mails come from and what they say. Parts left out use the built-in texts and
/// the service's `--mail-from`.
public struct QuizEmails: Sendable, Equatable {
    public var from: Mailbox?
    public var replyTo: Mailbox?
    public var confirmation: MailTexts?
    public var result: MailTexts?
    /// Result mail overrides by segment id.
    public var segments: [String: MailTextOverrides]

    public init(
        from: Mailbox? = nil,
        replyTo: Mailbox? = nil,
        confirmation: MailTexts? = nil,
        result: MailTexts? = nil,
        segments: [String: MailTextOverrides] = [:]
    ) {
        self.from = from
        self.replyTo = replyTo
        self.confirmation = confirmation
        self.result = result
        self.segments = segments
    }
}
