import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QuizfunnelDomain

/// Sends one queued conversion to its ad platform and says what became of it: a 2xx delivers it; a 429, a 5xx or no
/// answer is tried again later; any other 4xx is final, logged with the platform's own message; and a conversion older
/// than the platforms take (7 days) is dropped without being sent.
struct AdConversionSender: Sendable {
    let settings: AdPlatformSettings
    let httpClient: HTTPClient
    let logger: Logger

    enum Verdict: String {
        case delivered, retry, failed, dropped
    }

    struct Outcome {
        var verdict: Verdict
        var statusCode: Int?
        /// Why it was not delivered: the platform's message, the transport error, or why it was not sent.
        var error: String?
    }

    func send(_ event: WebhookEventRecord, to platform: AdPlatform, at time: Date) async -> Outcome {
        if time.timeIntervalSince(event.createdAt) > self.settings.maximumAge {
            self.logger.notice("Conversion dropped: older than the ad platforms take", metadata: ["platform": "\(platform.rawValue)"])
            return Outcome(verdict: .dropped, error: "older than \(Int(self.settings.maximumAge / 86_400)) days: dropped, not sent")
        }
        guard let request = self.settings.request(to: platform, body: event.body) else {
            return Outcome(verdict: .retry, error: "\(platform.rawValue) is not set up on this service")
        }
        do {
            let response = try await self.httpClient.execute(request, timeout: .seconds(10))
            let body = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                return Outcome(verdict: .delivered, statusCode: status)
            case 429, 500...:
                return Outcome(verdict: .retry, statusCode: status, error: Self.message(in: body))
            default:
                let message = Self.message(in: body)
                self.logger.error(
                    "Conversion refused by the ad platform",
                    metadata: ["platform": "\(platform.rawValue)", "status": "\(status)", "message": "\(message ?? "")"]
                )
                return Outcome(verdict: .failed, statusCode: status, error: message)
            }
        } catch {
            return Outcome(verdict: .retry, error: String(describing: error).prefix(200).description)
        }
    }

    /// The platform's error message (Meta: `{"error": {"message": …}}`), else the start of the body.
    static func message(in body: String) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let error = object["error"] as? [String: Any], let message = error["message"] as? String
        {
            return String(message.prefix(300))
        }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(300))
    }
}
