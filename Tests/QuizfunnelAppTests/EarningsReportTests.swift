import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// A scripted month of the golf quiz (double opt-in, as shipped), and the earnings report checked figure by figure in
/// the stats API, in `report.csv` and in `quizfunnel stats`:
///
/// - spend: Facebook `cpc/spring` 10 EUR a day for the 30 days (golf only), LinkedIn `social/employees` 40 PLN on five
///   days (every quiz); a day before the range and another quiz's spend that must not count;
/// - leads: A, B, C from Facebook (C never confirms), D and E from LinkedIn with Krysia's ref, F with Tomek's ref; G
///   came through D's shared result, H through A's;
/// - the CRM: A bought for 1,200 EUR (sent twice with its deal id), D for 500 PLN (by address), G for 300 EUR (CSV), B
///   is only `qualified` (100 EUR, not revenue).
@Suite struct EarningsReportTests {
    static let refs = RefDirectory(people: [
        "krysia": .init(name: "Krysia", team: "Warehouse"), "tomek": .init(name: "Tomek"), "ola": .init(name: "Ola", team: "Sales"),
    ])

    struct Month {
        var ids: [String: Int64] = [:]
        var shareRefs: [String: String] = [:]
    }

    static var today: Date { Date() }

    static func day(_ daysAgo: Int) -> String { Timestamp.day(Self.today.addingTimeInterval(-Double(daysAgo) * 86_400)) }

    /// The month's spend as the ad platforms' export gives it.
    static var spendCSV: String {
        var lines = ["Date,Expenses,Currency,UTMSource,UTMMedium,UTMCampaign,Quiz"]
        for daysAgo in 0..<30 { lines.append("\(Self.day(daysAgo)),10,EUR,facebook,cpc,spring,golf-club") }
        for daysAgo in [1, 2, 3, 4, 5] { lines.append("\(Self.day(daysAgo)),40,PLN,linkedin,social,employees,") }
        lines.append("\(Self.day(30)),999,EUR,facebook,cpc,spring,golf-club")
        lines.append("\(Self.day(3)),50,EUR,google,cpc,sellers,social-seller")
        return lines.joined(separator: "\n") + "\n"
    }

    static func upload(_ client: any TestClientProtocol, _ path: String, csv: String) async throws -> TestResponse {
        try await client.execute(
            uri: path,
            method: .post,
            headers: [.authorization: "Bearer \(TestService.adminToken)", .contentType: "text/csv"],
            body: ByteBuffer(string: csv)
        )
    }

    static func postConversions(_ client: any TestClientProtocol, _ json: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/admin/conversions",
            method: .post,
            headers: [.authorization: "Bearer \(TestService.adminToken)", .contentType: "application/json"],
            body: ByteBuffer(string: json)
        )
    }

    /// Plays the quiz as `name` with `attribution`, leaves `name@example.com` and confirms it unless told not to.
    static func lead(
        _ client: any TestClientProtocol,
        _ name: String,
        _ answers: [String: String],
        _ attribution: [String: Any],
        confirming: Bool = true,
        into month: inout Month
    ) async throws {
        let result = try await client.playGolf(answers, extra: attribution)
        #expect(try await client.subscribe(resultID: result.resultId, email: "\(name)@example.com").status == .created)
        if confirming { try await client.confirm(try await client.confirmationLink()) }
        let person = try JSONSerialization.jsonObject(with: Data(buffer: try await client.admin("/api/admin/leads/\(name)@example.com").body))
        let leads = try #require((person as? [String: Any])?["leads"] as? [[String: Any]])
        month.ids[name] = Int64(try #require((leads.first?["lead"] as? [String: Any])?["id"] as? String))
        month.shareRefs[name] = result.shareRef
    }

    static func views(_ client: any TestClientProtocol, _ count: Int, _ attribution: [String: Any]) async throws {
        for _ in 0..<count { try await StatsAPITests.report(client, [["type": "view"]], attribution) }
    }

    /// Plays the month; returns the leads' ids and share codes.
    static func playMonth(_ client: any TestClientProtocol) async throws -> Month {
        #expect(try await Self.upload(client, "/api/admin/spend", csv: Self.spendCSV).status == .ok)
        let facebook: [String: Any] = ["utm": ["source": "facebook", "medium": "cpc", "campaign": "spring"]]
        let linkedin: [String: Any] = ["utm": ["source": "linkedin", "medium": "social", "campaign": "employees"], "ref": "krysia"]
        var month = Month()
        try await Self.views(client, 4, facebook)
        try await Self.views(client, 3, linkedin)
        try await Self.views(client, 2, ["ref": "tomek"])
        try await Self.lead(client, "a", GolfAnswers.driver, facebook, into: &month)
        try await Self.lead(client, "b", GolfAnswers.putter, facebook, into: &month)
        try await Self.lead(client, "c", GolfAnswers.driver, facebook, confirming: false, into: &month)
        try await Self.lead(client, "d", GolfAnswers.putter, linkedin, into: &month)
        try await Self.lead(client, "e", GolfAnswers.putter, linkedin, into: &month)
        try await Self.lead(client, "f", GolfAnswers.putter, ["ref": "tomek"], into: &month)
        let shared = { (sharer: String) -> [String: Any] in
            ["utm": ["source": "facebook", "medium": "social", "campaign": "quiz-share"], "ref": month.shareRefs[sharer]!]
        }
        try await Self.views(client, 2, shared("d"))
        try await Self.views(client, 1, shared("a"))
        try await Self.lead(client, "g", GolfAnswers.putter, shared("d"), into: &month)
        try await Self.lead(client, "h", GolfAnswers.driver, shared("a"), into: &month)

        let a = month.ids["a"]!
        let b = month.ids["b"]!
        let g = month.ids["g"]!
        let first = try await Self.postConversions(
            client,
            #"{"lead": \#(a), "value": 1200, "currency": "EUR", "at": "\#(Self.day(1))T10:00:00Z", "id": "deal-1"}"#
        )
        #expect(try decode(SpendAPITests.Summary.self, from: first) == .init(rows: 1, added: 1, replaced: 0, unchanged: 0))
        let batch = try await Self.postConversions(
            client,
            """
            [{"lead": "\(a)", "value": "1200", "currency": "eur", "at": "\(Self.day(1))T10:00:00Z", "id": "deal-1", "status": "customer"},
             {"email": "D@example.com", "quiz": "golf-club", "value": 500, "currency": "PLN", "id": "deal-2"},
             {"lead": \(b), "value": 100, "currency": "EUR", "status": "qualified", "id": "deal-4"}]
            """
        )
        #expect(try decode(SpendAPITests.Summary.self, from: batch) == .init(rows: 3, added: 2, replaced: 0, unchanged: 1))
        let csv = try await Self.upload(
            client,
            "/api/admin/conversions",
            csv: "Lead;Value;Currency;At;Status;Id\n\(g);300,00;EUR;\(Self.day(0));customer;deal-3\n"
        )
        #expect(try decode(SpendAPITests.Summary.self, from: csv) == .init(rows: 1, added: 1, replaced: 0, unchanged: 0))
        return month
    }

    static func money(_ pairs: KeyValuePairs<String, Double>) -> Money { Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) }) }

    static func row(
        leads: Int,
        confirmed: Int,
        customers: Int,
        spend: Money,
        revenue: Money,
        costPerLead: Money?,
        costPerConfirmedLead: Money?,
        revenuePerLead: Money?,
        returnOnSpend: Money?
    ) -> ROIReport.Row {
        var row = ROIReport.Row()
        (row.leads, row.confirmedLeads, row.customers, row.spend, row.revenue) = (leads, confirmed, customers, spend, revenue)
        (row.costPerLead, row.costPerConfirmedLead, row.revenuePerLead, row.returnOnSpend) = (
            costPerLead, costPerConfirmedLead, revenuePerLead, returnOnSpend
        )
        return row
    }

    /// The report the month must give, worked out by hand.
    static var expectedROI: ROIReport {
        var roi = ROIReport()
        roi.total = Self.expectedTotal
        roi.sources = Self.expectedSources
        roi.segments = Self.expectedSegments
        return roi
    }

    static var expectedTotal: ROIReport.Row {
        let perConfirmed: Money = ["EUR": 300.0 / 7, "PLN": 200.0 / 7]
        return Self.row(
            leads: 8,
            confirmed: 7,
            customers: 3,
            spend: ["EUR": 300, "PLN": 200],
            revenue: ["EUR": 1500, "PLN": 500],
            costPerLead: ["EUR": 37.5, "PLN": 25],
            costPerConfirmedLead: perConfirmed,
            revenuePerLead: ["EUR": 187.5, "PLN": 62.5],
            returnOnSpend: ["EUR": 5, "PLN": 2.5]
        )
    }

    static var expectedSources: [ROIReport.SourceRow] {
        let facebook = Self.row(
            leads: 3,
            confirmed: 2,
            customers: 1,
            spend: ["EUR": 300],
            revenue: ["EUR": 1200],
            costPerLead: ["EUR": 100],
            costPerConfirmedLead: ["EUR": 150],
            revenuePerLead: ["EUR": 400],
            returnOnSpend: ["EUR": 4]
        )
        let shares = Self.row(
            leads: 2,
            confirmed: 2,
            customers: 1,
            spend: [:],
            revenue: ["EUR": 300],
            costPerLead: [:],
            costPerConfirmedLead: [:],
            revenuePerLead: ["EUR": 150],
            returnOnSpend: nil
        )
        let linkedin = Self.row(
            leads: 2,
            confirmed: 2,
            customers: 1,
            spend: ["PLN": 200],
            revenue: ["PLN": 500],
            costPerLead: ["PLN": 100],
            costPerConfirmedLead: ["PLN": 100],
            revenuePerLead: ["PLN": 250],
            returnOnSpend: ["PLN": 2.5]
        )
        let direct = Self.row(
            leads: 1,
            confirmed: 1,
            customers: 0,
            spend: [:],
            revenue: [:],
            costPerLead: [:],
            costPerConfirmedLead: [:],
            revenuePerLead: [:],
            returnOnSpend: nil
        )
        return [
            ROIReport.SourceRow(source: "facebook", medium: "cpc", campaign: "spring", row: facebook),
            ROIReport.SourceRow(source: "facebook", medium: "social", campaign: "quiz-share", row: shares),
            ROIReport.SourceRow(source: "linkedin", medium: "social", campaign: "employees", row: linkedin),
            ROIReport.SourceRow(source: "", medium: "", campaign: "", row: direct),
        ]
    }

    static var expectedSegments: [ROIReport.SegmentRow] {
        [
            ROIReport.SegmentRow(segment: "driver", leads: 3, confirmedLeads: 2, customers: 1, revenue: ["EUR": 1200]),
            ROIReport.SegmentRow(segment: "iron"),
            ROIReport.SegmentRow(segment: "wedge"),
            ROIReport.SegmentRow(segment: "putter", leads: 5, confirmedLeads: 5, customers: 2, revenue: ["EUR": 300, "PLN": 500]),
        ]
    }

    static var expectedPeople: [PersonCount] {
        var krysia = PersonCount(ref: "krysia", name: "Krysia", team: "Warehouse")
        (krysia.views, krysia.completions, krysia.leads, krysia.confirmedLeads, krysia.customers) = (3, 2, 2, 2, 1)
        (krysia.revenue, krysia.leadsFromShares) = (["PLN": 500], 1)
        var tomek = PersonCount(ref: "tomek", name: "Tomek")
        (tomek.views, tomek.completions, tomek.leads, tomek.confirmedLeads) = (2, 1, 1, 1)
        return [krysia, tomek, PersonCount(ref: "ola", name: "Ola", team: "Sales")]
    }

    static func stats(_ client: any TestClientProtocol) async throws -> FunnelStats {
        try decode(FunnelStats.self, from: try await client.admin("/api/admin/quizzes/golf-club/stats"))
    }

    @Test func theMonthsReportCountsEveryFigureExactly() async throws {
        var service = try TestService(optIn: nil)
        service.refs = Self.refs
        try await service.withClient { client in
            _ = try await Self.playMonth(client)

            let stats = try await Self.stats(client)

            #expect(stats.roi.total == Self.expectedROI.total)
            #expect(stats.roi.sources == Self.expectedROI.sources)
            #expect(stats.roi.segments == Self.expectedROI.segments)
            #expect(stats.people == Self.expectedPeople)
            #expect(stats.sharing.views == 3 && stats.sharing.completions == 2 && stats.sharing.leads == 2)
            #expect(stats.sharing.leadsThatShared == 2 && stats.sharing.growthFactor == 1)
            let driver = try #require(stats.sharing.segments.first { $0.segment == "driver" }).figures
            let putter = try #require(stats.sharing.segments.first { $0.segment == "putter" }).figures
            let driverFigures: [Int] = [driver.views, driver.completions, driver.leads, driver.leadsThatShared]
            let putterFigures: [Int] = [putter.views, putter.completions, putter.leads, putter.leadsThatShared]
            #expect(driverFigures == [1, 1, 1, 1])
            #expect(putterFigures == [2, 1, 1, 1])
            #expect(stats.sharing.days.count == 30)
            #expect(stats.sharing.days.last == SharingReport.Day(day: Self.day(0), views: 3, completions: 2, leads: 2))

            let raw = String(buffer: try await client.admin("/api/admin/quizzes/golf-club/stats").body)
            #expect(raw.contains(#""team":null"#), "a person without a team says so")

            // Re-importing the month changes nothing.
            let again = try await Self.upload(client, "/api/admin/spend", csv: Self.spendCSV)
            #expect(try decode(SpendAPITests.Summary.self, from: again) == .init(rows: 37, added: 0, replaced: 0, unchanged: 37))
            #expect(try await Self.stats(client).roi == stats.roi)
        }
    }

    @Test func theCSVAndTheCommandLineGiveTheSameFigures() async throws {
        var service = try TestService(optIn: nil)
        service.refs = Self.refs
        let quizzes = service.folder.appendingPathComponent("Quizzes")
        try FileManager.default.createDirectory(at: quizzes, withIntermediateDirectories: true)
        for file in ["golf-club.json", "social-seller.json"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Quizzes/\(file)"), to: quizzes.appendingPathComponent(file))
        }
        try Data(#"{"krysia": {"name": "Krysia", "team": "Warehouse"}, "tomek": {"name": "Tomek"}, "ola": {"name": "Ola", "team": "Sales"}}"#.utf8)
            .write(to: quizzes.appendingPathComponent("Refs.json"))
        let csv = try await service.withClient { client in
            _ = try await Self.playMonth(client)
            let response = try await client.admin("/api/admin/quizzes/golf-club/report.csv")
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            return String(buffer: response.body)
        }
        let lines = csvLines(csv)
        #expect(lines.first == ReportCSV.header.joined(separator: ","))
        #expect(lines.contains("total,,,,,,,,EUR,,,8,7,3,300,1500,37.5,42.857143,187.5,5,,,"))
        #expect(lines.contains("total,,,,,,,,PLN,,,8,7,3,200,500,25,28.571429,62.5,2.5,,,"))
        #expect(lines.contains("source,facebook,cpc,spring,,,,,EUR,,,3,2,1,300,1200,100,150,400,4,,,"))
        #expect(lines.contains("source,facebook,social,quiz-share,,,,,EUR,,,2,2,1,,300,,,150,,,,"))
        #expect(lines.contains("source,,,,,,,,,,,1,1,0,,,,,,,,,"))
        #expect(lines.contains("segment,,,,putter,,,,PLN,,,5,5,2,,500,,,,,,,"))
        #expect(lines.contains("person,,,,,krysia,Krysia,Warehouse,PLN,3,2,2,2,1,,500,,,,,1,,"))
        #expect(lines.contains("person,,,,,ola,Ola,Sales,,0,0,0,0,0,,,,,,,0,,"))
        #expect(lines.contains("sharing,,,,,,,,,3,2,2,,,,,,,,,,2,1"))
        #expect(lines.contains("sharing,,,,putter,,,,,2,1,1,,,,,,,,,,1,1"))

        let database = try await service.databaseArgument()
        let fromCommand = try await runQuizfunnel(["stats", "--quiz", "golf-club", "--database", database, "--quizzes", quizzes.path, "--csv"])
        #expect(fromCommand.status == 0, "\(fromCommand.errors)")
        #expect(fromCommand.output == csv)
        let table = try await runQuizfunnel(["stats", "--quiz", "golf-club", "--database", database, "--quizzes", quizzes.path])
        let rows = table.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.contains("facebook cpc spring 300 EUR 3 2 100 EUR 150 EUR 1 1200 EUR 400 EUR 4 EUR"))
        #expect(
            rows.contains(
                "total 300 EUR, 200 PLN 8 7 37.5 EUR, 25 PLN 42.857143 EUR, 28.571429 PLN 3 1500 EUR, 500 PLN 187.5 EUR, 62.5 PLN 5 EUR, 2.5 PLN"
            )
        )
        #expect(rows.contains("krysia Krysia Warehouse 3 2 2 2 1 500 PLN 1"))
    }

    @Test func aConversionNamesALeadThatExistsOrNothingIsStored() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com")
            let unknown = try await Self.postConversions(
                client,
                #"[{"email": "anna@example.com", "value": 10, "currency": "EUR"}, {"lead": 987654, "value": 5, "currency": "EUR"}]"#
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(try errorMessage(unknown) == "[1].lead: there is no lead 987654 (never one, or erased)")
            let nobody = try await Self.postConversions(client, #"{"email": "nobody@example.com", "value": 10, "currency": "EUR"}"#)
            #expect(try errorMessage(nobody) == "email: no lead has this address (never one, or erased)")
            let badCSV = try await Self.upload(client, "/api/admin/conversions", csv: "email,value,currency\nanna@example.com,12.5O,EUR\n")
            #expect(
                try errorMessage(badCSV) == "line 2, column value: \"12.5O\" is not an amount such as 1200.50 (no thousands separators, not negative)"
            )
            #expect(try await client.execute(uri: "/api/admin/conversions", method: .post, body: ByteBuffer(string: "{}")).status == .unauthorized)
        }
        #expect(try await service.count("conversion") == 0)
    }

    @Test func aConversionIsShownToThePersonAndErasedWithThem() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com")
            let stored = try await Self.postConversions(
                client,
                #"{"email": "Anna@example.com", "value": 1200.5, "currency": "EUR", "at": "2026-11-20T09:30:00Z", "id": "deal-7"}"#
            )
            #expect(stored.status == .ok)

            let person = String(buffer: try await client.admin("/api/admin/leads/anna@example.com").body)
            #expect(person.contains(#""conversions":[{"#))
            #expect(person.contains(#""id":"deal-7""#) && person.contains(#""value":1200.5"#) && person.contains(#""at":"2026-11-20T09:30:00Z""#))
            let leadID = try #require(try await service.texts("SELECT CAST(id AS TEXT) FROM lead").first ?? nil)

            let erased = try await client.admin("/api/admin/leads/anna@example.com", method: .delete)
            #expect(String(buffer: erased.body).contains(#""conversions":1"#))
            let refused = try await Self.postConversions(client, #"{"lead": \#(leadID), "value": 1, "currency": "EUR"}"#)
            #expect(try errorMessage(refused) == "lead: there is no lead \(leadID) (never one, or erased)")
        }
        #expect(try await service.count("conversion") == 0)
    }

    @Test func theCommandRecordsConversionsToo() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com")
        }
        let file = service.folder.appendingPathComponent("deals.csv")
        try Data("email;value;currency;id\nanna@example.com;1200,50;EUR;deal-1\n".utf8).write(to: file)
        let broken = service.folder.appendingPathComponent("broken.csv")
        try Data("email,value,currency\nanna@example.com,10,EUR\nbob@example.com,10,EUR\n".utf8).write(to: broken)
        let database = try await service.databaseArgument()

        let recorded = try await runQuizfunnel(["conversions", "import", "--database", database, file.path])
        let again = try await runQuizfunnel(["conversions", "import", "--database", database, file.path])
        let refused = try await runQuizfunnel(["conversions", "import", "--database", database, broken.path])

        #expect(recorded.status == 0, "\(recorded.errors)")
        #expect(recorded.output == "1 conversions: 1 added, 0 replaced, 0 unchanged\n")
        #expect(again.output == "1 conversions: 0 added, 0 replaced, 1 unchanged\n")
        #expect(refused.status == 1)
        #expect(refused.errors.contains("line 3, column email: no lead has this address (never one, or erased). Nothing was recorded."))
        #expect(try await service.count("conversion") == 1)
    }
}
