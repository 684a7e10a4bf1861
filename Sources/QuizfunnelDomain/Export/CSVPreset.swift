/// One CSV column of an export: its header and how a lead fills it.
public struct CSVColumn: Sendable {
    public var name: String
    public var value: @Sendable (Lead) -> String

    public init(_ name: String, _ value: @escaping @Sendable (Lead) -> String) {
        self.name = name
        self.value = value
    }
}

/// The columns of one CRM's import file, named and filled the way its importer recognises without manual mapping.
/// See `../shared/reference/crm.md` and the README's export section for each CRM's rules.
public struct CSVPreset: Sendable {
    public var columns: [CSVColumn]

    /// Salesforce requires Last Name and Company on a Lead; a lead without them gets this documented placeholder.
    public static let salesforcePlaceholder = "[not provided]"

    /// The quiz and `quiz:segment` as tags, for CRMs that take one comma-separated `Tags` cell.
    static func tags(_ lead: Lead) -> String { "\(lead.quizID),\(lead.quizID):\(lead.segmentID)" }

    static let attribution: [CSVColumn] = [
        CSVColumn("UTM Source") { $0.utm.source ?? "" },
        CSVColumn("UTM Medium") { $0.utm.medium ?? "" },
        CSVColumn("UTM Campaign") { $0.utm.campaign ?? "" },
        CSVColumn("Ref") { $0.ref ?? "" },
    ]

    /// `email,name,quiz,segment`, then the consent record, UTM, `ref`, timestamps and status;
    /// the consent proof, the withdrawal link, the confirmation time and the variant come last so that earlier columns keep
    /// their places.
    public static let generic = CSVPreset(columns: [
        CSVColumn("email") { $0.email },
        CSVColumn("name") { $0.name ?? "" },
        CSVColumn("quiz") { $0.quizID },
        CSVColumn("segment") { $0.segmentID },
        CSVColumn("consent_version") { $0.consent.version },
        CSVColumn("consent_text") { $0.consent.text },
        CSVColumn("consent_locale") { $0.consent.locale },
        CSVColumn("consented_at") { Timestamp.iso8601($0.consent.consentedAt) },
        CSVColumn("utm_source") { $0.utm.source ?? "" },
        CSVColumn("utm_medium") { $0.utm.medium ?? "" },
        CSVColumn("utm_campaign") { $0.utm.campaign ?? "" },
        CSVColumn("utm_term") { $0.utm.term ?? "" },
        CSVColumn("utm_content") { $0.utm.content ?? "" },
        CSVColumn("ref") { $0.ref ?? "" },
        CSVColumn("created_at") { Timestamp.iso8601($0.createdAt) },
        CSVColumn("updated_at") { Timestamp.iso8601($0.updatedAt) },
        CSVColumn("status") { $0.status.rawValue },
        CSVColumn("consent_text_sha256") { $0.consent.textSHA256 },
        CSVColumn("consent_method") { $0.consent.method },
        CSVColumn("consent_origin") { $0.consent.origin ?? "" },
        CSVColumn("unsubscribe_url") { $0.unsubscribeURL ?? "" },
        CSVColumn("confirmed_at") { $0.consent.confirmedAt.map(Timestamp.iso8601) ?? "" },
        CSVColumn("variant") { $0.variant ?? "" },
    ])
}
