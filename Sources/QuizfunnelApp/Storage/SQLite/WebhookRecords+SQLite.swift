import Foundation
import GRDB

extension WebhookEventRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhookEvent"

    public enum Columns {
        static let endpoint = Column("endpoint")
        static let subject = Column("subject")
        static let status = Column("status")
        static let nextAttemptAt = Column("nextAttemptAt")
    }
}

extension WebhookDeliveryRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "webhookDelivery"

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }
}

extension WebhookEndpointRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhookEndpoint"
}
