import Foundation
import QuizfunnelDomain

/// The stats as plain-text tables for a terminal.
struct StatsReport {
    let stats: FunnelStats

    init(_ stats: FunnelStats) {
        self.stats = stats
    }

    var text: String {
        let funnel = self.stats.funnel
        var sections = ["\(self.stats.quiz), \(self.stats.from) to \(self.stats.to)"]
        sections.append(
            Self.table(
                ["step", "count", "rate"],
                [
                    ["views", "\(funnel.views)", ""],
                    ["starts", "\(funnel.starts)", Self.percent(funnel.rates.viewToStart)],
                    ["completions", "\(funnel.completions)", Self.percent(funnel.rates.startToCompletion)],
                    ["leads", "\(funnel.leads)", Self.percent(funnel.rates.completionToLead)],
                    ["confirmations", "\(funnel.confirmations)", Self.percent(funnel.rates.leadToConfirmation)],
                    ["shares", "\(funnel.shares)", ""],
                ]
            )
        )
        if let median = self.stats.medianSecondsToConfirm {
            sections.append("median time to confirm: \(Self.duration(median))")
        }
        sections.append(
            Self.table(["question", "reached", "left"], self.stats.dropoff.map { ["\($0.question) \($0.id)", "\($0.reached)", "\($0.left)"] })
        )
        sections.append(
            Self.table(["segment", "completions", "leads"], self.stats.segments.map { [$0.segment, "\($0.completions)", "\($0.leads)"] })
        )
        sections.append(
            Self.table(
                ["source", "medium", "campaign", "views", "starts", "completions", "leads"],
                self.stats.sources.map {
                    [
                        $0.source.isEmpty ? "(direct)" : $0.source, $0.medium, $0.campaign, "\($0.views)", "\($0.starts)", "\($0.completions)",
                        "\($0.leads)",
                    ]
                }
            )
        )
        sections.append(
            Self.table(
                ["ref", "views", "completions", "leads"],
                self.stats.refs.map { [$0.ref, "\($0.views)", "\($0.completions)", "\($0.leads)"] }
            )
        )
        sections += self.earnings
        if let experiment = self.experiment { sections.append(experiment) }
        return sections.joined(separator: "\n\n")
    }

    /// The A/B test: each variant's funnel and the chance it is best, or when that will be known; `nil` without variants.
    var experiment: String? {
        let variants = self.stats.variants
        guard !variants.isEmpty else { return nil }
        func rate(_ part: Int, _ views: Int) -> String { views == 0 ? "-" : Self.percent(Double(part) / Double(views)) }
        func best(_ probability: Double?) -> String { probability.map(Self.percent) ?? "-" }
        let table = Self.table(
            ["variant", "weight", "views", "starts", "completions", "leads", "confirmed", "view→lead", "best (lead)", "best (confirmed)"],
            variants.map {
                [
                    $0.id, "\($0.weight)", "\($0.views)", "\($0.starts)", "\($0.completions)", "\($0.leads)", "\($0.confirmedLeads)",
                    rate($0.leads, $0.views), best($0.probabilityBest?.lead), best($0.probabilityBest?.confirmedLead),
                ]
            }
        )
        let since = self.stats.variantsSince.map { "variants counted from \($0)" } ?? "a variant has not been shown yet"
        return [table, since + ". " + VariantVerdict(variants).sentence].joined(separator: "\n")
    }

    /// What the quiz cost and earned, per source and segment; the people; what came through shared results. Money is
    /// one figure per currency (`120 EUR, 40 PLN`); `-` where a ratio has nothing to divide by.
    var earnings: [String] {
        let roi = self.stats.roi
        func money(_ amounts: Money?) -> String {
            guard let amounts else { return "-" }
            return amounts.isEmpty
                ? "0" : amounts.sorted { $0.key < $1.key }.map { "\(ReportCSV.number($0.value)) \($0.key)" }.joined(separator: ", ")
        }
        func roiCells(_ row: ROIReport.Row) -> [String] {
            [
                money(row.spend), "\(row.leads)", "\(row.confirmedLeads)", money(row.costPerLead), money(row.costPerConfirmedLead),
                "\(row.customers)", money(row.revenue), money(row.revenuePerLead), money(row.returnOnSpend),
            ]
        }
        let roiHeader = ["spend", "leads", "confirmed", "cost/lead", "cost/confirmed", "customers", "revenue", "revenue/lead", "return on spend"]
        let sources = roi.sources.map { [$0.source.isEmpty ? "(direct)" : $0.source, $0.medium, $0.campaign] + roiCells($0.row) }
        let sharing = self.stats.sharing
        return [
            Self.table(["source", "medium", "campaign"] + roiHeader, sources + [["total", "", ""] + roiCells(roi.total)]),
            Self.table(
                ["segment", "leads", "confirmed", "customers", "revenue"],
                roi.segments.map { [$0.segment, "\($0.leads)", "\($0.confirmedLeads)", "\($0.customers)", money($0.revenue)] }
            ),
            Self.table(
                ["person", "name", "team", "views", "completions", "leads", "confirmed", "customers", "revenue", "leads from shares"],
                self.stats.people.map {
                    [
                        $0.ref, $0.name, $0.team ?? "", "\($0.views)", "\($0.completions)", "\($0.leads)", "\($0.confirmedLeads)",
                        "\($0.customers)", money($0.revenue), "\($0.leadsFromShares)",
                    ]
                }
            ),
            Self.table(
                ["shared result", "views", "completions", "leads", "leads that shared", "growth factor"],
                sharing.segments.map {
                    [
                        $0.segment, "\($0.figures.views)", "\($0.figures.completions)", "\($0.figures.leads)", "\($0.figures.leadsThatShared)",
                        $0.figures.growthFactor.map(ReportCSV.number) ?? "-",
                    ]
                } + [
                    [
                        "total", "\(sharing.views)", "\(sharing.completions)", "\(sharing.leads)", "\(sharing.leadsThatShared)",
                        sharing.growthFactor.map(ReportCSV.number) ?? "-",
                    ]
                ]
            ),
        ]
    }

    /// `62.5%`
    static func percent(_ rate: Double) -> String {
        String(format: "%.1f%%", rate * 100)
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column > 0 && cell.first?.isNumber == true ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `42 s`, `12 min`, `3.5 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
        return String(format: "%.1f h", seconds / 3600)
    }
}
