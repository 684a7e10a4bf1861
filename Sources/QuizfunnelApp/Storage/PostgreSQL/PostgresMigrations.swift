/// The PostgreSQL schema, as named migrations with the same names, in the same order, as SQLite's
/// (`AppDatabase.migrationNames`; a test holds them equal). Never edit one that has shipped; add a new one.
///
/// PostgreSQL support began after every migration below had shipped on SQLite, so a PostgreSQL database always starts
/// empty at `createResult`: the data the SQLite migrations fill in for rows of earlier versions (digests, withdrawal
/// tokens, outbox subjects) has no rows to fill here. Times are `timestamptz`; ids that count up are identity columns.
enum PostgresMigrations {
    struct Migration: Sendable {
        var name: String
        var statements: [String]
    }

    static let all: [Migration] = Self.first + Self.measurement + Self.experiments

    /// The migrations up to the answers' texts and quiz versions.
    static let first: [Migration] = [
        Migration(
            name: "createResult",
            statements: [
                """
                CREATE TABLE result (
                    id text PRIMARY KEY,
                    "quizID" text NOT NULL,
                    "segmentID" text NOT NULL,
                    answers jsonb NOT NULL,
                    locale text NOT NULL,
                    "utmSource" text, "utmMedium" text, "utmCampaign" text, "utmTerm" text, "utmContent" text,
                    ref text,
                    "createdAt" timestamptz NOT NULL
                )
                """
            ]
        ),
        Migration(
            name: "createLead",
            statements: [
                """
                CREATE TABLE lead (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "quizID" text NOT NULL,
                    "emailKey" text NOT NULL,
                    email text NOT NULL,
                    name text,
                    "segmentID" text NOT NULL,
                    "resultID" text NOT NULL REFERENCES result (id),
                    "consentVersion" text NOT NULL,
                    "consentText" text NOT NULL,
                    "consentLocale" text NOT NULL,
                    "consentedAt" timestamptz NOT NULL,
                    "utmSource" text, "utmMedium" text, "utmCampaign" text, "utmTerm" text, "utmContent" text,
                    ref text,
                    "createdAt" timestamptz NOT NULL,
                    "updatedAt" timestamptz NOT NULL,
                    UNIQUE ("quizID", "emailKey")
                )
                """,
                #"CREATE INDEX "lead_on_quizID_segmentID" ON lead ("quizID", "segmentID")"#,
            ]
        ),
        Migration(
            name: "addResultShareRef",
            statements: [
                #"ALTER TABLE result ADD COLUMN "shareRef" text"#,
                #"CREATE UNIQUE INDEX "result_on_shareRef" ON result ("shareRef")"#,
            ]
        ),
        Migration(
            name: "addLeadStatus",
            statements: [
                "ALTER TABLE lead ADD COLUMN status text NOT NULL DEFAULT 'subscribed'",
                #"CREATE INDEX "lead_on_updatedAt" ON lead ("updatedAt")"#,
            ]
        ),
        Migration(
            name: "createWebhookOutbox",
            statements: [
                """
                CREATE TABLE "webhookEvent" (
                    id text PRIMARY KEY,
                    endpoint text NOT NULL,
                    type text NOT NULL,
                    body bytea NOT NULL,
                    status text NOT NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    "createdAt" timestamptz NOT NULL,
                    "nextAttemptAt" timestamptz NOT NULL,
                    "deliveredAt" timestamptz
                )
                """,
                #"CREATE INDEX "webhookEvent_on_status_nextAttemptAt" ON "webhookEvent" (status, "nextAttemptAt")"#,
                """
                CREATE TABLE "webhookDelivery" (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "eventID" text NOT NULL REFERENCES "webhookEvent" (id) ON DELETE CASCADE,
                    endpoint text NOT NULL,
                    attempt integer NOT NULL,
                    "attemptedAt" timestamptz NOT NULL,
                    "statusCode" integer,
                    error text,
                    "durationMilliseconds" integer NOT NULL
                )
                """,
                #"CREATE INDEX "webhookDelivery_on_eventID" ON "webhookDelivery" ("eventID")"#,
                #"CREATE TABLE "webhookEndpoint" (url text PRIMARY KEY, "disabledAt" timestamptz NOT NULL)"#,
            ]
        ),
        Migration(
            name: "createFunnelCount",
            statements: [
                """
                CREATE TABLE "funnelCount" (
                    "quizID" text NOT NULL,
                    day text NOT NULL,
                    metric text NOT NULL,
                    locale text NOT NULL,
                    source text NOT NULL,
                    medium text NOT NULL,
                    campaign text NOT NULL,
                    ref text NOT NULL,
                    segment text NOT NULL,
                    network text NOT NULL,
                    question integer NOT NULL,
                    value bigint NOT NULL,
                    PRIMARY KEY ("quizID", day, metric, locale, source, medium, campaign, ref, segment, network, question)
                )
                """
            ]
        ),
        Migration(
            name: "addConsentProofAndWithdrawal",
            statements: [
                #"ALTER TABLE lead ADD COLUMN "consentTextSHA256" text NOT NULL DEFAULT ''"#,
                #"ALTER TABLE lead ADD COLUMN "consentMethod" text NOT NULL DEFAULT 'checkbox'"#,
                #"ALTER TABLE lead ADD COLUMN "consentOrigin" text"#,
                #"ALTER TABLE lead ADD COLUMN "emailHash" text NOT NULL DEFAULT ''"#,
                #"ALTER TABLE lead ADD COLUMN "unsubscribeToken" text"#,
                #"ALTER TABLE lead ADD COLUMN "unsubscribedAt" timestamptz"#,
                #"CREATE UNIQUE INDEX "lead_on_unsubscribeToken" ON lead ("unsubscribeToken")"#,
                #"CREATE INDEX "lead_on_emailHash" ON lead ("emailHash")"#,
                """
                CREATE TABLE "consentText" (
                    "quizID" text NOT NULL,
                    version text NOT NULL,
                    locale text NOT NULL,
                    sha256 text NOT NULL,
                    text text NOT NULL,
                    "firstSeenAt" timestamptz NOT NULL,
                    PRIMARY KEY ("quizID", version, locale, sha256)
                )
                """,
                #"CREATE TABLE suppression ("emailHash" text PRIMARY KEY, reason text NOT NULL, "createdAt" timestamptz NOT NULL)"#,
                #"ALTER TABLE "webhookEvent" ADD COLUMN subject text"#,
                #"CREATE INDEX "webhookEvent_on_subject" ON "webhookEvent" (subject)"#,
            ]
        ),
        Migration(
            name: "dropLeadEmailHashIndex",
            statements: [#"DROP INDEX "lead_on_emailHash""#]
        ),
        Migration(
            name: "addDoubleOptInAndMailOutbox",
            statements: [
                #"ALTER TABLE lead ADD COLUMN "confirmedAt" timestamptz"#,
                #"ALTER TABLE lead ADD COLUMN "confirmationTokenID" bigint"#,
                #"ALTER TABLE lead ADD COLUMN "confirmingIP" text"#,
                #"ALTER TABLE lead ADD COLUMN "confirmingUserAgent" text"#,
                """
                CREATE TABLE "confirmationToken" (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "leadID" bigint NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
                    "tokenSHA256" text NOT NULL UNIQUE,
                    "createdAt" timestamptz NOT NULL,
                    "expiresAt" timestamptz NOT NULL
                )
                """,
                #"CREATE INDEX "confirmationToken_on_leadID" ON "confirmationToken" ("leadID")"#,
                """
                CREATE TABLE mail (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    "messageID" text NOT NULL,
                    kind text NOT NULL,
                    "quizID" text NOT NULL,
                    "leadID" bigint NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
                    "confirmationToken" text,
                    state text NOT NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    "createdAt" timestamptz NOT NULL,
                    "nextAttemptAt" timestamptz NOT NULL,
                    "giveUpAt" timestamptz NOT NULL,
                    "updatedAt" timestamptz NOT NULL,
                    "sentAt" timestamptz,
                    "lastReply" text
                )
                """,
                #"CREATE INDEX "mail_on_state_nextAttemptAt" ON mail (state, "nextAttemptAt")"#,
                #"CREATE INDEX "mail_on_leadID" ON mail ("leadID")"#,
                "CREATE INDEX lead_pending ON lead (id) WHERE status = 'pending'",
            ]
        ),
        Migration(
            name: "indexWithdrawalLinksOfSubscribedAddressesOnly",
            statements: [
                #"DROP INDEX "lead_on_unsubscribeToken""#,
                #"CREATE UNIQUE INDEX "lead_on_unsubscribeToken" ON lead ("unsubscribeToken") WHERE "unsubscribeToken" IS NOT NULL"#,
            ]
        ),
        Migration(
            name: "createStorageProbe",
            statements: [#"CREATE TABLE "storageProbe" (id integer PRIMARY KEY, payload bytea NOT NULL)"#]
        ),
        Migration(
            name: "addOutboxLeases",
            statements: [
                // An instance claims due rows for a while (the database's clock), so that no other sends them meanwhile
                // and they come back if it dies.
                #"ALTER TABLE mail ADD COLUMN "leaseOwner" text, ADD COLUMN "leaseUntil" timestamptz"#,
                #"ALTER TABLE "webhookEvent" ADD COLUMN "leaseOwner" text, ADD COLUMN "leaseUntil" timestamptz"#,
            ]
        ),
        Migration(
            name: "createAddressAllowance",
            statements: [
                // The per-address limit's token buckets, shared by every instance (`PostgresAddressLimiter`).
                #"CREATE TABLE "addressAllowance" ("emailHash" text PRIMARY KEY, tokens float8 NOT NULL, "updatedAt" timestamptz NOT NULL)"#
            ]
        ),
        Migration(
            name: "addResultTextsAndQuizVersion",
            statements: [
                // Free answers to text questions, and the version of the quiz a result was scored against; the answers
                // export reads one quiz's results in time order.
                #"ALTER TABLE result ADD COLUMN texts jsonb, ADD COLUMN "quizVersion" text"#,
                #"CREATE INDEX "result_on_quizID_createdAt" ON result ("quizID", "createdAt", id)"#,
            ]
        ),
    ]

    static var names: [String] { Self.all.map(\.name) }
}
