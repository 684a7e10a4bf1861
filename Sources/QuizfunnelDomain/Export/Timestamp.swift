import Foundation

/// UTC times as exports, APIs and CRMs write them.
public enum Timestamp {
    private static let utc = TimeZone(identifier: "UTC")!

    /// `2026-11-23T09:30:00Z`: what `Date.ISO8601FormatStyle` writes in UTC, computed by hand because an export writes
    /// three of these per lead and the format style was 6% of an export's time in the first profile, more once the
    /// rest got faster (see BENCHMARKS.md).
    public static func iso8601(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, time) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = self.civilDate(daysSinceEpoch: day)
        // Foundation's calendar is Julian before 1582: leave those (and years of five digits) to it.
        guard (1600...9999).contains(year) else { return date.formatted(Date.ISO8601FormatStyle(timeZone: self.utc)) }
        let fields: [(value: Int64, width: Int, separator: UInt8)] = [
            (year, 4, UInt8(ascii: "-")), (month, 2, UInt8(ascii: "-")), (dayOfMonth, 2, UInt8(ascii: "T")),
            (time / 3600, 2, UInt8(ascii: ":")), (time / 60 % 60, 2, UInt8(ascii: ":")), (time % 60, 2, UInt8(ascii: "Z")),
        ]
        return String(unsafeUninitializedCapacity: 20) { bytes in
            var position = 0
            for field in fields {
                var value = field.value
                for offset in stride(from: field.width - 1, through: 0, by: -1) {
                    bytes[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                bytes[position + field.width] = field.separator
                position += field.width + 1
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
