extension FunnelStats {
    /// Adds the earnings report (`roi`), the people and the sharing figures made from `facts`, for the quiz's segments
    /// and the days of the range.
    public mutating func addEarnings(_ facts: ReportFacts, segments: [String]) {
        self.roi = ROIReport(facts: facts, segments: segments)
        self.people = PersonCount.people(from: facts)
        self.sharing = SharingReport(facts: facts, segments: segments, days: Self.daysBetween(self.from, self.to))
    }

    /// Gives each person the name and team `directory` knows, and adds the people it lists that nothing came from yet
    /// (so that each has a row, and a link to hand out). People are sorted by leads, then by ref.
    public mutating func name(_ directory: RefDirectory) {
        var people = self.people
        for ref in directory.people.keys where !people.contains(where: { $0.ref == ref }) {
            people.append(PersonCount(ref: ref))
        }
        for index in people.indices {
            let entry = directory.people[people[index].ref]
            people[index].name = entry?.name ?? people[index].ref
            people[index].team = entry?.team
        }
        self.people = people.sorted { ($0.leads, $0.leadsFromShares, $1.ref) > ($1.leads, $1.leadsFromShares, $0.ref) }
    }
}

extension ROIReport {
    init(facts: ReportFacts, segments: [String]) {
        struct Tally {
            var leads = 0
            var confirmed = 0
            var customers = 0
            var spend: [String: Int64] = [:]
            var revenue: [String: Int64] = [:]

            mutating func add(_ group: ReportFacts.LeadGroup) {
                self.leads += group.count
                if group.confirmed { self.confirmed += group.count }
                if group.customer { self.customers += group.count }
            }

            var row: Row {
                Row(leads: self.leads, confirmedLeads: self.confirmed, customers: self.customers, spend: self.spend, revenue: self.revenue)
            }
        }
        struct SourceKey: Hashable, Comparable {
            var source: String
            var medium: String
            var campaign: String

            static func < (a: Self, b: Self) -> Bool { (a.source, a.medium, a.campaign) < (b.source, b.medium, b.campaign) }
        }
        var total = Tally()
        var sources: [SourceKey: Tally] = [:]
        var bySegment: [String: Tally] = [:]
        for group in facts.leads {
            total.add(group)
            sources[SourceKey(source: group.source, medium: group.medium, campaign: group.campaign), default: Tally()].add(group)
            bySegment[group.segment, default: Tally()].add(group)
        }
        for group in facts.revenue {
            total.revenue[group.currency, default: 0] += group.micros
            sources[SourceKey(source: group.source, medium: group.medium, campaign: group.campaign), default: Tally()]
                .revenue[group.currency, default: 0] += group.micros
            bySegment[group.segment, default: Tally()].revenue[group.currency, default: 0] += group.micros
        }
        for group in facts.spend {
            total.spend[group.currency, default: 0] += group.micros
            sources[SourceKey(source: group.source, medium: group.medium, campaign: group.campaign), default: Tally()]
                .spend[group.currency, default: 0] += group.micros
        }
        self.total = total.row
        // Most leads first; sources without leads (spend alone) after, by name.
        self.sources = sources.sorted { ($0.value.leads, $1.key) > ($1.value.leads, $0.key) }.map { key, tally in
            SourceRow(source: key.source, medium: key.medium, campaign: key.campaign, row: tally.row)
        }
        self.segments = segments.map { segment in
            let tally = bySegment[segment] ?? Tally()
            return SegmentRow(
                segment: segment,
                leads: tally.leads,
                confirmedLeads: tally.confirmed,
                customers: tally.customers,
                revenue: tally.revenue.mapValues(Row.units)
            )
        }
    }
}

extension PersonCount {
    /// A row per person's ref that brought anything (unnamed; see `FunnelStats.name`).
    static func people(from facts: ReportFacts) -> [PersonCount] {
        var people: [String: PersonCount] = [:]
        var revenue: [String: [String: Int64]] = [:]
        for group in facts.traffic where !group.person.isEmpty {
            switch group.metric {
            case .view: people[group.person, default: PersonCount(ref: group.person)].views += group.count
            case .complete: people[group.person, default: PersonCount(ref: group.person)].completions += group.count
            default: break
            }
        }
        for group in facts.leads {
            if !group.person.isEmpty {
                var person = people[group.person, default: PersonCount(ref: group.person)]
                person.leads += group.count
                if group.confirmed { person.confirmedLeads += group.count }
                if group.customer { person.customers += group.count }
                people[group.person] = person
            }
            if !group.creditedPerson.isEmpty {
                people[group.creditedPerson, default: PersonCount(ref: group.creditedPerson)].leadsFromShares += group.count
            }
        }
        for group in facts.revenue where !group.person.isEmpty {
            revenue[group.person, default: [:]][group.currency, default: 0] += group.micros
            if people[group.person] == nil { people[group.person] = PersonCount(ref: group.person) }
        }
        for (ref, amounts) in revenue { people[ref]?.revenue = amounts.mapValues(ROIReport.Row.units) }
        return Array(people.values)
    }
}

extension SharingReport {
    init(facts: ReportFacts, segments: [String], days: [String]) {
        var figures: [String: Figures] = [:]
        var byDay: [String: Day] = [:]
        for group in facts.traffic where !group.sharedSegment.isEmpty {
            switch group.metric {
            case .view:
                figures[group.sharedSegment, default: Figures()].views += group.count
                byDay[group.day, default: Day(day: group.day)].views += group.count
            case .complete:
                figures[group.sharedSegment, default: Figures()].completions += group.count
                byDay[group.day, default: Day(day: group.day)].completions += group.count
            default: break
            }
        }
        for group in facts.leads {
            if !group.sharedSegment.isEmpty { figures[group.sharedSegment, default: Figures()].leads += group.count }
            if group.shared { figures[group.segment, default: Figures()].leadsThatShared += group.count }
        }
        for group in facts.sharedLeadDays { byDay[group.day, default: Day(day: group.day)].leads += group.count }
        self.segments = segments.map { segment in
            var segmentFigures = figures[segment] ?? Figures()
            segmentFigures.growthFactor = Self.growth(segmentFigures.leads, segmentFigures.leadsThatShared)
            return SegmentFigures(segment: segment, figures: segmentFigures)
        }
        self.views = self.segments.reduce(0) { $0 + $1.figures.views }
        self.completions = self.segments.reduce(0) { $0 + $1.figures.completions }
        self.leads = self.segments.reduce(0) { $0 + $1.figures.leads }
        self.leadsThatShared = self.segments.reduce(0) { $0 + $1.figures.leadsThatShared }
        self.growthFactor = Self.growth(self.leads, self.leadsThatShared)
        self.days = days.map { byDay[$0] ?? Day(day: $0) }
    }

    static func growth(_ leads: Int, _ sharers: Int) -> Double? {
        sharers == 0 ? nil : Double(leads) / Double(sharers)
    }
}
