import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

/// Scripts and styles go out under content-hashed names a browser keeps for a year, gzipped where that helps; pages
/// and the quiz view are gzipped for clients that accept it.
@Suite struct AssetTests {
    @Test func thePlayPageLoadsHashedScriptsThatAreCachedForAYear() async throws {
        try await TestService().withClient { client in
            let page = String(buffer: try await client.execute(uri: "/q/golf-club", method: .get).body)
            let script = try #require(page.firstMatch(of: /src="(\/js\/play\.[0-9a-f]{12}\.js)"/)?.output.1)
            let style = try #require(page.firstMatch(of: /href="(\/css\/quizfunnel\.[0-9a-f]{12}\.css)"/)?.output.1)
            #expect(!page.contains(#""/js/play.js""#))

            for uri in [String(script), String(style)] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable", "\(uri)")
            }
            // The script's own imports are hashed too, and served.
            let body = String(buffer: try await client.execute(uri: String(script), method: .get).body)
            let imports = body.matches(of: /from "\.\/([a-z]+\.[0-9a-f]{12}\.js)"/).map { String($0.output.1) }
            #expect(imports.count == 5)
            for name in imports {
                #expect(try await client.execute(uri: "/js/\(name)", method: .get).status == .ok, "\(name)")
            }
        }
    }

    @Test func thePlainNamesStayReachableWithAShortCache() async throws {
        try await TestService().withClient { client in
            for uri in ["/js/play.js", "/css/quizfunnel.css", "/embed.js"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.cacheControl] == "public, max-age=300", "\(uri)")
            }
            let embed = try await client.execute(uri: "/embed.js", method: .get)
            #expect(String(buffer: embed.body) == (try String(contentsOf: repositoryRoot.appendingPathComponent("Public/embed.js"), encoding: .utf8)))
        }
    }

    @Test func gzipIsSentOnlyToClientsThatAcceptIt() async throws {
        try await TestService().withClient { client in
            for uri in ["/js/play.js", "/css/quizfunnel.css", "/q/golf-club?lang=fi", "/api/quizzes/golf-club?lang=fi", "/"] {
                let plain = try await client.execute(uri: uri, method: .get)
                let gzipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip, deflate, br"])
                let refused = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"])

                #expect(plain.headers[.contentEncoding] == nil, "\(uri)")
                #expect(refused.headers[.contentEncoding] == nil, "\(uri)")
                #expect(gzipped.headers[.contentEncoding] == "gzip", "\(uri)")
                #expect(gzipped.headers[.vary]?.contains("Accept-Encoding") == true, "\(uri)")
                #expect(gzipped.body.readableBytes < plain.body.readableBytes, "\(uri)")
                var compressed = gzipped.body
                let unpacked = try compressed.decompress(with: .gzip())
                #expect(unpacked == plain.body, "\(uri)")
            }
        }
    }

    @Test func aKnownVersionIsAnsweredNotModified() async throws {
        try await TestService().withClient { client in
            let first = try await client.execute(uri: "/js/play.js", method: .get)
            let etag = try #require(first.headers[.eTag])

            let again = try await client.execute(uri: "/js/play.js", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
        }
    }

    @Test func aScriptsHashChangesWhenAScriptItImportsChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-assets-\(UUID())")
        let scripts = folder.appendingPathComponent("js")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try #"import { t } from "./strings.js";\#nt("x");"#.write(to: scripts.appendingPathComponent("play.js"), atomically: true, encoding: .utf8)
        try "export const t = (key) => key;".write(to: scripts.appendingPathComponent("strings.js"), atomically: true, encoding: .utf8)
        let before = try StaticAssets.load(publicFolder: folder.path)

        try "export const t = (key) => `[${key}]`;".write(to: scripts.appendingPathComponent("strings.js"), atomically: true, encoding: .utf8)
        let after = try StaticAssets.load(publicFolder: folder.path)

        let playBefore = try #require(before.fingerprinted["/js/play.js"])
        let playAfter = try #require(after.fingerprinted["/js/play.js"])
        #expect(playBefore != playAfter)
        let stringsAfter = try #require(after.fingerprinted["/js/strings.js"])
        let body = String(buffer: try #require(after.asset(at: playAfter)).body)
        #expect(body.contains("\"./\(stringsAfter.split(separator: "/").last!)\""))
    }
}
