import PostgresNIO

/// Reads a row's cells in order, each as the type its column holds. An export decodes a million rows of thirty
/// columns: by name, each cell hashed its column's name; as one tuple of thirty generic columns, each cell looked up
/// type metadata at run time. Read one cell at a time, the types are known where the reader is called.
struct PostgresCells {
    private var cells: PostgresRow.Iterator

    init(_ row: PostgresRow) {
        self.cells = row.makeIterator()
    }

    /// The next cell, decoded as `Value`; a row with fewer cells than read is a `PostgresRowError`.
    @inline(__always)
    mutating func next<Value: PostgresDecodable>(_: Value.Type = Value.self) throws -> Value {
        guard let cell = self.cells.next() else { throw PostgresRowError(message: "a row has fewer columns than read") }
        return try cell.decode(Value.self)
    }
}
