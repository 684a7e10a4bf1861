import Foundation

/// UTC times as exports, APIs and CRMs write them.
public enum Timestamp {
    private static let utc = TimeZone(identifier: "UTC")!

    /// `2026-11-23T09:30:00Z`: what `Date.ISO8601FormatStyle` writes in UTC, computed by hand because an export writes
    /// three of these per lead and the format style was 6% of an export's time in the first profile, more once the
    /// rest got faster (see BENCHMARKS.md).
    public static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return self.format(seconds: seconds, milliseconds: nil, dateTimeSeparator: "T", suffix: "Z")
            // Foundation's calendar is Julian before 1582: leave those (and years of five digits) to it.
            ?? date.formatted(Date.ISO8601FormatStyle(timeZone: self.utc))
    }

    /// `2026-11-23 09:30:00.250`: UTC to the nearest millisecond, which is how GRDB stores a `Date` and what
    /// SQLite's date functions read. By hand because GRDB formats through `DateFormatter`, and a lead insert writes three
    /// dates inside the shared write transaction (see BENCHMARKS.md). `nil` outside the years 1600 to 9999.
    public static func sqlite(_ date: Date) -> String? {
        // The same arithmetic as Foundation's formatter: milliseconds since 1970 as a Double, rounded to the nearest.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (second, millisecond) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        return self.format(seconds: second, milliseconds: millisecond, dateTimeSeparator: " ", suffix: nil)
    }

    /// `yyyy-MM-dd<separator>HH:mm:ss[.SSS][suffix]` in UTC, or `nil` for a year outside 1600...9999.
    private static func format(seconds: Int64, milliseconds: Int64?, dateTimeSeparator: Character, suffix: Character?) -> String? {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, time) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = self.civilDate(daysSinceEpoch: day)
        guard (1600...9999).contains(year) else { return nil }
        return String(unsafeUninitializedCapacity: 24) { bytes in
            var position = 0
            func write(_ number: Int64, width: Int, then separator: UInt8?) {
                var value = number
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    bytes[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                position += width
                if let separator {
                    bytes[position] = separator
                    position += 1
                }
            }
            write(year, width: 4, then: UInt8(ascii: "-"))
            write(month, width: 2, then: UInt8(ascii: "-"))
            write(dayOfMonth, width: 2, then: dateTimeSeparator.asciiValue)
            write(time / 3600, width: 2, then: UInt8(ascii: ":"))
            write(time / 60 % 60, width: 2, then: UInt8(ascii: ":"))
            if let milliseconds {
                write(time % 60, width: 2, then: UInt8(ascii: "."))
                write(milliseconds, width: 3, then: suffix?.asciiValue)
            } else {
                write(time % 60, width: 2, then: suffix?.asciiValue)
            }
            return position
        }
    }

    /// Year, month and day of the proleptic Gregorian calendar for a count of days since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }


    /// `2026-11-23`, the only date form some importers read (ActiveCampaign turns anything else into 1899).
    public static func day(_ date: Date) -> String {
        String(self.iso8601(date).prefix(10))
    }

    /// `2026-11-23 09:30:00`, as Mailchimp writes `OPTIN_TIME`.
    public static func dateTime(_ date: Date) -> String {
        self.iso8601(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// Parses `2026-11-23T09:30:00Z`, `2026-11-23T09:30:00.250+02:00` or a bare day `2026-11-23` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(timeZone: self.utc).year().month().day().parse(text)
    }
}
