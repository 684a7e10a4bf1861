import Foundation
import GRDB
import QuizfunnelDomain

extension Date {
    /// This date as GRDB stores it, `2026-11-23 09:30:00.250` in UTC, formatted by hand (see `Timestamp.sqlite`) for
    /// the inserts every lead and result makes on the writer.
    var storedText: String {
        Timestamp.sqlite(self) ?? String.fromDatabaseValue(self.databaseValue)!
    }
}
