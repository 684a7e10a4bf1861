/// A value that breaks a rule, named by the field (or option) it came from: `utm.source`, `since`, `from`.
/// The HTTP API answers it as a 422 `"field: message"`, the command line as `--field message`.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(self.field): \(self.message)" }
}
