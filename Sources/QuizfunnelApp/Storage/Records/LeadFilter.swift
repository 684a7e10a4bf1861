import Foundation
import QuizfunnelDomain

/// Which leads an export or a query covers; `nil` means all.
public struct LeadFilter: Sendable, Equatable {
    public var quizID: String?
    public var segmentID: String?
    /// Only leads created or changed at or after this time.
    public var since: Date?
    /// `nil` for every status.
    public var status: LeadStatus?

    public init(quizID: String? = nil, segmentID: String? = nil, since: Date? = nil, status: LeadStatus? = .subscribed) {
        self.quizID = quizID
        self.segmentID = segmentID
        self.since = since
        self.status = status
    }
}

/// A lead that was saved, with the result it came from.
public struct SavedLead: Sendable {
    var result: PlayedResult
    /// False for a new opt-in of an address the quiz already had.
    var isNew: Bool
    /// Conversions for ad platforms that the lead's consent kept from being queued (see `AdConversionPlan`).
    var withheldAdConversions = 0
}

/// What saving one opt-in did, inside the store's transaction.
struct LeadSaveOutcome {
    var isNew: Bool
    /// The lead as stored; `nil` when nothing was (an address nobody can confirm).
    var lead: LeadRecord?
    /// Whether the address became subscribed by it: new, or not subscribed before.
    var becameSubscribed: Bool
}
