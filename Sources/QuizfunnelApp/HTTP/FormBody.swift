import Foundation
import Hummingbird

/// Fields of an `application/x-www-form-urlencoded` body, as the pages' buttons post them.
enum FormBody {
    /// The value of `name` in `body`, `+` and percent-escapes decoded.
    static func value(named name: String, in body: ByteBuffer) -> String? {
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name {
                return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
        }
        return nil
    }
}
