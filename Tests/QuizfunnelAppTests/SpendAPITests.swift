import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST` and `GET /api/admin/spend`, and `quizfunnel spend`: a month of spend for two campaigns in two currencies,
/// imported again every day without changing anything, and a bad line that stores nothing.
@Suite struct SpendAPITests {
    struct Summary: Decodable, Equatable {
        var rows: Int
        var added: Int
        var replaced: Int
        var unchanged: Int
    }

    struct Held: Decodable, Equatable {
        var date: String
        var expenses: Double
        var currency: String
        var utmSource: String
        var utmMedium: String
        var utmCampaign: String
        var quiz: String
    }

    /// November: a Facebook campaign in euros every day, a LinkedIn one in zloty on weekdays of the first week.
    static var month: String {
        var lines = ["Date;Expenses;Currency;UTMSource;UTMMedium;UTMCampaign;Quiz"]
        for day in 1...30 {
            lines.append(String(format: "2026-11-%02d;12,50;EUR;facebook;cpc;spring;golf-club", day))
        }
        for day in 2...6 {
            lines.append(String(format: "2026-11-%02d;40;PLN;linkedin;social;employees;", day))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func upload(_ client: any TestClientProtocol, csv: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/admin/spend",
            method: .post,
            headers: [.authorization: "Bearer \(TestService.adminToken)", .contentType: "text/csv; charset=utf-8"],
            body: ByteBuffer(string: csv)
        )
    }

    @Test func aMonthImportedAgainChangesNothingAndACorrectedDayIsReplaced() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let first = try decode(Summary.self, from: try await Self.upload(client, csv: Self.month))
            let again = try decode(Summary.self, from: try await Self.upload(client, csv: Self.month))
            let corrected = Self.month.replacingOccurrences(of: "2026-11-03;40;PLN", with: "2026-11-03;55,25;PLN")
            let fixed = try decode(Summary.self, from: try await Self.upload(client, csv: corrected))

            #expect(first == Summary(rows: 35, added: 35, replaced: 0, unchanged: 0))
            #expect(again == Summary(rows: 35, added: 0, replaced: 0, unchanged: 35))
            #expect(fixed == Summary(rows: 35, added: 0, replaced: 1, unchanged: 34))

            let held = try decode([Held].self, from: try await client.admin("/api/admin/spend?from=2026-11-03&to=2026-11-03"))
            #expect(
                held == [
                    Held(
                        date: "2026-11-03",
                        expenses: 12.5,
                        currency: "EUR",
                        utmSource: "facebook",
                        utmMedium: "cpc",
                        utmCampaign: "spring",
                        quiz: "golf-club"
                    ),
                    Held(
                        date: "2026-11-03",
                        expenses: 55.25,
                        currency: "PLN",
                        utmSource: "linkedin",
                        utmMedium: "social",
                        utmCampaign: "employees",
                        quiz: ""
                    ),
                ]
            )
        }
        #expect(try await service.count("spend") == 35)
    }

    @Test func oneBadLineStoresNothing() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let broken = Self.month.replacingOccurrences(of: "2026-11-17;12,50;EUR", with: "2026-11-17;12,5O;EUR")

            let response = try await Self.upload(client, csv: broken)

            #expect(response.status == .unprocessableContent)
            #expect(
                try errorMessage(response)
                    == "line 18, column Expenses: \"12,5O\" is not an amount such as 120.50 (no thousands separators, not negative)"
            )
        }
        #expect(try await service.count("spend") == 0)
    }

    @Test func jsonRowsAreTakenTooAndTheRoutesNeedTheToken() async throws {
        try await TestService().withClient { client in
            let json = #"[{"date": "2026-11-01", "expenses": 99.9, "currency": "EUR", "utmSource": "newsletter"}]"#
            let response = try await client.execute(
                uri: "/api/admin/spend",
                method: .post,
                headers: [.authorization: "Bearer \(TestService.adminToken)", .contentType: "application/json"],
                body: ByteBuffer(string: json)
            )
            #expect(try decode(Summary.self, from: response) == Summary(rows: 1, added: 1, replaced: 0, unchanged: 0))

            let anonymous = try await client.execute(uri: "/api/admin/spend", method: .post, body: ByteBuffer(string: json))
            #expect(anonymous.status == .unauthorized)
            #expect(try await client.execute(uri: "/api/admin/spend", method: .get).status == .unauthorized)
        }
    }

    @Test func theCommandImportsAndListsTheSame() async throws {
        let service = try TestService()
        let file = service.folder.appendingPathComponent("november.csv")
        try Data(Self.month.utf8).write(to: file)
        let database = try await service.databaseArgument()

        let imported = try await runQuizfunnel(["spend", "import", "--database", database, file.path])
        let again = try await runQuizfunnel(["spend", "import", "--database", database, file.path])
        let listed = try await runQuizfunnel(["spend", "list", "--database", database, "--from", "2026-11-30", "--to", "2026-11-30"])
        let broken = service.folder.appendingPathComponent("broken.csv")
        try Data("Date,Expenses,Currency,UTMSource\n2026-11-01,1,EUR,x,\n2026-11-02,1,EURO,x\n".utf8).write(to: broken)
        let refused = try await runQuizfunnel(["spend", "import", "--database", database, broken.path])

        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output == "35 rows: 35 added, 0 replaced, 0 unchanged\n")
        #expect(again.output == "35 rows: 0 added, 0 replaced, 35 unchanged\n")
        #expect(
            listed.output == "Date,Expenses,Currency,UTMSource,UTMMedium,UTMCampaign,Quiz\r\n2026-11-30,12.5,EUR,facebook,cpc,spring,golf-club\r\n"
        )
        #expect(refused.status == 1)
        #expect(refused.errors.contains("line 3, column Currency: \"EURO\" is not a currency code such as EUR. Nothing was imported."))
        #expect(try await service.count("spend") == 35)
    }
}
