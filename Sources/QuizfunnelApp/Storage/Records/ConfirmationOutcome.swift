import Foundation

/// What pressing a button on the confirmation page did.
public enum ConfirmationOutcome: Sendable, Equatable {
    /// The address is confirmed now.
    case confirmed(LeadRecord)
    /// It was confirmed before (a second press, or another of its links).
    case alreadyConfirmed(LeadRecord)
    /// "This wasn't me": the pending lead is gone and the address suppressed.
    case rejected(LeadRecord)
    /// The link expired or belongs to an episode that is over.
    case expired
    case unknown
}

/// Who pressed Confirm, kept only when the operator switches it on.
public struct ConfirmingClient: Sendable {
    var ipAddress: String?
    var userAgent: String?
}
