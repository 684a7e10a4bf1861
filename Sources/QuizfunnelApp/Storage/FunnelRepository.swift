import Foundation
import QuizfunnelDomain

/// Everything quizfunnel keeps, behind one boundary: played results, leads with the proof of their consent, the
/// suppression list and the consent texts shown, the funnel's counters, the mail and webhook outboxes, and what a person
/// may ask to see or erase. Controllers, services and commands talk only to this; each backend, `Storage/SQLite` (GRDB)
/// and `Storage/PostgreSQL` (postgres-nio), alone imports its driver, and both run the same tests.
///
/// Each method is one transaction named for what it does, and returns once that transaction is committed.
public protocol FunnelRepository: Sendable {
    /// True when the store answers a query.
    func isReachable() async -> Bool

    /// Whether the last write failed with a storage fault; a fault is logged once, when it begins and when it ends.
    var health: StorageHealth { get }

    /// Whether the store may be used yet (a PostgreSQL database only once it answered and its schema is current).
    var readiness: StoreReadiness { get }

    /// How long a claim of due outbox rows holds, where several instances share them (`--outbox-lease`); a delivery
    /// pass renews its claims while it runs (`OutboxClaims`). `nil` where rows are not claimed (one SQLite process).
    var outboxLease: Duration? { get }

    /// Where the per-address limit keeps its buckets: wherever every instance of the service sees them.
    func addressLimiter(_ limit: RateLimit) -> any AddressLimiter

    /// Makes a small write that needs new space; true when it succeeded (which ends a fault).
    func probeWrite() async -> Bool

    // MARK: Results and leads

    /// Stores a scored result with `answersJSON`, its answers as a JSON object.
    func saveResult(_ result: ResultRecord, answersJSON: String) async throws

    /// Saves a lead from the result `resultID` of `quizID` in one committed transaction: `makeLead` builds the lead from
    /// the result (or throws to take nothing); a known address of the quiz records a new opt-in instead; the consent text
    /// is kept; the mails `mail` allows and, once subscribed, a webhook event per endpoint are queued, and when the
    /// address becomes subscribed, its conversions for the ad platforms of `ads` its consent covers. `nil` when there is
    /// no such result.
    func saveLead(
        fromResult resultID: String,
        quizID: String,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?,
        makeLead: @escaping @Sendable (PlayedResult) throws -> LeadRecord
    ) async throws -> SavedLead?

    /// Calls `body` with the matching leads in batches of `batchSize`, oldest first, never holding them all in memory.
    func forEachLeadBatch(matching filter: LeadFilter, baseURL: String, batchSize: Int, _ body: ([Lead]) async throws -> Void) async throws

    /// Calls `body` with the matching results in batches of `batchSize`, oldest first, never holding them all in memory.
    func forEachResultBatch(matching filter: ResultFilter, batchSize: Int, _ body: ([ResultRecord]) async throws -> Void) async throws

    /// The most recently changed matching leads, newest first.
    func newestLeads(matching filter: LeadFilter, limit: Int, baseURL: String) async throws -> [Lead]

    // MARK: The funnel

    /// Adds the counts `take` hands over (taken inside the transaction, so none is lost or counted twice).
    func addFunnelCounts(_ take: @escaping @Sendable () -> [FunnelKey: Int]) async throws

    /// The funnel of `quiz` over the days `from` through `to` (`yyyy-MM-dd`, UTC), with what it cost and earned, the
    /// people who brought players and what came through shared results (people unnamed: see `FunnelStats.name`).
    func funnelStats(of quiz: Quiz, from: String, to: String) async throws -> FunnelStats

    /// What the players of `quiz` answered over the days `from` through `to` (`yyyy-MM-dd`, UTC).
    func answerSummary(of quiz: Quiz, from: String, to: String) async throws -> AnswerSummary

    // MARK: Spend

    /// Stores the rows in one transaction, each replacing a held row with the same day, source, medium, campaign and
    /// quiz; says which were new, replaced or unchanged.
    func importSpend(_ rows: [SpendRow], at now: Date) async throws -> ImportSummary

    /// The spend held for the days `from` through `to` (`yyyy-MM-dd`), by day, source, medium, campaign and quiz.
    func spend(from: String, to: String) async throws -> [SpendRow]

    // MARK: Revenue

    /// Records what the CRM reported, in one transaction, all or none: a conversion naming no lead (or, by address, a
    /// lead of several quizzes without its quiz) throws an `ImportError` naming it; one sent again with its CRM id
    /// replaces the row held for that id.
    func recordConversions(_ conversions: [Conversion], at now: Date) async throws -> ImportSummary

    // MARK: Confirming an address (double opt-in)

    /// Confirms the address behind the link `token`: subscribed, with its confirmation in the consent proof and its
    /// withdrawal link (`unsubscribeToken` unless it had one); its result mail, webhook event and the conversions for
    /// the ad platforms of `ads` its consent covers queued.
    func confirm(
        token: String,
        client: ConfirmingClient?,
        unsubscribeToken: String,
        plan: LeadMailPlan,
        notifying webhookEndpoints: [String],
        baseURL: String,
        ads: AdConversionPlan?
    ) async throws -> ConfirmationOutcome

    /// "This wasn't me": forgets the pending lead behind `token` and suppresses its address.
    func reject(token: String, at now: Date) async throws -> ConfirmationOutcome

    /// Issues a new link for the lead behind `token`, within the resend limits.
    func resendConfirmation(token: String, plan: LeadMailPlan) async throws

    /// The lead behind `token` and whether the link expired, changing nothing; `nil` for an unknown link.
    func confirmationState(token: String, at now: Date) async throws -> (lead: LeadRecord, isExpired: Bool)?

    /// Deletes pending leads whose last mail went out before `cutoff`; returns how many.
    func dropUnconfirmedLeads(lastMailedBefore cutoff: Date, at now: Date) async throws -> Int

    // MARK: The mail outbox

    /// Queued mails due at `now`, oldest first.
    func dueMails(now: Date, limit: Int) async throws -> [MailRecord]
    /// When the next queued mail falls due, if any is queued.
    func nextMailAttempt() async throws -> Date?
    /// The lead a mail goes to and, for a confirmation, its link's record; `nil` when the lead is gone.
    func mailSubject(_ mail: MailRecord) async throws -> (lead: LeadRecord, token: ConfirmationTokenRecord?)?
    /// Stores the outcome of an attempt; `bounced` suppresses an address that does not exist.
    func recordMailAttempt(_ mail: MailRecord, bounced: Bool) async throws
    func mailCounts() async throws -> [MailRecord.State: Int]
    func recentMails(limit: Int) async throws -> [(mail: MailRecord, email: String)]
    func mail(id: Int64) async throws -> MailRecord?

    // MARK: The webhook outbox

    func dueWebhookEvents(now: Date, limit: Int) async throws -> [WebhookEventRecord]

    // MARK: Claims on outbox rows (several instances)

    /// Extends this instance's claims on the mails `ids` by a lease; returns those it still holds (another instance may
    /// have taken over one whose claim ran out). All of them where rows are not claimed.
    func renewMailClaims(_ ids: [Int64]) async throws -> Set<Int64>
    /// Gives the claims on the mails `ids` up, so that any instance may send them at once.
    func releaseMailClaims(_ ids: [Int64]) async throws
    /// As `renewMailClaims`, for webhook events and ad conversions.
    func renewWebhookClaims(_ ids: [String]) async throws -> Set<String>
    /// As `releaseMailClaims`, for webhook events and ad conversions.
    func releaseWebhookClaims(_ ids: [String]) async throws
    func nextWebhookAttempt() async throws -> Date?
    func recordWebhookAttempt(_ delivery: WebhookDeliveryRecord, event: WebhookEventRecord) async throws
    func webhookDeliveries(limit: Int) async throws -> [WebhookDeliveryRecord]

    // MARK: Consent, withdrawal and erasure

    /// Keeps each quiz's current consent texts, so that every version ever shown can be printed later.
    func keepConsentTexts(of catalog: QuizCatalog, at now: Date) async throws
    func consentTexts(quizID: String?) async throws -> [ConsentTextRecord]
    func lead(unsubscribeToken token: String) async throws -> LeadRecord?
    /// Withdraws the address behind the link `token` from every quiz's list and suppresses it.
    func withdraw(unsubscribeToken token: String, notifying webhookEndpoints: [String], baseURL: String, at now: Date) async throws -> Withdrawal?
    /// Removes everything held about the address, keeping only its hash on the suppression list.
    func erase(emailKey: String, notifying webhookEndpoints: [String], at now: Date) async throws -> Erasure
    /// Everything held about the address.
    func personalData(emailKey: String) async throws -> PersonalData
}

/// The usual arguments, so that callers name only what they choose.
extension FunnelRepository {
    public func saveLead(
        fromResult resultID: String,
        quizID: String,
        mail plan: LeadMailPlan?,
        makeLead: @escaping @Sendable (PlayedResult) throws -> LeadRecord
    ) async throws -> SavedLead? {
        try await self.saveLead(fromResult: resultID, quizID: quizID, mail: plan, notifying: [], baseURL: "", ads: nil, makeLead: makeLead)
    }

    public func saveLead(
        fromResult resultID: String,
        quizID: String,
        mail plan: LeadMailPlan?,
        notifying webhookEndpoints: [String],
        baseURL: String,
        makeLead: @escaping @Sendable (PlayedResult) throws -> LeadRecord
    ) async throws -> SavedLead? {
        try await self.saveLead(
            fromResult: resultID,
            quizID: quizID,
            mail: plan,
            notifying: webhookEndpoints,
            baseURL: baseURL,
            ads: nil,
            makeLead: makeLead
        )
    }

    public func forEachLeadBatch(matching filter: LeadFilter, baseURL: String = "", _ body: ([Lead]) async throws -> Void) async throws {
        try await self.forEachLeadBatch(matching: filter, baseURL: baseURL, batchSize: 1000, body)
    }

    public func confirm(
        token: String,
        client: ConfirmingClient?,
        unsubscribeToken: String,
        plan: LeadMailPlan,
        notifying webhookEndpoints: [String],
        baseURL: String
    ) async throws -> ConfirmationOutcome {
        try await self.confirm(
            token: token,
            client: client,
            unsubscribeToken: unsubscribeToken,
            plan: plan,
            notifying: webhookEndpoints,
            baseURL: baseURL,
            ads: nil
        )
    }

    public func reject(token: String) async throws -> ConfirmationOutcome {
        try await self.reject(token: token, at: Date())
    }

    public func confirmationState(token: String) async throws -> (lead: LeadRecord, isExpired: Bool)? {
        try await self.confirmationState(token: token, at: Date())
    }

    public func dueMails() async throws -> [MailRecord] {
        try await self.dueMails(now: Date(), limit: 20)
    }

    public func dueWebhookEvents() async throws -> [WebhookEventRecord] {
        try await self.dueWebhookEvents(now: Date(), limit: 50)
    }

    public func keepConsentTexts(of catalog: QuizCatalog) async throws {
        try await self.keepConsentTexts(of: catalog, at: Date())
    }

    public func erase(emailKey: String, notifying webhookEndpoints: [String] = []) async throws -> Erasure {
        try await self.erase(emailKey: emailKey, notifying: webhookEndpoints, at: Date())
    }
}
