extension PostgresMigrations {
    /// The migrations from A/B variants on, after `measurement`, with the same names as SQLite's.
    static let experiments: [Migration] = [
        Migration(
            name: "addVariants",
            statements: [
                // The variant a player was shown, on the result and its lead; the ad networks' click ids of the landing
                // URL; and the experiment's counters, a row per quiz, variant, day and funnel step.
                "ALTER TABLE result ADD COLUMN variant text, ADD COLUMN fbclid text, ADD COLUMN gclid text",
                "ALTER TABLE lead ADD COLUMN variant text",
                """
                CREATE TABLE "variantCount" (
                    "quizID" text NOT NULL, variant text NOT NULL, day text NOT NULL, metric text NOT NULL, value bigint NOT NULL,
                    PRIMARY KEY ("quizID", variant, day, metric)
                )
                """,
            ]
        ),
        Migration(
            name: "addAdMeasurementConsent",
            statements: [
                // Whether a lead's consent text covered ad measurement (and personalisation), which alone lets its
                // conversion go to ad platforms; and the play's user agent and IP, kept only where those carry them.
                """
                ALTER TABLE lead ADD COLUMN "consentAdMeasurement" boolean NOT NULL DEFAULT false,
                    ADD COLUMN "consentAdPersonalization" boolean NOT NULL DEFAULT false,
                    ADD COLUMN "adClientUserAgent" text, ADD COLUMN "adClientIP" text
                """
            ]
        ),
        Migration(
            name: "indexQueuedMailsOnly",
            statements: [
                // Delivery looks for queued mails only; held and sent ones need no entry.
                #"DROP INDEX "mail_on_state_nextAttemptAt""#,
                #"CREATE INDEX "mail_due" ON mail ("nextAttemptAt") WHERE state = 'queued'"#,
            ]
        ),
    ]
}
