import Foundation
import GRDB
import QuizfunnelDomain

extension Date {
    /// This date as GRDB stores it, `2026-11-23 09:30:00.250` in UTC, formatted by hand (see `Timestamp.sqlite`) for
    /// the inserts every lead and result makes on the writer.
    var storedText: String {
        Timestamp.sqlite(self) ?? String.fromDatabaseValue(self.databaseValue)!
    }

    /// `text`, the stored text of `other`, when this is the same time; else this date's own. A new row's times are
    /// mostly one: written out once, not once a column.
    func storedText(reusing text: String, of other: Date) -> String {
        self == other ? text : self.storedText
    }
}
