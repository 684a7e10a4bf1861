import Foundation
import GRDB
import Testing

@testable import QuizfunnelApp

/// Backups are consistent while the service writes, and a damaged file is refused at start-up.
@Suite struct BackupTests {
    @Test func aBackupTakenDuringWritesIsCompleteAndRestores() async throws {
        let service = try TestService()
        let backup = service.folder.appendingPathComponent("backup.sqlite").path
        try await service.withClient { client in
            for index in 0..<20 { try await client.playAndSubscribe("before\(index)@example.com") }
            // Writes go on while the command copies.
            async let writes: Void = {
                for index in 0..<40 { try await client.playAndSubscribe("during\(index)@example.com") }
            }()
            let run = try await runQuizfunnel(["backup", "--database", service.databasePath, "--output", backup])
            try await writes

            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("integrity_check ok"))
        }
        // Restore: the copy opens as a database with every lead committed before the copy began.
        let restored = try AppDatabase.open(path: backup)
        let emails = try await restored.writer.read { db in try String.fetchAll(db, sql: "SELECT email FROM lead") }
        #expect(Set((0..<20).map { "before\($0)@example.com" }).isSubset(of: Set(emails)))
        #expect(try await restored.integrityProblems().isEmpty)
        let export = try await runQuizfunnel(["export", "--database", backup])
        #expect(export.status == 0 && export.output.contains("before19@example.com"))
    }

    @Test func serveRefusesADamagedDatabaseAndSaysHowToRestore() async throws {
        let service = try TestService()
        try await service.withClient { client in
            for index in 0..<300 { try await client.playAndSubscribe("lead\(index)@example.com") }
        }
        try await service.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        // Scribble over the middle of the file, where the lead table's pages are.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: service.databasePath))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 8192))
        try handle.close()

        let run = try await runQuizfunnel(["serve", "--database", service.databasePath, "--port", "0"])

        #expect(run.status == 65)
        #expect(run.errors.contains("\(service.databasePath) is damaged"))
        #expect(run.errors.contains("restore the latest backup"))
    }
}
