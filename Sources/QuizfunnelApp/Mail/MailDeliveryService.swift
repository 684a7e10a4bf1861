import Foundation
import Logging
import QuizfunnelDomain
import QuizfunnelSMTP
import ServiceLifecycle

/// Sends the mail outbox through the operator's SMTP server, one session for each pass over the due mails.
///
/// A 250 marks a mail sent with the server's reply; a 4xx, a network error or a time-out retries it with backoff
/// until its window closes (24 hours for a confirmation, 48 for a result mail); a 5xx fails it, and a 5.1.x (no such
/// mailbox) also suppresses the address. A mail is marked only after the server answered, so a crash in between sends
/// it again after the restart, with the same Message-ID. Shutdown lets the mail in flight finish.
struct MailDeliveryService: Service {
    let database: any FunnelRepository
    let library: QuizLibrary
    let settings: MailSettings
    let logger: Logger
    private let limiter: RateLimiter?
    /// The running quizzes' mails, read again for every mail so that a reload takes effect at once.
    var composer: MailComposer { self.library.edition.composer }

    init(database: any FunnelRepository, library: QuizLibrary, settings: MailSettings, logger: Logger) {
        self.database = database
        self.library = library
        self.settings = settings
        self.logger = logger
        self.limiter = settings.rateLimit.map { RateLimiter(limit: $0) }
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var lastSweep = ContinuousClock.now - .seconds(3600)
            while !Task.isCancelled {
                if ContinuousClock.now - lastSweep >= .seconds(60) {
                    await self.sweep()
                    lastSweep = .now
                }
                var attempted = 0
                if self.settings.smtp != nil {
                    do {
                        attempted = try await self.deliverDueMails()
                    } catch  where !Task.isCancelled {
                        self.logger.error("Mail outbox unavailable", metadata: ["error": "\(type(of: error))"])
                    }
                }
                if attempted == 0 {
                    let next = (try? await self.database.nextMailAttempt())?.timeIntervalSinceNow ?? 1
                    try await Task.sleep(for: .milliseconds(Int(min(max(next, 0.05), 1) * 1000)))
                }
            }
        }
    }

    /// Drops pending leads past `--pending-retention` and updates the outbox gauge.
    private func sweep() async {
        do {
            let now = Date()
            let dropped = try await self.database.dropUnconfirmedLeads(
                lastMailedBefore: now.addingTimeInterval(-self.settings.pendingRetention),
                at: now
            )
            if dropped > 0 { self.logger.info("Unconfirmed leads dropped", metadata: ["count": "\(dropped)"]) }
            let counts = try await self.database.mailCounts()
            for state in MailRecord.State.allCases { AppMetrics.mailOutbox(state: state.rawValue, count: counts[state] ?? 0) }
        } catch {
            // A sweep cut short because the service is stopping is not a failure (its store may close first).
            guard !Task.isCancelled else { return }
            self.logger.error("Mail sweep failed", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// One pass over the due mails; returns how many were attempted.
    @discardableResult
    func deliverDueMails() async throws -> Int {
        guard let smtp = self.settings.smtp else { return 0 }
        let client = SMTPClient(settings: smtp)
        let claimedAt = ContinuousClock.now
        let mails = try await self.database.dueMails()
        return try await self.claims.whileHolding(mails.compactMap(\.id), claimedAt: claimedAt) { held in
            var session: SMTPSession?
            var attempted = 0
            for mail in mails {
                // Shutdown has begun: the rest is released for the next run (or another instance).
                if Task.isCancelled { break }
                guard let id = mail.id, held.holds(id) else { continue }
                if let limiter, case .refused(let retryAfter) = limiter.take("mail") {
                    try await Task.sleep(for: .seconds(retryAfter))
                }
                // Shutdown's cancellation does not reach the attempt: the mail in flight finishes and is recorded.
                session = try await Task { [session] in try await self.deliver(mail, client: client, session: session) }.value
                held.finish(id)
                attempted += 1
            }
            await session?.quit()
            return attempted
        }
    }

    /// This pass's claims on the due mails, renewed while it runs.
    private var claims: OutboxClaims<Int64> {
        OutboxClaims(
            lease: self.database.outboxLease,
            renew: { [database] in try await database.renewMailClaims($0) },
            release: { [database] in try await database.releaseMailClaims($0) },
            outbox: "mail",
            logger: self.logger
        )
    }

    /// Sends `mail` over `session` (or a new one) and records the outcome; returns the session when it can go on.
    private func deliver(_ mail: MailRecord, client: SMTPClient, session: SMTPSession?) async throws -> SMTPSession? {
        var mail = mail
        let now = Date()
        mail.updatedAt = now
        guard let (lead, token) = try await self.database.mailSubject(mail) else { return session }
        let stillWanted = mail.kind == .confirmation ? lead.status == .pending : lead.status == .subscribed
        guard stillWanted, let (message, _) = self.composer.message(for: mail, lead: lead, token: token) else {
            mail.state = .cancelled
            try await self.database.recordMailAttempt(mail, bounced: false)
            AppMetrics.mail(kind: mail.kind.rawValue, outcome: "cancelled")
            return session
        }
        let envelope = SMTPEnvelope(from: message.from.address, to: lead.email, message: message.rendered)
        mail.attempts += 1
        var usable: SMTPSession? = session
        do {
            let current: SMTPSession
            if let session { current = session } else { current = try await client.connect() }
            usable = current
            let reply = try await current.send(envelope)
            mail.state = .sent
            mail.sentAt = Date()
            mail.lastReply = reply.description
        } catch let error as SMTPError {
            if case .rejected = error {
            } else {
                await usable?.close()
                usable = nil
            }
            mail.lastReply = error.description
            if error.isTransient {
                mail.nextAttemptAt = now.addingTimeInterval(self.settings.delay(afterAttempt: mail.attempts))
                mail.state = mail.nextAttemptAt > mail.giveUpAt ? .failed : .queued
            } else {
                mail.state = .failed
            }
        }
        let bounced = mail.state == .failed && (mail.lastReply.map { $0.contains(" 5.1.") } ?? false)
        try await self.database.recordMailAttempt(mail, bounced: bounced)
        let outcome = mail.state == .queued ? "retry" : mail.state.rawValue
        AppMetrics.mail(kind: mail.kind.rawValue, outcome: outcome)
        self.logger.info("Mail attempted", metadata: ["kind": "\(mail.kind.rawValue)", "quiz": "\(mail.quizID)", "outcome": "\(outcome)"])
        return usable
    }
}
