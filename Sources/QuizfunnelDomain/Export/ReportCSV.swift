import Foundation

/// The earnings report as one table for the manager's spreadsheet (`report.csv`): a `section` column says what a line
/// is (`total`, `source`, `segment`, `person`, `sharing`), and money comes one line per currency, so that a pivot table
/// never adds euros to zloty (counts repeat on each currency's line). A cell that does not apply is empty.
public enum ReportCSV {
    public static let header = [
        "section", "source", "medium", "campaign", "segment", "ref", "name", "team", "currency", "views", "completions", "leads",
        "confirmed_leads", "customers", "spend", "revenue", "cost_per_lead", "cost_per_confirmed_lead", "revenue_per_lead",
        "return_on_spend", "leads_from_shares", "leads_that_shared", "growth_factor",
    ]

    public static func text(of stats: FunnelStats) -> String {
        var output = CSVWriter.record(self.header)
        func line(_ cells: [String: String]) {
            CSVWriter.appendRecord(self.header.map { cells[$0] ?? "" }, to: &output)
        }
        func roiLines(_ cells: [String: String], _ row: ROIReport.Row) {
            for currency in self.currencies(row.spend, row.revenue) {
                var cells = cells
                cells["currency"] = currency
                cells["leads"] = String(row.leads)
                cells["confirmed_leads"] = String(row.confirmedLeads)
                cells["customers"] = String(row.customers)
                cells["spend"] = row.spend[currency].map(self.number)
                cells["revenue"] = row.revenue[currency].map(self.number)
                cells["cost_per_lead"] = row.costPerLead?[currency].map(self.number)
                cells["cost_per_confirmed_lead"] = row.costPerConfirmedLead?[currency].map(self.number)
                cells["revenue_per_lead"] = row.revenuePerLead?[currency].map(self.number)
                cells["return_on_spend"] = row.returnOnSpend?[currency].map(self.number)
                line(cells)
            }
        }
        roiLines(["section": "total"], stats.roi.total)
        for source in stats.roi.sources {
            roiLines(["section": "source", "source": source.source, "medium": source.medium, "campaign": source.campaign], source.row)
        }
        for segment in stats.roi.segments {
            for currency in self.currencies([:], segment.revenue) {
                line([
                    "section": "segment", "segment": segment.segment, "currency": currency, "leads": String(segment.leads),
                    "confirmed_leads": String(segment.confirmedLeads), "customers": String(segment.customers),
                    "revenue": segment.revenue[currency].map(self.number) ?? "",
                ])
            }
        }
        for person in stats.people {
            for currency in self.currencies([:], person.revenue) {
                line([
                    "section": "person", "ref": person.ref, "name": person.name, "team": person.team ?? "", "currency": currency,
                    "views": String(person.views), "completions": String(person.completions), "leads": String(person.leads),
                    "confirmed_leads": String(person.confirmedLeads), "customers": String(person.customers),
                    "revenue": person.revenue[currency].map(self.number) ?? "", "leads_from_shares": String(person.leadsFromShares),
                ])
            }
        }
        let sharing = stats.sharing
        for (segment, figures) in [("", self.figures(of: sharing))] + sharing.segments.map({ ($0.segment, $0.figures) }) {
            line([
                "section": "sharing", "segment": segment, "views": String(figures.views), "completions": String(figures.completions),
                "leads": String(figures.leads), "leads_that_shared": String(figures.leadsThatShared),
                "growth_factor": figures.growthFactor.map(self.number) ?? "",
            ])
        }
        return output
    }

    /// The currencies of a line's money, sorted; one empty currency when there is no money, so that the line is there.
    static func currencies(_ first: Money, _ second: Money) -> [String] {
        let currencies = Set(first.keys).union(second.keys).sorted()
        return currencies.isEmpty ? [""] : currencies
    }

    static func figures(of sharing: SharingReport) -> SharingReport.Figures {
        var figures = SharingReport.Figures()
        figures.views = sharing.views
        figures.completions = sharing.completions
        figures.leads = sharing.leads
        figures.leadsThatShared = sharing.leadsThatShared
        figures.growthFactor = sharing.growthFactor
        return figures
    }

    /// At most six decimals, without trailing zeros: `12.5`, `1200`, `0.333333`.
    public static func number(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
