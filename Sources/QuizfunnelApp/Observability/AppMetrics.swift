import Metrics

/// The service's own metrics, beside Hummingbird's per-route request counts and latencies. Labels are quiz and segment
/// ids, reasons and outcomes: never an email address, a token or a client address.
enum AppMetrics {
    static func resultStored(quiz: String, segment: String) {
        Counter(label: "quizfunnel_results_total", dimensions: [("quiz", quiz), ("segment", segment)]).increment()
    }

    /// `isNew` is false for a repeated opt-in of an address the quiz already has.
    static func leadStored(quiz: String, segment: String, isNew: Bool) {
        Counter(label: "quizfunnel_leads_total", dimensions: [("quiz", quiz), ("segment", segment), ("kind", isNew ? "new" : "repeat")])
            .increment()
    }

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
        Recorder(label: "quizfunnel_write_batch_size", aggregate: true).record(size)
    }

    /// `delivered`, `retry`, `failed` (given up) or `disabled` (410).
    static func webhookDelivery(outcome: String) {
        Counter(label: "quizfunnel_webhook_deliveries_total", dimensions: [("outcome", outcome)]).increment()
    }

    static func withdrawal() {
        Counter(label: "quizfunnel_withdrawals_total").increment()
    }

    static func erasure() {
        Counter(label: "quizfunnel_erasures_total").increment()
    }
}
