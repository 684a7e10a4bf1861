import Foundation
import GRDB
import QuizfunnelDomain

extension LeadRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "lead"

    public enum Columns {
        static let id = Field.id.column
        static let quizID = Field.quizID.column
        static let emailKey = Field.emailKey.column
        static let segmentID = Field.segmentID.column
        static let status = Field.status.column
        static let updatedAt = Field.updatedAt.column
        static let unsubscribeToken = Field.unsubscribeToken.column
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }

    /// The columns every lead query selects, in this order, so that `init(row:)` reads by position.
    enum Field: Int, CaseIterable {
        case id, quizID, emailKey, email, name, segmentID, resultID, consentVersion, consentText, consentLocale, consentedAt
        case consentTextSHA256, consentMethod, consentOrigin, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, ref
        case createdAt, updatedAt, status, emailHash, unsubscribeToken, unsubscribedAt
        case confirmedAt, confirmationTokenID, confirmingIP, confirmingUserAgent, variant
        case consentAdMeasurement, consentAdPersonalization, adClientUserAgent, adClientIP

        var column: Column { Column("\(self)") }
    }

    public static var databaseSelection: [any SQLSelectable] { Field.allCases.map(\.column) }

    /// Read by position rather than through `Decodable`: an export reads a million of these, and the keyed decoding
    /// container with its by-name column look-ups was a third of an export's time in the profile (see BENCHMARKS.md).
    public init(row: Row) throws {
        self.id = row[Field.id.rawValue]
        self.quizID = row[Field.quizID.rawValue]
        self.emailKey = row[Field.emailKey.rawValue]
        self.email = row[Field.email.rawValue]
        self.name = row[Field.name.rawValue]
        self.segmentID = row[Field.segmentID.rawValue]
        self.resultID = row[Field.resultID.rawValue]
        self.consentVersion = row[Field.consentVersion.rawValue]
        self.consentText = row[Field.consentText.rawValue]
        self.consentLocale = row[Field.consentLocale.rawValue]
        self.consentedAt = row[Field.consentedAt.rawValue]
        self.consentTextSHA256 = row[Field.consentTextSHA256.rawValue]
        self.consentMethod = row[Field.consentMethod.rawValue]
        self.consentOrigin = row[Field.consentOrigin.rawValue]
        self.utmSource = row[Field.utmSource.rawValue]
        self.utmMedium = row[Field.utmMedium.rawValue]
        self.utmCampaign = row[Field.utmCampaign.rawValue]
        self.utmTerm = row[Field.utmTerm.rawValue]
        self.utmContent = row[Field.utmContent.rawValue]
        self.ref = row[Field.ref.rawValue]
        self.createdAt = row[Field.createdAt.rawValue]
        self.updatedAt = row[Field.updatedAt.rawValue]
        let status: String = row[Field.status.rawValue]
        guard let known = LeadStatus(rawValue: status) else { throw RowDecodingError(column: "status", value: status) }
        self.status = known
        self.emailHash = row[Field.emailHash.rawValue]
        self.unsubscribeToken = row[Field.unsubscribeToken.rawValue]
        self.unsubscribedAt = row[Field.unsubscribedAt.rawValue]
        self.confirmedAt = row[Field.confirmedAt.rawValue]
        self.confirmationTokenID = row[Field.confirmationTokenID.rawValue]
        self.confirmingIP = row[Field.confirmingIP.rawValue]
        self.confirmingUserAgent = row[Field.confirmingUserAgent.rawValue]
        self.variant = row[Field.variant.rawValue]
        self.consentAdMeasurement = row[Field.consentAdMeasurement.rawValue]
        self.consentAdPersonalization = row[Field.consentAdPersonalization.rawValue]
        self.adClientUserAgent = row[Field.adClientUserAgent.rawValue]
        self.adClientIP = row[Field.adClientIP.rawValue]
    }
}

extension LeadRecord {
    /// The values of `Field.allCases`, in that order.
    private var databaseValues: [(any DatabaseValueConvertible)?] {
        [
            self.id, self.quizID, self.emailKey, self.email, self.name, self.segmentID, self.resultID, self.consentVersion,
            self.consentText, self.consentLocale, self.consentedAt.storedText, self.consentTextSHA256, self.consentMethod,
            self.consentOrigin, self.utmSource, self.utmMedium, self.utmCampaign, self.utmTerm, self.utmContent, self.ref,
            self.createdAt.storedText, self.updatedAt.storedText, self.status.rawValue, self.emailHash, self.unsubscribeToken,
            self.unsubscribedAt.map(\.storedText), self.confirmedAt.map(\.storedText), self.confirmationTokenID, self.confirmingIP,
            self.confirmingUserAgent, self.variant, self.consentAdMeasurement, self.consentAdPersonalization, self.adClientUserAgent,
            self.adClientIP,
        ]
    }

    /// Written column by column for the same reason as `init(row:)`: every lead request encodes one.
    public func encode(to container: inout PersistenceContainer) throws {
        for (field, value) in zip(Field.allCases, self.databaseValues) {
            container["\(field)"] = value
        }
    }

    /// Inserts the lead unless the quiz already has one for its address; returns false, changing nothing, when it has.
    ///
    /// Through a statement the connection keeps prepared, with the dates formatted by hand: GRDB's record insert builds
    /// its SQL and formats dates through `DateFormatter` for every call, which showed in the lead route's profile. The
    /// values are bound straight to SQLite: GRDB checks and copies each of a statement's arguments once it has more than
    /// twenty, and this one has 34 (see `SQLiteBinding` and BENCHMARKS.md).
    mutating func insertUnlessKnown(_ db: Database) throws -> Bool {
        let consented = self.consentedAt.storedText  // a new lead is created and updated when it consents
        let values: [String?] = [
            self.quizID, self.emailKey, self.email, self.name, self.segmentID, self.resultID, self.consentVersion,
            self.consentText, self.consentLocale, consented, self.consentTextSHA256, self.consentMethod,
            self.consentOrigin, self.utmSource, self.utmMedium, self.utmCampaign, self.utmTerm, self.utmContent, self.ref,
            self.createdAt.storedText(reusing: consented, of: self.consentedAt),
            self.updatedAt.storedText(reusing: consented, of: self.consentedAt), self.status.rawValue, self.emailHash,
            self.unsubscribeToken, self.unsubscribedAt.map(\.storedText), self.confirmedAt.map(\.storedText),
            self.confirmationTokenID.map(String.init),
            self.confirmingIP, self.confirmingUserAgent, self.variant, self.consentAdMeasurement ? "1" : "0",
            self.consentAdPersonalization ? "1" : "0", self.adClientUserAgent, self.adClientIP,
        ]
        let changes = try SQLiteBinding(db.cachedStatement(sql: Self.insertSQL), texts: values).execute()
        guard changes > 0 else { return false }
        self.id = db.lastInsertedRowID
        return true
    }

    private static let insertSQL: String = {
        let fields = Field.allCases.dropFirst()
        return "INSERT INTO lead (\(fields.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(fields.map { _ in "?" }.joined(separator: ", ")))"
            + " ON CONFLICT (quizID, emailKey) DO NOTHING"
    }()

    /// The quiz's lead for a lower-cased address, through a prepared statement kept by the connection.
    static func fetchOne(_ db: Database, quizID: String, emailKey: String) throws -> LeadRecord? {
        try LeadRecord.fetchOne(db.cachedStatement(sql: Self.selectByAddressSQL), arguments: [quizID, emailKey])
    }

    /// Every lead of the address with key `emailKey`, in every quiz.
    ///
    /// The unique index on (quizID, emailKey) answers this without an index of its own: the quizzes that have leads are
    /// walked one at a time through that index (a loose index scan, one step a quiz), and each is searched for the
    /// address. An index by address alone would put every new lead's entry at a random place, one more page written,
    /// synced and copied per lead (see BENCHMARKS.md).
    static func ofAddress(emailKey: String) -> QueryInterfaceRequest<LeadRecord> {
        LeadRecord.filter(sql: "quizID IN (\(Self.quizzesWithLeadsSQL)) AND emailKey = ?", arguments: [emailKey])
    }

    private static let quizzesWithLeadsSQL = """
        WITH RECURSIVE quiz(id) AS (
            SELECT MIN(quizID) FROM lead
            UNION ALL
            SELECT (SELECT MIN(quizID) FROM lead WHERE quizID > quiz.id) FROM quiz WHERE quiz.id IS NOT NULL
        )
        SELECT id FROM quiz WHERE id IS NOT NULL
        """

    private static let selectByAddressSQL =
        "SELECT \(Field.allCases.map { "\"\($0)\"" }.joined(separator: ", ")) FROM lead WHERE quizID = ? AND emailKey = ?"
}

/// A stored value this build does not know (a status written by a newer version, say).
struct RowDecodingError: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "Unexpected value \(self.value) in column \(self.column)" }
}
