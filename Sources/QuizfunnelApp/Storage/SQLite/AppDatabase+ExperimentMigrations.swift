import GRDB

extension AppDatabase {
    /// The migrations from A/B variants on (and every later one), in order after `registerConsentAndMailMigrations`. Never edit one that has
    /// shipped; add a new one.
    static func registerExperimentMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("addVariants") { db in
            // The variant a player was shown, on the result and its lead; the ad networks' click ids of the landing URL;
            // and the experiment's counters, a row per quiz, variant, day and funnel step.
            try db.alter(table: "result") { table in
                table.add(column: "variant", .text)
                table.add(column: "fbclid", .text)
                table.add(column: "gclid", .text)
            }
            try db.alter(table: "lead") { table in
                table.add(column: "variant", .text)
            }
            try db.execute(
                sql: """
                    CREATE TABLE variantCount (
                        quizID TEXT NOT NULL, variant TEXT NOT NULL, day TEXT NOT NULL, metric TEXT NOT NULL, value INTEGER NOT NULL,
                        PRIMARY KEY (quizID, variant, day, metric)
                    )
                    """
            )
        }

        migrator.registerMigration("addAdMeasurementConsent") { db in
            // Whether a lead's consent text covered ad measurement (and personalisation), which alone lets its
            // conversion go to ad platforms; and the play's user agent and IP, kept only where those carry them.
            try db.alter(table: "lead") { table in
                table.add(column: "consentAdMeasurement", .boolean).notNull().defaults(to: false)
                table.add(column: "consentAdPersonalization", .boolean).notNull().defaults(to: false)
                table.add(column: "adClientUserAgent", .text)
                table.add(column: "adClientIP", .text)
            }
        }

        migrator.registerMigration("indexQueuedMailsOnly") { db in
            // Delivery looks for queued mails only. A held mail (every lead's, without an SMTP server) or a sent one took
            // an entry in the old index all the same: one more B-tree write per lead, and an index that only grew.
            try db.execute(sql: "DROP INDEX mail_on_state_nextAttemptAt")
            try db.execute(sql: "CREATE INDEX mail_due ON mail(nextAttemptAt) WHERE state = 'queued'")
        }
    }
}
