import Foundation

extension FunnelStats {
    /// Adds up counter cells of `quiz` for the days `from` through `to` (`YYYY-MM-DD`, both included).
    public init(quiz: Quiz, from: String, to: String, counts: [(key: FunnelKey, value: Int)]) {
        self.init(quiz: quiz.id, from: from, to: to)
        var days: [String: Funnel] = [:]
        var reached: [Int: Int] = [:]
        var advanced: [Int: Int] = [:]
        var finishedAt: [Int: Int] = [:]
        var segments: [String: SegmentCount] = [:]
        var sources: [String: SourceCount] = [:]
        var refs: [String: RefCount] = [:]
        var shares: [String: Int] = [:]
        var productClicks: [String: [Int: Int]] = [:]
        for (key, value) in counts where key.quizID == quiz.id && key.day >= from && key.day <= to {
            Self.add(key.metric, value, to: &self.funnel)
            Self.add(key.metric, value, to: &days[key.day, default: Funnel()])
            switch key.metric {
            case .answer:
                reached[key.question, default: 0] += value
            case .advance:
                advanced[key.question, default: 0] += value
            case .share:
                shares[key.network, default: 0] += value
            case .product:
                productClicks[key.segment, default: [:]][key.question - 1, default: 0] += value
            case .complete, .lead:
                if key.metric == .complete, key.question > 0 { finishedAt[key.question, default: 0] += value }
                var count = segments[key.segment] ?? SegmentCount(segment: key.segment, completions: 0, leads: 0)
                if key.metric == .complete { count.completions += value } else { count.leads += value }
                segments[key.segment] = count
            case .view, .start, .confirmation:
                break
            }
            let sourceID = [key.source, key.medium, key.campaign].joined(separator: "\u{1F}")
            var source =
                sources[sourceID]
                ?? SourceCount(source: key.source, medium: key.medium, campaign: key.campaign, views: 0, starts: 0, completions: 0, leads: 0)
            switch key.metric {
            case .view: source.views += value
            case .start: source.starts += value
            case .complete: source.completions += value
            case .lead: source.leads += value
            case .answer, .share, .confirmation, .product, .advance: break
            }
            sources[sourceID] = source
            if !key.ref.isEmpty {
                var ref = refs[key.ref] ?? RefCount(ref: key.ref, views: 0, completions: 0, leads: 0)
                switch key.metric {
                case .view: ref.views += value
                case .complete: ref.completions += value
                case .lead: ref.leads += value
                case .start, .answer, .share, .confirmation, .product, .advance: break
                }
                refs[key.ref] = ref
            }
        }
        self.funnel.computeRates()
        self.dropoff = Self.dropoff(of: quiz, reached: reached, advanced: advanced, finishedAt: finishedAt, completions: self.funnel.completions)
        self.segments = quiz.segments.map { segments[$0.id] ?? SegmentCount(segment: $0.id, completions: 0, leads: 0) }
        self.sources = sources.values.sorted { ($0.leads, $0.completions, $0.views, $1.source) > ($1.leads, $1.completions, $1.views, $0.source) }
        self.refs = refs.values.sorted { ($0.leads, $0.completions, $1.ref) > ($1.leads, $1.completions, $0.ref) }
        self.shares = shares.map { ShareCount(network: $0.key, shares: $0.value) }.sorted { ($0.shares, $1.network) > ($1.shares, $0.network) }
        self.products = quiz.segments.flatMap { segment in
            segment.products.enumerated().map { index, product in
                ProductCount(
                    segment: segment.id,
                    index: index,
                    title: product.title.resolved(for: quiz.defaultLocale, defaultLocale: quiz.defaultLocale),
                    clicks: productClicks[segment.id]?[index] ?? 0
                )
            }
        }
        self.days = Self.daysBetween(from, to).map { day in
            var funnel = days[day] ?? Funnel()
            funnel.computeRates()
            return Day(day: day, funnel: funnel)
        }
    }

    /// Who reached each question and who left there. Players who left a question are those who reached it and neither
    /// went on from it nor finished there; that holds for a quiz that branches, where the next question in the file is
    /// not the next on every path. Counters from play pages that did not report where they went on from (before
    /// branching existed) are read as a straight line: who reached a question and not the next one left it.
    static func dropoff(of quiz: Quiz, reached: [Int: Int], advanced: [Int: Int], finishedAt: [Int: Int], completions: Int) -> [Dropoff] {
        let knowsTheWayOn = !advanced.isEmpty
        return quiz.questions.enumerated().map { index, question in
            let number = index + 1
            let here = reached[number] ?? 0
            let wentOn: Int
            if knowsTheWayOn {
                wentOn = (advanced[number] ?? 0) + (finishedAt[number] ?? 0)
            } else {
                wentOn = number < quiz.questions.count ? (reached[number + 1] ?? 0) : completions
            }
            return Dropoff(question: number, id: question.id, reached: here, left: max(here - wentOn, 0))
        }
    }

    private static func add(_ metric: FunnelMetric, _ value: Int, to funnel: inout Funnel) {
        switch metric {
        case .view: funnel.views += value
        case .start: funnel.starts += value
        case .complete: funnel.completions += value
        case .lead: funnel.leads += value
        case .share: funnel.shares += value
        case .confirmation: funnel.confirmations += value
        case .answer, .product, .advance: break
        }
    }

    /// Every day from `from` to `to`, for a trend line without gaps (at most 400 days).
    static func daysBetween(_ from: String, _ to: String) -> [String] {
        guard let start = Timestamp.parse(from), let end = Timestamp.parse(to), start <= end else { return [] }
        return stride(from: start.timeIntervalSince1970, through: end.timeIntervalSince1970, by: 86_400).prefix(400).map {
            Timestamp.day(Date(timeIntervalSince1970: $0))
        }
    }
}
