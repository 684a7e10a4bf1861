/// What is counted: the browser reports what only it sees (views, starts, questions reached, shares); the server counts
/// completions, leads and confirmations itself when it stores a result, a lead or a confirmation.
public enum FunnelMetric: String, Sendable, Codable, CaseIterable {
    case view, start, answer, share, complete, lead, confirmation
    /// A click on a product shown with a result.
    case product
    /// A player went on from the question that was their furthest (`question`) to a later one: what tells, in a quiz
    /// that branches, those who left a question from those whose path skipped the next one. Counted by the server from
    /// an `answer` event's `from`.
    case advance

    /// The metrics a play page may report.
    public static let reportedByBrowser: Set<FunnelMetric> = [.view, .start, .answer, .share, .product]
}

/// One counter cell: a metric on a day for one combination of locale, source, ref, segment, network and question.
/// Empty strings and question 0 mean "not applicable", so every cell has one key.
public struct FunnelKey: Sendable, Hashable {
    public var quizID: String
    /// `YYYY-MM-DD` in UTC.
    public var day: String
    public var metric: FunnelMetric
    public var locale: String
    public var source: String
    public var medium: String
    public var campaign: String
    public var ref: String
    public var segment: String
    public var network: String
    /// The question reached (1-based) for `answer`, the question gone on from for `advance`, the last question of the
    /// player's path for `complete` (0 when not known), the product clicked (1-based) for `product`; 0 otherwise.
    public var question: Int
    /// The variant of the quiz the player was shown; empty for none (no experiment, an API client, a preview). Counted
    /// apart, per day and metric, for the experiment (see `VariantReport`).
    public var variant: String

    public init(
        quizID: String,
        day: String,
        metric: FunnelMetric,
        locale: String,
        attribution: Attribution,
        segment: String = "",
        network: String = "",
        question: Int = 0,
        variant: String = ""
    ) {
        self.quizID = quizID
        self.day = day
        self.metric = metric
        self.locale = locale
        self.source = attribution.utm.source ?? ""
        self.medium = attribution.utm.medium ?? ""
        self.campaign = attribution.utm.campaign ?? ""
        self.ref = attribution.ref ?? ""
        self.segment = segment
        self.network = network
        self.question = question
        self.variant = variant
    }
}
