import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

/// A write that fails for a reason outside the request (here a full disk: SQLite may add no page to the file) answers
/// 503 with `Retry-After`, never 201 and never a bare 500; `/readyz` turns 503; and the service recovers by itself when
/// the space is back, with every lead it acknowledged still there.
@Suite struct StorageFaultTests {
    @Test func aFullDiskAnswers503AndTheServiceRecoversByItself() async throws {
        let service = try TestService()
        try await service.withClient(backgroundWork: false) { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            let pages = try await service.database.writer.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                return pages
            }
            #expect(pages > 0)

            // Leads are taken while the file's free space lasts; the first that needs a new page is refused.
            var acknowledged: [String] = []
            var refusal: TestResponse?
            for number in 0..<2_000 where refusal == nil {
                let email = "full\(number)@example.com"
                let response = try await client.subscribe(resultID: result.resultId, email: email)
                if response.status == .created {
                    acknowledged.append(email)
                } else {
                    refusal = response
                }
            }
            let refused = try #require(refusal, "the file never filled up")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "5")
            #expect(!String(buffer: refused.body).contains("full"), "the answer names no SQL, path or fault")
            #expect(service.database.health.currentFault == .diskFull)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            #expect(try await client.subscribe(resultID: result.resultId, email: "later@example.com").status == .serviceUnavailable)

            // The space comes back: the next probe turns the service ready, and leads are taken again.
            try await service.database.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1073741823")
            }
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            #expect(service.database.health.currentFault == nil)
            #expect(try await client.subscribe(resultID: result.resultId, email: "later@example.com").status == .created)

            let exported = try await client.exportCSV()
            for email in acknowledged + ["later@example.com"] {
                #expect(exported.contains(email), "\(email) was answered 201")
            }
        }
    }
}
