import Foundation
import Testing

@testable import QuizfunnelApp

/// Funnel events are counted under the UTC day they happen on; the day's text is formatted once and reused.
@Suite struct FunnelDayTests {
    @Test func theDayTurnsAtMidnightUTCEitherWay() {
        let lastMoment = Date(timeIntervalSince1970: 1_795_478_399.999)  // 2026-11-23T23:59:59.999Z
        let midnight = Date(timeIntervalSince1970: 1_795_478_400)  // 2026-11-24T00:00:00Z
        #expect(FunnelRecorder.today(now: lastMoment) == "2026-11-23")
        #expect(FunnelRecorder.today(now: lastMoment) == "2026-11-23")
        #expect(FunnelRecorder.today(now: midnight) == "2026-11-24")
        #expect(FunnelRecorder.today(now: lastMoment) == "2026-11-23", "a late event of the day before is not counted today")
        #expect(FunnelRecorder.today(now: Date(timeIntervalSince1970: -0.5)) == "1969-12-31")
    }
}
