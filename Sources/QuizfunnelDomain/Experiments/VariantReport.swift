/// One counter of the experiment: how often a funnel step happened on a day for a variant.
public struct VariantCount: Sendable, Equatable {
    public var variant: String
    public var day: String
    public var metric: FunnelMetric
    public var value: Int

    public init(variant: String, day: String, metric: FunnelMetric, value: Int) {
        self.variant = variant
        self.day = day
        self.metric = metric
        self.value = value
    }

    /// The funnel steps counted per variant.
    public static let metrics: Set<FunnelMetric> = [.view, .start, .complete, .lead, .confirmation]
}

/// A variant's funnel in the experiment, and the probability that it is the best for leads and confirmed leads.
public struct VariantRow: Sendable, Codable, Equatable {
    public struct ProbabilityBest: Sendable, Codable, Equatable {
        /// That its rate of views to leads is the highest.
        public var lead: Double
        /// That its rate of views to confirmed leads is the highest.
        public var confirmedLead: Double
    }

    public var id: String
    public var weight: Int
    public var views = 0
    public var starts = 0
    public var completions = 0
    public var leads = 0
    /// Leads whose address is confirmed; every lead of a single opt-in quiz.
    public var confirmedLeads = 0
    /// `nil` until every variant has `VariantReport.minimumViews` views, and for a quiz with one variant.
    public var probabilityBest: ProbabilityBest?

    private enum CodingKeys: String, CodingKey {
        case id, weight, views, starts, completions, leads, confirmedLeads, probabilityBest
    }

    /// As synthesised, but `probabilityBest` is `null` rather than absent while there is no read-out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.weight, forKey: .weight)
        try container.encode(self.views, forKey: .views)
        try container.encode(self.starts, forKey: .starts)
        try container.encode(self.completions, forKey: .completions)
        try container.encode(self.leads, forKey: .leads)
        try container.encode(self.confirmedLeads, forKey: .confirmedLeads)
        try container.encode(self.probabilityBest, forKey: .probabilityBest)
    }
}

/// The experiment of one quiz: every declared variant's funnel from the day the last of them was first seen (so that a
/// variant added later is compared over the same days as the others), with the Bayesian read-out.
public enum VariantReport {
    /// The fewest views every variant needs before the read-out is shown.
    public static let minimumViews = 100

    /// The rows of `quiz`'s variants from `counts`, and the first day they count from (`nil` while some variant has
    /// not been seen).
    public static func rows(of quiz: Quiz, counts: [VariantCount]) -> (rows: [VariantRow], since: String?) {
        guard !quiz.variants.isEmpty else { return ([], nil) }
        let declared = Set(quiz.variants.map(\.id))
        let counts = counts.filter { declared.contains($0.variant) }
        var firstDays: [String: String] = [:]
        for count in counts where count.value > 0 {
            firstDays[count.variant] = min(firstDays[count.variant] ?? count.day, count.day)
        }
        let since = firstDays.count == declared.count ? firstDays.values.max() : nil
        var rows = quiz.variants.map { VariantRow(id: $0.id, weight: $0.weight) }
        for count in counts where since.map({ count.day >= $0 }) ?? true {
            guard let index = rows.firstIndex(where: { $0.id == count.variant }) else { continue }
            switch count.metric {
            case .view: rows[index].views += count.value
            case .start: rows[index].starts += count.value
            case .complete: rows[index].completions += count.value
            case .lead: rows[index].leads += count.value
            case .confirmation: rows[index].confirmedLeads += count.value
            default: break
            }
        }
        if quiz.optIn == .single {
            for index in rows.indices { rows[index].confirmedLeads = rows[index].leads }
        }
        if rows.count > 1, rows.allSatisfy({ $0.views >= Self.minimumViews }) {
            let views = rows.map(\.views)
            // A rate above 1 (leads from plays whose view was never reported) counts as every view.
            let leads = BetaBinomial.probabilityBest(successes: rows.map { min($0.leads, $0.views) }, trials: views)
            let confirmed = BetaBinomial.probabilityBest(successes: rows.map { min($0.confirmedLeads, $0.views) }, trials: views)
            for index in rows.indices {
                rows[index].probabilityBest = .init(lead: leads[index], confirmedLead: confirmed[index])
            }
        }
        return (rows, since)
    }
}

extension FunnelKey {
    /// The counts for the funnel's own counters (the variant left out) and for the experiment's.
    public static func splitByVariant(_ counts: [FunnelKey: Int]) -> (funnel: [FunnelKey: Int], variants: [VariantKey: Int]) {
        var funnel: [FunnelKey: Int] = [:]
        var variants: [VariantKey: Int] = [:]
        for (key, value) in counts {
            var plain = key
            plain.variant = ""
            funnel[plain, default: 0] += value
            if !key.variant.isEmpty, VariantCount.metrics.contains(key.metric) {
                variants[VariantKey(quizID: key.quizID, variant: key.variant, day: key.day, metric: key.metric), default: 0] += value
            }
        }
        return (funnel, variants)
    }
}

/// One cell of the experiment's counters.
public struct VariantKey: Sendable, Hashable {
    public var quizID: String
    public var variant: String
    public var day: String
    public var metric: FunnelMetric
}

/// What the experiment says in one sentence, as the dashboard and the command line put it.
public struct VariantVerdict: Sendable {
    /// The variant most likely best for confirmed leads, and how likely; `nil` while there is no read-out.
    public var leader: (id: String, probability: Double)?
    public var sentence: String

    public init(_ variants: [VariantRow]) {
        guard variants.count > 1 else {
            self.leader = nil
            self.sentence = "One variant: no experiment."
            return
        }
        let read = variants.compactMap { row in row.probabilityBest.map { (row.id, $0.confirmedLead) } }
        guard read.count == variants.count, let top = read.max(by: { $0.1 < $1.1 }) else {
            self.leader = nil
            self.sentence = "No read-out until every variant has \(VariantReport.minimumViews) views."
            return
        }
        self.leader = (top.0, top.1)
        self.sentence = "Variant \(top.0) leads for confirmed leads: \(Int((top.1 * 100).rounded()))% likely to be best."
    }
}
