import QuizfunnelDomain

extension AppDatabase {
    /// Writes the mailing-list CSV for `filter` through `write`, header first, one batch of rows at a time.
    public func exportCSV(matching filter: LeadFilter, to write: (String) async throws -> Void) async throws {
        try await write(LeadCSV.header)
        try await self.forEachLeadBatch(matching: filter) { leads in
            try await write(leads.map(LeadCSV.row(for:)).joined())
        }
    }
}
