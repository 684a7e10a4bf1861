/// Amounts by currency (`{"EUR": 120.0}`): money is never added across currencies.
public typealias Money = [String: Double]

/// What the quiz cost and earned, in total, per source / medium / campaign and per segment.
public struct ROIReport: Sendable, Codable, Equatable {
    /// Leads are counted on the day their address was first given, with whatever the CRM later reported about them;
    /// spend on the day it was spent.
    public struct Row: Sendable, Codable, Equatable {
        public var leads = 0
        public var confirmedLeads = 0
        public var customers = 0
        public var spend: Money = [:]
        public var revenue: Money = [:]
        /// Absent where there are no leads (the divisor is 0); `{}` where there are leads and no spend.
        public var costPerLead: Money?
        public var costPerConfirmedLead: Money?
        public var revenuePerLead: Money?
        /// Revenue ÷ spend per currency spent in; absent where nothing was spent.
        public var returnOnSpend: Money?

        public init() {}

        /// The figures from counts and amounts in millionths.
        init(leads: Int, confirmedLeads: Int, customers: Int, spend: [String: Int64], revenue: [String: Int64]) {
            self.leads = leads
            self.confirmedLeads = confirmedLeads
            self.customers = customers
            self.spend = spend.mapValues(Self.units)
            self.revenue = revenue.mapValues(Self.units)
            func per(_ amounts: [String: Int64], _ count: Int) -> Money? {
                count == 0 ? nil : amounts.mapValues { Self.units($0) / Double(count) }
            }
            self.costPerLead = per(spend, leads)
            self.costPerConfirmedLead = per(spend, confirmedLeads)
            self.revenuePerLead = per(revenue, leads)
            let spent = spend.filter { $0.value > 0 }
            self.returnOnSpend =
                spent.isEmpty ? nil : Dictionary(uniqueKeysWithValues: spent.map { ($0.key, Double(revenue[$0.key] ?? 0) / Double($0.value)) })
        }

        static func units(_ micros: Int64) -> Double { Double(micros) / 1_000_000 }
    }

    public struct SourceRow: Sendable, Codable, Equatable {
        public var source: String
        public var medium: String
        public var campaign: String
        public var row: Row

        enum CodingKeys: String, CodingKey { case source, medium, campaign }

        public init(source: String, medium: String, campaign: String, row: Row) {
            self.source = source
            self.medium = medium
            self.campaign = campaign
            self.row = row
        }

        /// Flat: the row's figures beside its source, medium and campaign.
        public func encode(to encoder: any Encoder) throws {
            try self.row.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.source, forKey: .source)
            try container.encode(self.medium, forKey: .medium)
            try container.encode(self.campaign, forKey: .campaign)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.source = try container.decode(String.self, forKey: .source)
            self.medium = try container.decode(String.self, forKey: .medium)
            self.campaign = try container.decode(String.self, forKey: .campaign)
            self.row = try Row(from: decoder)
        }
    }

    public struct SegmentRow: Sendable, Codable, Equatable {
        public var segment: String
        public var leads = 0
        public var confirmedLeads = 0
        public var customers = 0
        public var revenue: Money = [:]

        public init(segment: String, leads: Int = 0, confirmedLeads: Int = 0, customers: Int = 0, revenue: Money = [:]) {
            self.segment = segment
            self.leads = leads
            self.confirmedLeads = confirmedLeads
            self.customers = customers
            self.revenue = revenue
        }
    }

    public var total = Row()
    public var sources: [SourceRow] = []
    public var segments: [SegmentRow] = []

    public init() {}
}

/// One person's ref (an employee, a partner, an influencer): what their links brought.
public struct PersonCount: Sendable, Codable, Equatable {
    public var ref: String
    /// From `Refs.json`; the ref itself when it names no one.
    public var name: String
    /// From `Refs.json`; `null` when none.
    public var team: String?
    public var views = 0
    public var completions = 0
    public var leads = 0
    public var confirmedLeads = 0
    public var customers = 0
    public var revenue: Money = [:]
    /// Leads that came through results shared by players this person's links brought.
    public var leadsFromShares = 0

    public init(ref: String, name: String? = nil, team: String? = nil) {
        self.ref = ref
        self.name = name ?? ref
        self.team = team
    }

    enum CodingKeys: String, CodingKey {
        case ref, name, team, views, completions, leads, confirmedLeads, customers, revenue, leadsFromShares
    }

    /// `team` is written as `null` rather than left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.ref, forKey: .ref)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.team, forKey: .team)
        try container.encode(self.views, forKey: .views)
        try container.encode(self.completions, forKey: .completions)
        try container.encode(self.leads, forKey: .leads)
        try container.encode(self.confirmedLeads, forKey: .confirmedLeads)
        try container.encode(self.customers, forKey: .customers)
        try container.encode(self.revenue, forKey: .revenue)
        try container.encode(self.leadsFromShares, forKey: .leadsFromShares)
    }
}

/// What came through the results players shared: the visits and leads their links brought, and how many new leads each
/// lead who shared brought (the growth factor).
public struct SharingReport: Sendable, Codable, Equatable {
    public struct Figures: Sendable, Codable, Equatable {
        public var views = 0
        public var completions = 0
        /// Leads who came through a shared result.
        public var leads = 0
        /// Leads whose own shared result was opened by someone.
        public var leadsThatShared = 0
        /// `leads` ÷ `leadsThatShared`; absent when no lead shared.
        public var growthFactor: Double?

        public init() {}
    }

    public struct SegmentFigures: Sendable, Codable, Equatable {
        /// The segment of the shared results (for `leadsThatShared`: of the leads' own results).
        public var segment: String
        public var figures: Figures

        enum CodingKeys: String, CodingKey { case segment }

        public func encode(to encoder: any Encoder) throws {
            try self.figures.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.segment, forKey: .segment)
        }

        public init(segment: String, figures: Figures) {
            self.segment = segment
            self.figures = figures
        }

        public init(from decoder: any Decoder) throws {
            self.segment = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .segment)
            self.figures = try Figures(from: decoder)
        }
    }

    public struct Day: Sendable, Codable, Equatable {
        public var day: String
        public var views = 0
        public var completions = 0
        public var leads = 0

        public init(day: String, views: Int = 0, completions: Int = 0, leads: Int = 0) {
            self.day = day
            self.views = views
            self.completions = completions
            self.leads = leads
        }
    }

    public var views = 0
    public var completions = 0
    public var leads = 0
    public var leadsThatShared = 0
    public var growthFactor: Double?
    public var segments: [SegmentFigures] = []
    public var days: [Day] = []

    public init() {}
}
