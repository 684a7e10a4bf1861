import Foundation
import GRDB
import QuizfunnelDomain

extension ResultRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "result"

    /// Inserts the result with `answersJSON` as its answers, through a statement the connection keeps prepared.
    ///
    /// GRDB's record insert encodes the answers with `JSONEncoder`, formats the date through `DateFormatter` and builds
    /// its SQL, all on the writer thread that every commit waits for: a tenth of the results route's time in its
    /// profile (see BENCHMARKS.md).
    func insert(_ db: Database, answersJSON: String) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: [
            self.id, self.quizID, self.segmentID, answersJSON, self.locale, self.utmSource, self.utmMedium, self.utmCampaign,
            self.utmTerm, self.utmContent, self.ref, self.createdAt.storedText, self.shareRef, self.textsJSON, self.quizVersion,
            self.variant, self.fbclid, self.gclid,
        ])
    }

    private static let insertSQL = """
        INSERT INTO result (id, quizID, segmentID, answers, locale, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, ref,
        createdAt, shareRef, texts, quizVersion, variant, fbclid, gclid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}

extension PlayedResult {
    private static let query = """
        SELECT id, segmentID, locale, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, ref, createdAt, variant, fbclid
        FROM result WHERE id = ? AND quizID = ?
        """

    /// The result `id` of `quizID`, or `nil`; read straight from SQLite, as the writer does for every lead.
    static func fetch(id: String, quizID: String, in db: Database) throws -> PlayedResult? {
        try SQLiteBinding(db.cachedStatement(sql: Self.query), texts: [id, quizID]).firstRow { columns in
            try PlayedResult(
                id: columns.requiredText(0),
                segmentID: columns.requiredText(1),
                locale: columns.requiredText(2),
                attribution: Attribution(
                    utm: UTM(
                        source: columns.text(3),
                        medium: columns.text(4),
                        campaign: columns.text(5),
                        term: columns.text(6),
                        content: columns.text(7)
                    ),
                    ref: columns.text(8)
                ),
                createdAt: columns.requiredDate(9),
                variant: columns.text(10),
                fbclid: columns.text(11)
            )
        }
    }
}
