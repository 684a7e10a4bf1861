import Foundation

/// An event waiting in the outbox for one endpoint, or its final state.
public struct WebhookEventRecord: Sendable, Equatable, Codable {
    public enum Status: String, Codable, Sendable {
        case pending, delivered, failed, disabled
        /// A conversion older than the ad platforms take, given up without being sent.
        case dropped
    }

    var id: String
    var endpoint: String
    var type: String
    /// The exact JSON body to send and sign.
    var body: Data
    /// `Digest.emailHash` of the person the event is about.
    var subject: String?
    var status: Status
    var attempts: Int
    var createdAt: Date
    var nextAttemptAt: Date
    var deliveredAt: Date?
}

/// One attempt to deliver an event: what the endpoint answered, or why nothing was answered.
public struct WebhookDeliveryRecord: Sendable, Equatable, Codable {
    public var id: Int64?
    public var eventID: String
    public var endpoint: String
    public var attempt: Int
    public var attemptedAt: Date
    public var statusCode: Int?
    public var error: String?
    public var durationMilliseconds: Int
}

/// An endpoint switched off because it answered 410 Gone.
public struct WebhookEndpointRecord: Sendable, Codable {
    var url: String
    var disabledAt: Date
}
