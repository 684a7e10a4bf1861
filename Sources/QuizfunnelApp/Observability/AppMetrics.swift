import Metrics
import Synchronization

/// The service's own metrics, beside Hummingbird's per-route request counts and latencies. Labels are quiz and segment
/// ids, reasons and outcomes: never an email address, a token or a client address.
enum AppMetrics {
    static func resultStored(quiz: String, segment: String) {
        self.results.metric(for: QuizSegment(quiz: quiz, segment: segment)) { key in
            Counter(label: "quizfunnel_results_total", dimensions: [("quiz", key.quiz), ("segment", key.segment)])
        }
        .increment()
    }

    /// `isNew` is false for a repeated opt-in of an address the quiz already has.
    static func leadStored(quiz: String, segment: String, isNew: Bool) {
        self.leads.metric(for: QuizSegment(quiz: quiz, segment: segment, kind: isNew ? "new" : "repeat")) { key in
            Counter(label: "quizfunnel_leads_total", dimensions: [("quiz", key.quiz), ("segment", key.segment), ("kind", key.kind)])
        }
        .increment()
    }

    private struct QuizSegment: Hashable, Sendable {
        var quiz: String
        var segment: String
        var kind = ""
    }

    private static let results = MadeOnce<QuizSegment, Counter>()
    private static let leads = MadeOnce<QuizSegment, Counter>()

    /// A lead answered like a success but not stored: `honeypot` or `too_fast`.
    static func leadDropped(reason: String) {
        Counter(label: "quizfunnel_leads_dropped_total", dimensions: [("reason", reason)]).increment()
    }

    /// A 429: `client` (per address) or `email` (per email address).
    static func rateLimited(_ limit: String) {
        Counter(label: "quizfunnel_rate_limited_total", dimensions: [("limit", limit)]).increment()
    }

    /// How many writes one shared commit held.
    static func writeBatch(size: Int) {
        self.writeBatches.record(size)
    }

    /// Made at the first commit, after `MetricsSystem.bootstrap` (see `MadeOnce`).
    private static let writeBatches = Recorder(label: "quizfunnel_write_batch_size", aggregate: true)

    /// `delivered`, `retry`, `failed` (given up) or `disabled` (410).
    static func webhookDelivery(outcome: String) {
        Counter(label: "quizfunnel_webhook_deliveries_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// A conversion's attempt at an ad platform (`meta`, `ga4`): `delivered`, `retry`, `failed` (refused, or given up) or
    /// `dropped` (older than the platforms take).
    static func adConversion(platform: String, outcome: String) {
        Counter(label: "quizfunnel_ad_conversions_total", dimensions: [("platform", platform), ("outcome", outcome)]).increment()
    }

    /// Conversions not queued because the lead's consent does not cover ad measurement, one per platform.
    static func adConversionsWithheld(quiz: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: "quizfunnel_ad_conversions_withheld_total", dimensions: [("quiz", quiz)]).increment(by: count)
    }

    /// A mail's attempt: `sent`, `retry`, `failed` or `cancelled`, by kind (`confirmation`, `result`).
    static func mail(kind: String, outcome: String) {
        Counter(label: "quizfunnel_mail_total", dimensions: [("kind", kind), ("outcome", outcome)]).increment()
    }

    /// The outbox by state (`held`, `queued`, `sent`, `failed`, `cancelled`).
    static func mailOutbox(state: String, count: Int) {
        Gauge(label: "quizfunnel_mail_outbox", dimensions: [("state", state)]).record(count)
    }

    /// A button pressed on the confirmation page: `confirmed` or `rejected` ("This wasn't me").
    static func confirmation(outcome: String) {
        Counter(label: "quizfunnel_confirmations_total", dimensions: [("outcome", outcome)]).increment()
    }

    static func withdrawal() {
        Counter(label: "quizfunnel_withdrawals_total").increment()
    }

    static func erasure() {
        Counter(label: "quizfunnel_erasures_total").increment()
    }
}

/// Metrics made once for each set of dimension values and kept, for the ones counted on every result, lead or commit.
///
/// Making a `Counter` asks the metrics factory, which looks it up under a lock by its label and an array of dimension
/// pairs: 1% of the lead route's samples (see BENCHMARKS.md). A metric made before `MetricsSystem.bootstrap` stays the
/// no-op one, so the service bootstraps before it answers anything.
final class MadeOnce<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let made = Mutex<[Key: Metric]>([:])

    func metric(for key: Key, make: (Key) -> Metric) -> Metric {
        if let metric = self.made.withLock({ $0[key] }) { return metric }
        let metric = make(key)
        return self.made.withLock { made in
            if let first = made[key] { return first }
            made[key] = metric
            return metric
        }
    }
}
