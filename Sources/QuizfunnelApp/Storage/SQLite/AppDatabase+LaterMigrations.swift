import Foundation
import GRDB

extension AppDatabase {
    /// The migrations from the consent proof on (consent texts, withdrawal, double opt-in and the mail outbox, storage
    /// probes, outbox leases), in order after `migrator`'s first ones. Never edit one that has shipped; add a new one.
    static func registerConsentAndMailMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("addConsentProofAndWithdrawal") { db in
            // The proof of each opt-in (which text, how, where) and the means to withdraw it.
            try db.alter(table: "lead") { table in
                table.add(column: "consentTextSHA256", .text).notNull().defaults(to: "")
                table.add(column: "consentMethod", .text).notNull().defaults(to: "checkbox")
                table.add(column: "consentOrigin", .text)
                table.add(column: "emailHash", .text).notNull().defaults(to: "")
                table.add(column: "unsubscribeToken", .text)
                table.add(column: "unsubscribedAt", .datetime)
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, emailKey, consentText FROM lead") {
                try db.execute(
                    sql: "UPDATE lead SET consentTextSHA256 = ?, emailHash = ?, unsubscribeToken = ? WHERE id = ?",
                    arguments: [Digest.sha256(row["consentText"]), Digest.emailHash(key: row["emailKey"]), UnsubscribeToken.make(), row["id"]]
                )
            }
            try db.create(index: "lead_on_unsubscribeToken", on: "lead", columns: ["unsubscribeToken"], unique: true)
            try db.create(index: "lead_on_emailHash", on: "lead", columns: ["emailHash"])

            // Every consent text ever shown, by quiz, version, locale and digest, so the words a person saw can be
            // printed after the quiz file has changed.
            try db.create(table: "consentText") { table in
                table.column("quizID", .text).notNull()
                table.column("version", .text).notNull()
                table.column("locale", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("text", .text).notNull()
                table.column("firstSeenAt", .datetime).notNull()
                table.primaryKey(["quizID", "version", "locale", "sha256"])
            }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO consentText (quizID, version, locale, sha256, text, firstSeenAt)
                    SELECT quizID, consentVersion, consentLocale, consentTextSHA256, consentText, MIN(consentedAt)
                    FROM lead GROUP BY quizID, consentVersion, consentLocale, consentTextSHA256
                    """
            )

            // Addresses that withdrew (or were erased), as SHA-256 only: a lead whose consent is older than its
            // address's entry here is never exported as subscribed.
            try db.create(table: "suppression") { table in
                table.primaryKey("emailHash", .text)
                table.column("reason", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }

            // Which person an outbox event is about, so erasure can remove the copies waiting to be sent.
            try db.alter(table: "webhookEvent") { table in
                table.add(column: "subject", .text)
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, body FROM webhookEvent") {
                let body: Data = row["body"]
                struct Envelope: Decodable {
                    struct Lead: Decodable { var email: String }
                    var lead: Lead
                }
                guard let email = try? JSONDecoder().decode(Envelope.self, from: body).lead.email else { continue }
                try db.execute(
                    sql: "UPDATE webhookEvent SET subject = ? WHERE id = ?",
                    arguments: [Digest.emailHash(key: email.lowercased()), row["id"]]
                )
            }
            try db.create(index: "webhookEvent_on_subject", on: "webhookEvent", columns: ["subject"])
        }

        migrator.registerMigration("dropLeadEmailHashIndex") { db in
            // Person look-ups go through the (quizID, emailKey) index (`LeadRecord.ofAddress`); this one cost every
            // new lead a page written at a random place.
            try db.drop(index: "lead_on_emailHash")
        }

        migrator.registerMigration("addDoubleOptInAndMailOutbox") { db in
            // The confirmation that proves an address belongs to the person who ticked the box (double opt-in).
            try db.alter(table: "lead") { table in
                table.add(column: "confirmedAt", .datetime)
                table.add(column: "confirmationTokenID", .integer)
                table.add(column: "confirmingIP", .text)
                table.add(column: "confirmingUserAgent", .text)
            }
            // Only a token's SHA-256 is kept; its id goes into the consent proof of the lead it confirmed. The ids count
            // up, so that only the digest's index takes an entry at a random place for each link.
            try db.create(table: "confirmationToken") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("leadID", .integer).notNull().references("lead", onDelete: .cascade)
                table.column("tokenSHA256", .text).notNull().unique()
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull()
            }
            try db.create(index: "confirmationToken_on_leadID", on: "confirmationToken", columns: ["leadID"])
            // One row per mail, written in the transaction of the change that causes it, like the webhook outbox.
            try db.create(table: "mail") { table in
                table.autoIncrementedPrimaryKey("id")
                // Random and 128 bits long: unique without an index, which would take each mail a page at a random place.
                table.column("messageID", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("quizID", .text).notNull()
                table.column("leadID", .integer).notNull().references("lead", onDelete: .cascade)
                // The link's secret of a confirmation mail, until the mail is sent or given up (the token table keeps
                // only its digest).
                table.column("confirmationToken", .text)
                table.column("state", .text).notNull()
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.column("createdAt", .datetime).notNull()
                table.column("nextAttemptAt", .datetime).notNull()
                table.column("giveUpAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.column("sentAt", .datetime)
                table.column("lastReply", .text)
            }
            try db.create(index: "mail_on_state_nextAttemptAt", on: "mail", columns: ["state", "nextAttemptAt"])
            try db.create(index: "mail_on_leadID", on: "mail", columns: ["leadID"])
            // The retention sweep finds pending leads without reading every lead; the entries are few and in id order.
            try db.execute(sql: "CREATE INDEX lead_pending ON lead(id) WHERE status = 'pending'")
        }

        migrator.registerMigration("indexWithdrawalLinksOfSubscribedAddressesOnly") { db in
            // A lead gets its withdrawal link when its address is first subscribed (at once under single opt-in, on
            // confirmation under double); a pending lead has none, and takes no entry in this index.
            try db.execute(sql: "DROP INDEX lead_on_unsubscribeToken")
            try db.execute(sql: "CREATE UNIQUE INDEX lead_on_unsubscribeToken ON lead(unsubscribeToken) WHERE unsubscribeToken IS NOT NULL")
        }

        migrator.registerMigration("createStorageProbe") { db in
            // `/readyz` writes and deletes a row here while a storage fault lasts, to learn when writes succeed again.
            try db.execute(sql: "CREATE TABLE storageProbe (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        }

        migrator.registerMigration("addOutboxLeases") { db in
            // Which instance claimed a due mail or event, and until when (PostgreSQL, several instances). One process
            // owns a SQLite file, so these stay empty here; the migration keeps both backends' lists the same.
            for table in ["mail", "webhookEvent"] {
                try db.alter(table: table) { table in
                    table.add(column: "leaseOwner", .text)
                    table.add(column: "leaseUntil", .datetime)
                }
            }
        }

        migrator.registerMigration("createAddressAllowance") { db in
            // The per-address limit's buckets, which several PostgreSQL instances share. One process owns a SQLite file
            // and holds them in memory, so the table stays empty here; the migration keeps both lists the same.
            try db.create(table: "addressAllowance") { table in
                table.primaryKey("emailHash", .text)
                table.column("tokens", .double).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("addResultTextsAndQuizVersion") { db in
            // Free answers to text questions, and the version of the quiz a result was scored against; the answers
            // export reads one quiz's results in time order.
            try db.alter(table: "result") { table in
                table.add(column: "texts", .jsonText)
                table.add(column: "quizVersion", .text)
            }
            try db.create(index: "result_on_quizID_createdAt", on: "result", columns: ["quizID", "createdAt", "id"])
        }

        migrator.registerMigration("createSpend") { db in
            // What campaigns cost, a row per day, source, medium, campaign and quiz ('' for every quiz), in millionths
            // of its currency so that sums are exact; an import replaces a row with the same key.
            try db.execute(
                sql: """
                    CREATE TABLE spend (
                        day TEXT NOT NULL, source TEXT NOT NULL, medium TEXT NOT NULL, campaign TEXT NOT NULL, quizID TEXT NOT NULL,
                        currency TEXT NOT NULL, amountMicros INTEGER NOT NULL, importedAt DATETIME NOT NULL,
                        PRIMARY KEY (day, source, medium, campaign, quizID)
                    )
                    """
            )
        }

        migrator.registerMigration("createConversion") { db in
            // What the CRM reported about leads: one row per conversion, or per CRM id (`externalID`) sent again; gone
            // with its lead. The report counts the leads of a quiz that arrived in a range of days.
            try db.execute(
                sql: """
                    CREATE TABLE conversion (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        externalID TEXT UNIQUE,
                        leadID INTEGER NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
                        amountMicros INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
                        at DATETIME NOT NULL, recordedAt DATETIME NOT NULL
                    )
                    """
            )
            try db.create(index: "conversion_on_leadID", on: "conversion", columns: ["leadID"])
            try db.create(index: "lead_on_quizID_createdAt", on: "lead", columns: ["quizID", "createdAt"])
        }
    }
}
