import Foundation

/// The pixel size of a PNG file, read from its header, so share pages state the real `og:image` size.
struct ImageSize: Sendable, Equatable {
    var width: Int
    var height: Int

    /// The size of the PNG at `path`, or nil when it is missing or not a PNG.
    static func png(at path: String) -> ImageSize? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 24), header.count == 24,
            header.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            header[12..<16].elementsEqual("IHDR".utf8)
        else { return nil }
        let bigEndian = { (range: Range<Int>) in header[range].reduce(0) { $0 << 8 | Int($1) } }
        return ImageSize(width: bigEndian(16..<20), height: bigEndian(20..<24))
    }
}
