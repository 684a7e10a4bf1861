extension CSVPreset {
    /// Mailchimp: `Email Address` is the only required column; segment and quiz become `Tags`; `OPTIN_TIME` as Mailchimp
    /// writes it. The subscription status is chosen in the import wizard, so export one status per file.
    public static let mailchimp = CSVPreset(
        columns: [
            CSVColumn("Email Address") { $0.email },
            CSVColumn("First Name") { PersonName(splitting: $0.name).first },
            CSVColumn("Last Name") { PersonName(splitting: $0.name).last },
            CSVColumn("Tags", Self.tags),
            CSVColumn("Language") { $0.consent.locale },
            CSVColumn("OPTIN_TIME") { Timestamp.dateTime($0.consent.consentedAt) },
            CSVColumn("Quiz") { $0.quizID },
            CSVColumn("Quiz Result") { $0.segmentID },
            CSVColumn("Consent Version") { $0.consent.version },
            CSVColumn("Consent Text") { $0.consent.text },
        ] + Self.attribution
    )

    /// HubSpot: `Email` is the deduplication key; custom properties `Quiz` and `Quiz Result`; dates as `YYYY-MM-DD`.
    public static let hubspot = CSVPreset(
        columns: [
            CSVColumn("Email") { $0.email },
            CSVColumn("First Name") { PersonName(splitting: $0.name).first },
            CSVColumn("Last Name") { PersonName(splitting: $0.name).last },
            CSVColumn("Lifecycle Stage") { _ in "subscriber" },
            CSVColumn("Quiz") { $0.quizID },
            CSVColumn("Quiz Result") { $0.segmentID },
            CSVColumn("Marketing Consent Date") { Timestamp.day($0.consent.consentedAt) },
            CSVColumn("Consent Version") { $0.consent.version },
            CSVColumn("Consent Text") { $0.consent.text },
            CSVColumn("Language") { $0.consent.locale },
        ] + Self.attribution
    )

    /// Salesforce Lead import: `Last Name` and `Company` are required (placeholder when unknown), `Email Opt Out` 0 may
    /// be emailed and 1 has opted out, `Lead Source` is `Quiz`.
    public static let salesforce = CSVPreset(
        columns: [
            CSVColumn("First Name") { PersonName(splitting: $0.name).first },
            CSVColumn("Last Name") { lead in
                let last = PersonName(splitting: lead.name).last
                return last.isEmpty ? Self.salesforcePlaceholder : last
            },
            CSVColumn("Email") { $0.email },
            CSVColumn("Company") { _ in Self.salesforcePlaceholder },
            CSVColumn("Lead Source") { _ in "Quiz" },
            CSVColumn("Email Opt Out") { $0.status == .subscribed ? "0" : "1" },
            CSVColumn("Description") { "Quiz \($0.quizID), result \($0.segmentID)" },
            CSVColumn("Quiz") { $0.quizID },
            CSVColumn("Quiz Result") { $0.segmentID },
            CSVColumn("Consent Date") { Timestamp.iso8601($0.consent.consentedAt) },
            CSVColumn("Consent Version") { $0.consent.version },
            CSVColumn("Consent Text") { $0.consent.text },
        ] + Self.attribution
    )

    /// Klaviyo: `Email` must come first; `Email Marketing Consent` is `Subscribed` or `Unsubscribed` with its timestamp.
    public static let klaviyo = CSVPreset(
        columns: [
            CSVColumn("Email") { $0.email },
            CSVColumn("First Name") { PersonName(splitting: $0.name).first },
            CSVColumn("Last Name") { PersonName(splitting: $0.name).last },
            CSVColumn("Email Marketing Consent") { $0.status == .subscribed ? "Subscribed" : "Unsubscribed" },
            CSVColumn("Email Marketing Consent Timestamp") { Timestamp.iso8601($0.consent.consentedAt) },
            CSVColumn("Quiz") { $0.quizID },
            CSVColumn("Quiz Result") { $0.segmentID },
            CSVColumn("Language") { $0.consent.locale },
            CSVColumn("Consent Version") { $0.consent.version },
            CSVColumn("Consent Text") { $0.consent.text },
        ] + Self.attribution
    )

    /// Brevo: attributes in capitals (create QUIZ, QUIZ_RESULT, OPT_IN_DATE, … in Brevo first); dates as `YYYY-MM-DD`.
    public static let brevo = CSVPreset(columns: [
        CSVColumn("EMAIL") { $0.email },
        CSVColumn("FIRSTNAME") { PersonName(splitting: $0.name).first },
        CSVColumn("LASTNAME") { PersonName(splitting: $0.name).last },
        CSVColumn("QUIZ") { $0.quizID },
        CSVColumn("QUIZ_RESULT") { $0.segmentID },
        CSVColumn("OPT_IN_DATE") { Timestamp.day($0.consent.consentedAt) },
        CSVColumn("CONSENT_VERSION") { $0.consent.version },
        CSVColumn("LANGUAGE") { $0.consent.locale },
        CSVColumn("UTM_SOURCE") { $0.utm.source ?? "" },
        CSVColumn("UTM_MEDIUM") { $0.utm.medium ?? "" },
        CSVColumn("UTM_CAMPAIGN") { $0.utm.campaign ?? "" },
        CSVColumn("REF") { $0.ref ?? "" },
    ])

    /// ActiveCampaign: `Tags` comma-separated; dates only as `YYYY-MM-DD` (anything else imports as 1899).
    public static let activeCampaign = CSVPreset(
        columns: [
            CSVColumn("Email") { $0.email },
            CSVColumn("First Name") { PersonName(splitting: $0.name).first },
            CSVColumn("Last Name") { PersonName(splitting: $0.name).last },
            CSVColumn("Tags", Self.tags),
            CSVColumn("Quiz") { $0.quizID },
            CSVColumn("Quiz Result") { $0.segmentID },
            CSVColumn("Opt-in Date") { Timestamp.day($0.consent.consentedAt) },
            CSVColumn("Consent Version") { $0.consent.version },
            CSVColumn("Language") { $0.consent.locale },
        ] + Self.attribution
    )
}
