import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@Suite struct ExportAPITests {
    @Test func theExportNeedsTheAdminToken() async throws {
        try await TestService().withClient { client in
            let missing = try await client.execute(uri: "/api/admin/leads.csv", method: .get)
            let wrong = try await client.execute(uri: "/api/admin/leads.csv", method: .get, headers: [.authorization: "Bearer nope"])
            let basic = try await client.execute(uri: "/api/admin/leads.csv", method: .get, headers: [.authorization: "Basic dGVzdA=="])

            for response in [missing, wrong, basic] {
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test func withNoTokenConfiguredEveryAdminRequestIsRefused() async throws {
        try await TestService().withClient(adminToken: nil) { client in
            let response = try await client.execute(uri: "/api/admin/leads.csv", method: .get, headers: [.authorization: "Bearer "])

            #expect(response.status == .unauthorized)
        }
    }

    @Test func exportsOneMailingListPerSegment() async throws {
        try await TestService().withClient { client in
            let driver = try await client.playGolf(GolfAnswers.driver, extra: ["utm": ["source": "x", "campaign": "launch"], "ref": "krysia"])
            let putter = try await client.playGolf(GolfAnswers.putter)
            _ = try await client.subscribe(resultID: driver.resultId, email: "drive@example.com", name: "Dee Driver")
            _ = try await client.subscribe(resultID: putter.resultId, email: "putt@example.com")

            let everything = csvLines(try await client.exportCSV())
            let drivers = csvLines(try await client.exportCSV(query: "?quiz=golf-club&segment=driver"))
            let sellers = csvLines(try await client.exportCSV(query: "?quiz=social-seller"))

            #expect(everything.count == 3)
            #expect(everything[0] + "\r\n" == LeadExportWriter().header())
            #expect(drivers.count == 2)
            #expect(drivers[1].hasPrefix("drive@example.com,Dee Driver,golf-club,driver,2026-11-23,\"Yes, email me golf tips"))
            #expect(drivers[1].contains(",en,"))
            #expect(drivers[1].contains(",x,,launch,,,krysia,"))
            #expect(sellers.count == 1)
        }
    }

    @Test func theExportIsADownloadableUTF8CSV() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(
                uri: "/api/admin/leads.csv?quiz=golf-club&segment=putter",
                method: .get,
                headers: [.authorization: "Bearer \(TestService.adminToken)"]
            )

            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"leads-golf-club-putter.csv\"")
        }
    }

    @Test func formulasAndMarkupInNamesAreNeutralised() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            _ = try await client.subscribe(resultID: result.resultId, email: "eve@example.com", name: "=HYPERLINK(\"http://evil\",\"x\")")

            let row = csvLines(try await client.exportCSV())[1]

            #expect(row.hasPrefix("eve@example.com,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",golf-club,"))
        }
    }

    @Test(arguments: [
        ("?quiz=croquet", "quiz: unknown quiz \"croquet\""),
        ("?quiz=golf-club&segment=connector", "segment: quiz \"golf-club\" has no segment \"connector\""),
        ("?segment=spoon", "segment: no quiz has a segment \"spoon\""),
    ])
    func unknownFiltersAre422(query: String, message: String) async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(
                uri: "/api/admin/leads.csv\(query)",
                method: .get,
                headers: [.authorization: "Bearer \(TestService.adminToken)"]
            )

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
    }

    @Test func aLargeExportStreamsEveryLeadOnce() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            // More leads than one export batch, so the keyset pagination is crossed several times.
            for index in 0..<2_500 {
                _ = try await client.subscribe(resultID: result.resultId, email: "player\(index)@example.com")
            }

            let lines = csvLines(try await client.exportCSV(query: "?segment=driver"))

            #expect(lines.count == 2_501)
            #expect(Set(lines.dropFirst().map { $0.prefix { $0 != "," } }).count == 2_500)
        }
    }
}
