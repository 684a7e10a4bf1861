import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 that nothing listens on: one the system just handed out and took back.
func closedPort() -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            _ = bind(socket, address, length)
            _ = getsockname(socket, address, &length)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
