import Foundation
import QuizfunnelSMTP
import SMTPTestSupport

let message = "From: a@example.com\r\nTo: b@example.com\r\nSubject: Hi\r\n\r\nFirst line\r\n.hidden line\r\n..two dots\r\n"

func settings(port: Int, security: SMTPSettings.Security = .none, user: String? = nil, caFile: String? = nil) -> SMTPSettings {
    SMTPSettings(
        host: "127.0.0.1",
        port: port,
        security: security,
        user: user,
        password: user == nil ? nil : "s3cret",
        caFile: caFile,
        timeouts: .all(.milliseconds(500))
    )
}
