/// The numbers a marketing manager reads: the funnel, where players leave, which segments, sources and refs; what the
/// quiz cost and earned, who brought whom.
public struct FunnelStats: Sendable, Codable, Equatable {
    public struct Funnel: Sendable, Codable, Equatable {
        public var views = 0
        public var starts = 0
        public var completions = 0
        public var leads = 0
        /// Addresses confirmed from the confirmation mail (double opt-in quizzes).
        public var confirmations = 0
        public var shares = 0
        /// Conversion between steps, 0 to 1 (0 when the earlier step is 0).
        public var rates = Rates()

        public struct Rates: Sendable, Codable, Equatable {
            public var viewToStart = 0.0
            public var startToCompletion = 0.0
            public var completionToLead = 0.0
            public var viewToLead = 0.0
            /// Confirmations per lead.
            public var leadToConfirmation = 0.0
        }

        mutating func computeRates() {
            func rate(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
            self.rates = Rates(
                viewToStart: rate(self.starts, self.views),
                startToCompletion: rate(self.completions, self.starts),
                completionToLead: rate(self.leads, self.completions),
                viewToLead: rate(self.leads, self.views),
                leadToConfirmation: rate(self.confirmations, self.leads)
            )
        }
    }

    public struct Dropoff: Sendable, Codable, Equatable {
        public var question: Int
        public var id: String
        public var reached: Int
        /// Players who reached this question and did not reach the next one (or the result, after the last).
        public var left: Int
    }

    public struct SegmentCount: Sendable, Codable, Equatable {
        public var segment: String
        public var completions: Int
        public var leads: Int
    }

    public struct SourceCount: Sendable, Codable, Equatable {
        public var source: String
        public var medium: String
        public var campaign: String
        public var views: Int
        public var starts: Int
        public var completions: Int
        public var leads: Int
    }

    public struct RefCount: Sendable, Codable, Equatable {
        public var ref: String
        public var views: Int
        public var completions: Int
        public var leads: Int
    }

    /// Clicks on one product of one segment's result.
    public struct ProductCount: Sendable, Codable, Equatable {
        public var segment: String
        /// The product's position in the segment's `products`, from 0.
        public var index: Int
        /// In the quiz's default locale.
        public var title: String
        public var clicks: Int
    }

    public struct ShareCount: Sendable, Codable, Equatable {
        public var network: String
        public var shares: Int
    }

    public struct Day: Sendable, Codable, Equatable {
        public var day: String
        public var funnel: Funnel
    }

    public var quiz: String
    public var from: String
    public var to: String
    public var funnel = Funnel()
    public var dropoff: [Dropoff] = []
    public var segments: [SegmentCount] = []
    public var sources: [SourceCount] = []
    public var refs: [RefCount] = []
    public var shares: [ShareCount] = []
    /// Every product of every segment, with its clicks.
    public var products: [ProductCount] = []
    public var days: [Day] = []
    /// The median time from submitting an address to confirming it, in seconds, over the confirmations in the range;
    /// `nil` when there are none.
    public var medianSecondsToConfirm: Double?
    /// What the quiz cost and earned, per source and segment (see `Measurement/`).
    public var roi = ROIReport()
    /// A row per person's ref: employees, partners, influencers.
    public var people: [PersonCount] = []
    /// What came through the results players shared.
    public var sharing = SharingReport()
    /// The A/B test: a row per declared variant (none for a quiz without variants), see `VariantReport`.
    public var variants: [VariantRow] = []
    /// The first day the variants are counted from: the day the last of them was first seen; `nil` while one has not been.
    public var variantsSince: String?

    /// Adds the experiment's rows, from its counters over the stats' range.
    public mutating func addVariants(of quiz: Quiz, counts: [VariantCount]) {
        (self.variants, self.variantsSince) = VariantReport.rows(of: quiz, counts: counts)
    }
}
