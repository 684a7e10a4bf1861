import Foundation
import GRDB

extension AppDatabase {
    /// The names of the migrations, in the order they run.
    public static var migrationNames: [String] { Self.migrator.migrations }

    /// Opens (or creates) the file at `path` as the service would and applies the migrations it lacks, without
    /// serving; returns their names, in order (none when the schema is up to date).
    public static func migrate(path: String) throws -> [String] {
        let database = try AppDatabase.open(path: path, migrating: false)
        let applied = try database.writer.read { db in try Self.migrator.appliedIdentifiers(db) }
        try Self.migrator.migrate(database.writer)
        return Self.migrator.migrations.filter { !applied.contains($0) }
    }

    /// Named migrations: never edit one that has shipped; add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("createResult") { db in
            try db.create(table: "result") { table in
                table.primaryKey("id", .text)
                table.column("quizID", .text).notNull()
                table.column("segmentID", .text).notNull()
                table.column("answers", .jsonText).notNull()
                table.column("locale", .text).notNull()
                table.column("utmSource", .text)
                table.column("utmMedium", .text)
                table.column("utmCampaign", .text)
                table.column("utmTerm", .text)
                table.column("utmContent", .text)
                table.column("ref", .text)
                table.column("createdAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("createLead") { db in
            try db.create(table: "lead") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("quizID", .text).notNull()
                table.column("emailKey", .text).notNull()
                table.column("email", .text).notNull()
                table.column("name", .text)
                table.column("segmentID", .text).notNull()
                table.column("resultID", .text).notNull().references("result")
                table.column("consentVersion", .text).notNull()
                table.column("consentText", .text).notNull()
                table.column("consentLocale", .text).notNull()
                table.column("consentedAt", .datetime).notNull()
                table.column("utmSource", .text)
                table.column("utmMedium", .text)
                table.column("utmCampaign", .text)
                table.column("utmTerm", .text)
                table.column("utmContent", .text)
                table.column("ref", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.uniqueKey(["quizID", "emailKey"])
            }
            try db.create(index: "lead_on_quizID_segmentID", on: "lead", columns: ["quizID", "segmentID"])
        }

        migrator.registerMigration("addResultShareRef") { db in
            // The player's own ref code, carried by the links they share so leads from them are credited to them.
            try db.alter(table: "result") { table in
                table.add(column: "shareRef", .text)
            }
            try db.create(index: "result_on_shareRef", on: "result", columns: ["shareRef"], unique: true)
        }

        migrator.registerMigration("addLeadStatus") { db in
            try db.alter(table: "lead") { table in
                table.add(column: "status", .text).notNull().defaults(to: "subscribed")
            }
            // Incremental exports and the polling feed read leads by their last change.
            try db.create(index: "lead_on_updatedAt", on: "lead", columns: ["updatedAt"])
        }

        migrator.registerMigration("createWebhookOutbox") { db in
            // One row per event and endpoint, written in the lead's own transaction so no acknowledged lead is lost.
            try db.create(table: "webhookEvent") { table in
                table.primaryKey("id", .text)
                table.column("endpoint", .text).notNull()
                table.column("type", .text).notNull()
                table.column("body", .blob).notNull()
                table.column("status", .text).notNull()
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.column("createdAt", .datetime).notNull()
                table.column("nextAttemptAt", .datetime).notNull()
                table.column("deliveredAt", .datetime)
            }
            try db.create(index: "webhookEvent_on_status_nextAttemptAt", on: "webhookEvent", columns: ["status", "nextAttemptAt"])
            try db.create(table: "webhookDelivery") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("eventID", .text).notNull().references("webhookEvent", onDelete: .cascade)
                table.column("endpoint", .text).notNull()
                table.column("attempt", .integer).notNull()
                table.column("attemptedAt", .datetime).notNull()
                table.column("statusCode", .integer)
                table.column("error", .text)
                table.column("durationMilliseconds", .integer).notNull()
            }
            try db.create(index: "webhookDelivery_on_eventID", on: "webhookDelivery", columns: ["eventID"])
            // An endpoint that answered 410 Gone receives nothing more.
            try db.create(table: "webhookEndpoint") { table in
                table.primaryKey("url", .text)
                table.column("disabledAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("createFunnelCount") { db in
            // Counters, not one row per click: one row per quiz, day, metric and attribution cell.
            try db.create(table: "funnelCount") { table in
                table.column("quizID", .text).notNull()
                table.column("day", .text).notNull()
                table.column("metric", .text).notNull()
                table.column("locale", .text).notNull()
                table.column("source", .text).notNull()
                table.column("medium", .text).notNull()
                table.column("campaign", .text).notNull()
                table.column("ref", .text).notNull()
                table.column("segment", .text).notNull()
                table.column("network", .text).notNull()
                table.column("question", .integer).notNull()
                table.column("value", .integer).notNull()
                table.primaryKey(["quizID", "day", "metric", "locale", "source", "medium", "campaign", "ref", "segment", "network", "question"])
            }
        }

        Self.registerConsentAndMailMigrations(in: &migrator)
        Self.registerExperimentMigrations(in: &migrator)

        return migrator
    }
}
