import QuizfunnelDomain

extension FunnelRepository {
    /// Writes the matching leads (their withdrawal links starting with `baseURL`) through `write` in `writer`'s format: header first, then one batch of rows at a time.
    public func export(
        matching filter: LeadFilter,
        as writer: LeadExportWriter,
        baseURL: String = "",
        to write: (String) async throws -> Void
    ) async throws {
        try await write(writer.header())
        try await self.forEachLeadBatch(matching: filter, baseURL: baseURL) { leads in
            try await write(writer.rows(leads))
        }
    }
}
