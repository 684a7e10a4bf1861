extension PostgresMigrations {
    /// The migrations of ad spend and the CRM's conversions, after `first`, with the same names as SQLite's.
    static let measurement: [Migration] = [
        Migration(
            name: "createSpend",
            statements: [
                // What campaigns cost, a row per day, source, medium, campaign and quiz ('' for every quiz), in millionths of
                // its currency so that sums are exact; an import replaces a row with the same key.
                """
                CREATE TABLE spend (
                    day text NOT NULL, source text NOT NULL, medium text NOT NULL, campaign text NOT NULL, "quizID" text NOT NULL,
                    currency text NOT NULL, "amountMicros" bigint NOT NULL, "importedAt" timestamptz NOT NULL,
                    PRIMARY KEY (day, source, medium, campaign, "quizID")
                )
                """
            ]
        ),
        Migration(
            name: "createConversion",
            statements: [
                // What the CRM reported about leads: one row per conversion, or per CRM id ("externalID") sent again; gone
                // with its lead. The report counts the leads of a quiz that arrived in a range of days.
                """
                CREATE TABLE conversion (
                    id bigserial PRIMARY KEY,
                    "externalID" text UNIQUE,
                    "leadID" bigint NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
                    "amountMicros" bigint NOT NULL, currency text NOT NULL, status text NOT NULL,
                    at timestamptz NOT NULL, "recordedAt" timestamptz NOT NULL
                )
                """,
                #"CREATE INDEX "conversion_on_leadID" ON conversion ("leadID")"#,
                #"CREATE INDEX "lead_on_quizID_createdAt" ON lead ("quizID", "createdAt")"#,
            ]
        ),
    ]
}
