import QuizfunnelDomain

extension AppDatabase {
    /// Writes the matching leads through `write` in `writer`'s format: header first, then one batch of rows at a time.
    public func export(matching filter: LeadFilter, as writer: LeadExportWriter, to write: (String) async throws -> Void) async throws {
        try await write(writer.header())
        try await self.forEachLeadBatch(matching: filter) { leads in
            try await write(writer.rows(leads))
        }
    }
}
