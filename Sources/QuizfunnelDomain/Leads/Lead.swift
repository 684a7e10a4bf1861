import Foundation

/// Where a player came from: the UTM fields of the link they followed.
public struct UTM: Sendable, Equatable, Codable {
    public var source: String?
    public var medium: String?
    public var campaign: String?
    public var term: String?
    public var content: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil, term: String? = nil, content: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
    }
}

/// The proof of an opt-in: what the person was shown (the text, its version and SHA-256), how, when, in which
/// language, and on which page or embedding site.
public struct ConsentRecord: Sendable, Equatable {
    /// How consent is given on the play page: an unticked box the person ticked.
    public static let checkbox = "checkbox"
    /// The ticked box, then the address confirmed from the mail sent to it.
    public static let doubleOptIn = "double-opt-in"

    public var version: String
    /// The exact consent text shown next to the unticked checkbox.
    public var text: String
    /// Hex SHA-256 of `text`'s UTF-8 bytes: which of the kept consent texts the person saw.
    public var textSHA256: String
    public var method: String
    /// The origin of the page the form was on: the service itself, or the site embedding the quiz.
    public var origin: String?
    public var locale: String
    public var consentedAt: Date
    /// When the address was confirmed from the confirmation mail (double opt-in); `nil` otherwise.
    public var confirmedAt: Date?

    public init(
        version: String,
        text: String,
        textSHA256: String = "",
        method: String = ConsentRecord.checkbox,
        origin: String? = nil,
        locale: String,
        consentedAt: Date,
        confirmedAt: Date? = nil
    ) {
        self.version = version
        self.text = text
        self.textSHA256 = textSHA256
        self.method = method
        self.origin = origin
        self.locale = locale
        self.consentedAt = consentedAt
        self.confirmedAt = confirmedAt
    }
}

/// Whether a lead may be mailed.
public enum LeadStatus: String, Sendable, Equatable, Codable, CaseIterable {
    /// Double opt-in: submitted, waiting for the person to confirm the address. Never exported as mailable.
    case pending
    case subscribed
    case unsubscribed
}

/// A consented email address in one quiz's mailing list, with the segment it is exported under.
public struct Lead: Sendable, Equatable {
    /// Stable for the lead's lifetime; polling integrations deduplicate by it.
    public var id: Int64
    public var status: LeadStatus
    public var email: String
    public var name: String?
    public var quizID: String
    public var segmentID: String
    public var consent: ConsentRecord
    public var utm: UTM
    public var ref: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The one-click withdrawal link for this lead (`https://quiz.example.com/u/<token>`), relative when the service
    /// does not know its public address.
    public var unsubscribeURL: String?
    /// The variant of the quiz the person was shown, when the quiz ran an experiment.
    public var variant: String?

    public init(
        id: Int64 = 0,
        status: LeadStatus = .subscribed,
        email: String,
        name: String?,
        quizID: String,
        segmentID: String,
        consent: ConsentRecord,
        utm: UTM,
        ref: String?,
        createdAt: Date,
        updatedAt: Date,
        unsubscribeURL: String? = nil,
        variant: String? = nil
    ) {
        self.id = id
        self.status = status
        self.email = email
        self.name = name
        self.quizID = quizID
        self.segmentID = segmentID
        self.consent = consent
        self.utm = utm
        self.ref = ref
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.unsubscribeURL = unsubscribeURL
        self.variant = variant
    }
}
