import Foundation
import QuizfunnelDomain
import Testing

@Suite struct TimestampTests {
    private static let formatStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    @Test func writesWhatTheISO8601FormatStyleWrites() {
        // Leap days, the turn of centuries, the epoch, before it, and fractions of a second that must be cut, not rounded.
        let fixed = ["1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2000-02-29T12:00:00Z", "2100-03-01T00:00:00Z",
                     "2024-02-29T23:59:59Z", "1900-02-28T08:30:15Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
        for text in fixed {
            let date = try! Self.formatStyle.parse(text)
            #expect(Timestamp.iso8601(date) == text)
            #expect(Timestamp.iso8601(date.addingTimeInterval(0.999)) == text)
        }
        var generator = SplitMix64(seed: 20261123)
        for _ in 0..<20_000 {
            // Any second from year 1500 to 9999, and a fraction.
            let seconds = Double(Int64.random(in: -14_831_769_600...253_402_300_799, using: &generator)) + Double.random(in: 0..<1, using: &generator)
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == date.formatted(Self.formatStyle), "\(seconds)")
            #expect(Timestamp.day(date) == date.formatted(Self.formatStyle.year().month().day()), "\(seconds)")
        }
    }
}
