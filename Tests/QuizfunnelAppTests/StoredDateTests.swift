import Foundation
import GRDB
import QuizfunnelDomain
import Testing

/// The lead insert writes its dates as text formatted by hand. It must be exactly the text GRDB writes for a `Date`,
/// or rows written before and after would sort and compare differently in every query on a date.
@Suite struct StoredDateTests {
    @Test func handFormattedDatesAreTheTextGRDBStores() throws {
        // The epoch, just before it, a leap day, the turn of a century, and fractions of a millisecond either way.
        let fixed: [Double] = [0, -0.001, 951_782_400.9999, 4_107_542_399.999_5, 1_795_000_000.123_456, -11_676_096_000]
        var generator = SplitMix64(seed: 20_261_123)
        let random = (0..<20_000).map { _ in
            Double(Int64.random(in: -11_676_096_000...253_402_300_799, using: &generator)) + Double.random(in: 0..<1, using: &generator)
        }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = String.fromDatabaseValue(date.databaseValue)
            #expect(Timestamp.sqlite(date) == expected, "\(seconds)")
        }
    }

    @Test func yearsTheFormatterLeavesToGRDBAreSaidSo() {
        #expect(Timestamp.sqlite(Date(timeIntervalSince1970: -12_000_000_000)) == nil, "1589 is before the Gregorian range")
    }
}
