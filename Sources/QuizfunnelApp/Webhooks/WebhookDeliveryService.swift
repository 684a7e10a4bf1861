import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QuizfunnelDomain
import ServiceLifecycle

/// Delivers the outbox: POSTs each due event, signed, to its endpoint and records the outcome. A 2xx ends an event, a
/// 410 switches the endpoint off, anything else is retried with backoff for the retry window. Because events are read
/// from the database, a restart resumes where the last run stopped (at least once; receivers deduplicate by
/// `webhook-id`). Conversions for ad platforms (endpoint `ad:meta`, `ad:ga4`) go through the same outbox, sent by
/// `AdConversionSender` under the platforms' rules.
struct WebhookDeliveryService: Service {
    let database: any FunnelRepository
    let settings: WebhookSettings
    let httpClient: HTTPClient
    let logger: Logger
    var adPlatforms = AdPlatformSettings()

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let deliveredCount: Int
                do {
                    deliveredCount = try await self.deliverDueEvents()
                } catch {
                    self.logger.error("Webhook outbox unavailable", metadata: ["error": "\(type(of: error))"])
                    deliveredCount = 0
                }
                if deliveredCount == 0 {
                    let next = (try? await self.database.nextWebhookAttempt())?.timeIntervalSinceNow ?? 1
                    try await Task.sleep(for: .milliseconds(Int(min(max(next, 0.05), 1) * 1000)))
                }
            }
        }
    }

    /// One pass over the due events; returns how many were attempted.
    @discardableResult
    func deliverDueEvents() async throws -> Int {
        let claimedAt = ContinuousClock.now
        let events = try await self.database.dueWebhookEvents()
        return try await self.claims.whileHolding(events.map(\.id), claimedAt: claimedAt) { held in
            var attempted = 0
            for event in events {
                // Shutdown has begun: leave the rest for the next run rather than start deliveries it would cut short.
                if Task.isCancelled { break }
                guard held.holds(event.id) else { continue }
                try await self.deliver(event)
                held.finish(event.id)
                attempted += 1
            }
            return attempted
        }
    }

    /// This pass's claims on the due events, renewed while it runs.
    private var claims: OutboxClaims<String> {
        OutboxClaims(
            lease: self.database.outboxLease,
            renew: { [database] in try await database.renewWebhookClaims($0) },
            release: { [database] in try await database.releaseWebhookClaims($0) },
            outbox: "webhook",
            logger: self.logger
        )
    }

    private func deliver(_ event: WebhookEventRecord) async throws {
        if let platform = AdPlatform(endpoint: event.endpoint) {
            return try await self.deliverConversion(event, to: platform)
        }
        let started = ContinuousClock.now
        let attemptedAt = Date()
        let (statusCode, failure) = await self.post(event, at: attemptedAt)
        let elapsed = ContinuousClock.now - started
        var event = event
        event.attempts += 1
        switch statusCode {
        case .some(200..<300):
            event.status = .delivered
            event.deliveredAt = attemptedAt
        case .some(410):
            event.status = .disabled
            self.logger.warning("Webhook endpoint answered 410 Gone and is switched off", metadata: ["endpoint": "\(event.endpoint)"])
        default:
            let next = attemptedAt.addingTimeInterval(self.settings.delay(afterAttempt: event.attempts))
            event.status = next.timeIntervalSince(event.createdAt) > self.settings.retryWindow ? .failed : .pending
            event.nextAttemptAt = next
        }
        let delivery = WebhookDeliveryRecord(
            eventID: event.id,
            endpoint: event.endpoint,
            attempt: event.attempts,
            attemptedAt: attemptedAt,
            statusCode: statusCode,
            error: failure,
            durationMilliseconds: Int(elapsed / .milliseconds(1))
        )
        try await self.record(delivery, event: event)
        AppMetrics.webhookDelivery(outcome: event.status == .pending ? "retry" : event.status.rawValue)
    }

    /// Sends a conversion to its ad platform and records the outcome like a webhook's.
    private func deliverConversion(_ event: WebhookEventRecord, to platform: AdPlatform) async throws {
        let started = ContinuousClock.now
        let attemptedAt = Date()
        let sender = AdConversionSender(settings: self.adPlatforms, httpClient: self.httpClient, logger: self.logger)
        let outcome = await sender.send(event, to: platform, at: attemptedAt)
        var event = event
        event.attempts += 1
        switch outcome.verdict {
        case .delivered:
            event.status = .delivered
            event.deliveredAt = attemptedAt
        case .retry:
            event.status = .pending
            event.nextAttemptAt = attemptedAt.addingTimeInterval(self.settings.delay(afterAttempt: event.attempts))
        case .failed: event.status = .failed
        case .dropped: event.status = .dropped
        }
        let delivery = WebhookDeliveryRecord(
            eventID: event.id,
            endpoint: event.endpoint,
            attempt: event.attempts,
            attemptedAt: attemptedAt,
            statusCode: outcome.statusCode,
            error: outcome.error,
            durationMilliseconds: Int((ContinuousClock.now - started) / .milliseconds(1))
        )
        try await self.record(delivery, event: event)
        AppMetrics.adConversion(platform: platform.rawValue, outcome: outcome.verdict.rawValue)
    }

    /// The endpoint has been asked: record it even when shutdown cancels this task meanwhile (a cancelled task's
    /// database write throws). A lost record would send a delivered event again after a restart, count its attempts
    /// wrong, and leave the admin's delivery log without the request the receiver saw.
    private func record(_ delivery: WebhookDeliveryRecord, event: WebhookEventRecord) async throws {
        try await Task { [database = self.database, event] in try await database.recordWebhookAttempt(delivery, event: event) }.value
    }

    /// The endpoint's status code, or why there is none.
    private func post(_ event: WebhookEventRecord, at time: Date) async -> (Int?, String?) {
        let timestamp = Int(time.timeIntervalSince1970)
        var request = HTTPClientRequest(url: event.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "quizfunnel-webhooks")
        request.headers.add(name: "webhook-id", value: event.id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        if let signer = self.settings.signer {
            request.headers.add(name: "webhook-signature", value: signer.signature(id: event.id, timestamp: timestamp, body: event.body))
        }
        request.body = .bytes(ByteBuffer(bytes: event.body))
        do {
            let response = try await self.httpClient.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (Int(response.status.code), nil)
        } catch {
            return (nil, String(describing: error).prefix(200).description)
        }
    }
}
