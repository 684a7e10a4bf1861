import NIOCore
import PostgresNIO

/// A one-dimensional array whose elements may be NULL, bound as one parameter: the columns of a batch's rows for
/// `INSERT … SELECT * FROM unnest($1::text[], $2::timestamptz[], …)`. postgres-nio 1.33.2 encodes arrays of
/// non-optional elements only; this writes the same binary array format (`array_recv`), with a length of -1 for NULL.
struct PostgresNullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    var elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(self.elements.isEmpty ? 0 : 1, as: Int32.self)  // dimensions
        buffer.writeInteger(self.elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)  // whether it holds a NULL
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !self.elements.isEmpty else { return }
        buffer.writeInteger(Int32(self.elements.count))  // the dimension's length…
        buffer.writeInteger(1, as: Int32.self)  // …and lower bound
        for element in self.elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}
