import Crypto
import Foundation
import NIOCore

/// The play page's and dashboard's scripts and styles, read once at start-up and kept in memory, plain and gzipped.
///
/// Each file is also served under a content-hashed name (`/js/play.3f2a9c1b04de.js`) that the pages and the other
/// scripts' imports refer to, so a browser may keep it for a year: a changed file gets a new name. The plain names
/// stay reachable with a short cache, for pages already open and for `/embed.js`, whose address marketers paste.
struct StaticAssets: Sendable {
    /// One file as it is sent.
    struct Asset: Sendable {
        var contentType: String
        var body: ByteBuffer
        /// `nil` when gzip would not make it smaller.
        var gzipped: ByteBuffer?
        /// A weak validator (the same for the plain and the gzipped body): the content hash.
        var etag: String
        /// True for the content-hashed name, which never changes meaning.
        var isImmutable: Bool
    }

    private var assets: [String: Asset] = [:]
    /// Plain path → content-hashed path, for rewriting pages.
    private(set) var fingerprinted: [String: String] = [:]

    /// Loads `js/*.js`, `css/*.css` and `embed.js` from `publicFolder`. Import specifiers between scripts are rewritten
    /// to the hashed names first, so a script's hash changes whenever any script it imports changes.
    static func load(publicFolder: String) throws -> StaticAssets {
        let folder = URL(fileURLWithPath: publicFolder)
        // Files that resolve outside the folder (through a symbolic link) are left out, as `FileMiddleware` leaves them.
        let contained = PublicFolder(publicFolder)
        var sources: [String: String] = [:]
        for (directory, fileExtension) in [("js", "js"), ("css", "css")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(directory).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".\(fileExtension)") {
                guard let data = contained.contents(of: "\(directory)/\(name)") else { continue }
                sources["/\(directory)/\(name)"] = String(decoding: data, as: UTF8.self)
            }
        }
        var assets = StaticAssets()
        for path in sources.keys.sorted() {
            assets.fingerprint(path, sources: sources, visiting: [])
        }
        if let embed = contained.contents(of: "embed.js") {
            let text = String(decoding: embed, as: UTF8.self)
            assets.add(path: "/embed.js", text: text, hash: Self.hash(of: text), isImmutable: false)
        }
        return assets
    }

    func asset(at path: String) -> Asset? {
        self.assets[path]
    }

    /// `html` with every reference to a known script or style (`"/js/play.js"`) changed to its hashed name.
    func rewritingReferences(in html: String) -> String {
        self.fingerprinted.reduce(html) { page, entry in
            page.replacingOccurrences(of: "\"\(entry.key)\"", with: "\"\(entry.value)\"")
        }
    }

    /// Hashes `path` after its imports (depth first), adding both its names; returns its hashed path.
    @discardableResult
    private mutating func fingerprint(_ path: String, sources: [String: String], visiting: Set<String>) -> String {
        if let done = self.fingerprinted[path] { return done }
        guard var text = sources[path] else { return path }
        if path.hasSuffix(".js") {
            let folder = String(path[..<path.lastIndex(of: "/")!])
            for name in Self.relativeImports(in: text) where !visiting.contains("\(folder)/\(name)") {
                let imported = self.fingerprint("\(folder)/\(name)", sources: sources, visiting: visiting.union([path]))
                let hashedName = String(imported[imported.index(after: imported.lastIndex(of: "/")!)...])
                text = text.replacingOccurrences(of: "\"./\(name)\"", with: "\"./\(hashedName)\"")
            }
        }
        let hash = Self.hash(of: text)
        let dot = path.lastIndex(of: ".")!
        let hashedPath = "\(path[..<dot]).\(hash)\(path[dot...])"
        self.add(path: hashedPath, text: text, hash: hash, isImmutable: true)
        self.add(path: path, text: text, hash: hash, isImmutable: false)
        self.fingerprinted[path] = hashedPath
        return hashedPath
    }

    private mutating func add(path: String, text: String, hash: String, isImmutable: Bool) {
        let body = ByteBuffer(string: text)
        let contentType = path.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        self.assets[path] = Asset(
            contentType: contentType,
            body: body,
            gzipped: Gzip.compressIfSmaller(body),
            etag: "W/\"\(hash)\"",
            isImmutable: isImmutable
        )
    }

    /// The first 48 bits of the SHA-256 of `text`, in hex: the name part and the validator.
    private static func hash(of text: String) -> String {
        Digest.hex(SHA256.hash(data: Data(text.utf8)).prefix(6))
    }

    /// The file names a script imports from its own folder: `import { x } from "./events.js"` gives `events.js`.
    static func relativeImports(in script: String) -> [String] {
        script.matches(of: /(?:from|import)\s*\(?\s*"\.\/([A-Za-z0-9_.-]+\.js)"/).map { String($0.output.1) }
    }
}
