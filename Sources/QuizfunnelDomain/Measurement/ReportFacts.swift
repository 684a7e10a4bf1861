/// What the store adds up for the earnings report of one quiz over a range of days, grouped small enough to read in one
/// go: leads by attribution and outcome, customers' revenue, ref traffic, and the spend.
///
/// A `ref` is one of two things. A person's code (an employee, a partner: `krysia`) is chosen by the marketer; a share
/// code is the `shareRef` of a result, carried by the links its player shares. `person` holds the first kind,
/// `sharedSegment` says the second (the segment of the shared result), and `creditedPerson` is the person whose link
/// brought the player who shared (credit one level down the chain).
public struct ReportFacts: Sendable, Equatable {
    public struct LeadGroup: Sendable, Equatable {
        public var source = ""
        public var medium = ""
        public var campaign = ""
        public var segment = ""
        /// The person's ref the lead came with; empty when none or a share code.
        public var person = ""
        /// Through a result shared by a player who came with this person's ref.
        public var creditedPerson = ""
        /// The segment of the shared result the lead came through; empty when not through a share.
        public var sharedSegment = ""
        /// Subscribed at some point: not waiting for double opt-in.
        public var confirmed = false
        /// Has a `customer` conversion.
        public var customer = false
        /// The lead's own result was shared and someone opened it.
        public var shared = false
        public var count = 0

        public init() {}
    }

    /// The revenue of `customer` conversions of leads with these attributes.
    public struct RevenueGroup: Sendable, Equatable {
        public var source = ""
        public var medium = ""
        public var campaign = ""
        public var segment = ""
        public var person = ""
        public var currency = ""
        public var micros: Int64 = 0

        public init() {}
    }

    /// Views or completions that came with a ref, by day.
    public struct TrafficGroup: Sendable, Equatable {
        public var day = ""
        public var metric = FunnelMetric.view
        public var person = ""
        public var sharedSegment = ""
        public var count = 0

        public init() {}
    }

    /// Leads that came through shared results, by day and the shared result's segment.
    public struct SharedLeadDay: Sendable, Equatable {
        public var day: String
        public var sharedSegment: String
        public var count: Int

        public init(day: String, sharedSegment: String, count: Int) {
            self.day = day
            self.sharedSegment = sharedSegment
            self.count = count
        }
    }

    /// Spend summed by source, medium, campaign and currency.
    public struct SpendGroup: Sendable, Equatable {
        public var source: String
        public var medium: String
        public var campaign: String
        public var currency: String
        public var micros: Int64

        public init(source: String, medium: String, campaign: String, currency: String, micros: Int64) {
            self.source = source
            self.medium = medium
            self.campaign = campaign
            self.currency = currency
            self.micros = micros
        }
    }

    public var leads: [LeadGroup] = []
    public var revenue: [RevenueGroup] = []
    public var traffic: [TrafficGroup] = []
    public var sharedLeadDays: [SharedLeadDay] = []
    public var spend: [SpendGroup] = []

    public init() {}
}
