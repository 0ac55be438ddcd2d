import Foundation
import GRDB
import LegdayCore
import LegdayNotify

/// Where a delivery is in its life. Only `pending` deliveries are ever sent.
public enum DeliveryState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its next attempt (the first one included).
    case pending
    /// The notifier accepted it. Final: never sent again.
    case delivered
    /// A permanent failure, or the retries ran out. Final until `legday outbox retry`.
    case failed
    /// Its reminder's day ended before it got through. Final until `legday outbox retry`.
    case expired
}

/// One reminder through one notifier: a row of the outbox.
public struct Delivery: Sendable, Hashable, Codable, Identifiable {
    /// `DeliveryContext.deliveryID(reminder:notifier:)`: stable for (athlete, date, reminder kind, notifier).
    public var id: String
    public var notifier: String
    public var reminder: Reminder
    public var state: DeliveryState
    /// Attempts started so far, counted before each send so that a crash mid-send still counts.
    public var attempts: Int
    /// The earliest time of the next attempt (meaningful while pending).
    public var nextAttemptAt: Date
    /// After this instant a pending delivery is marked expired instead of being sent.
    public var expiresAt: Date
    /// While an attempt is in flight, other runs (the daemon, `legday notify`) leave the delivery alone
    /// until this instant. A crashed run's claim simply runs out, and the delivery is tried again.
    public var claimedUntil: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var deliveredAt: Date?
    /// The reminder went out after its time (the machine was off or asleep).
    public var late: Bool
    /// The delivery whose permanent failure made this one (a fallback notifier's delivery).
    public var fallbackFor: String?

    public init(reminder: Reminder, notifier: String, expiresAt: Date, now: Date, fallbackFor: String? = nil) {
        id = DeliveryContext.deliveryID(reminder: reminder, notifier: notifier)
        self.notifier = notifier
        self.reminder = reminder
        state = .pending
        attempts = 0
        nextAttemptAt = now
        self.expiresAt = expiresAt
        claimedUntil = nil
        lastError = nil
        createdAt = now
        updatedAt = now
        deliveredAt = nil
        late = reminder.late
        self.fallbackFor = fallbackFor
    }
}

extension Delivery: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "delivery"

    // Written by hand rather than derived from Codable: instants are stored as seconds since 1970 (exact
    // and ordered as numbers), and the reminder is kept whole as JSON, so that after a restart it is sent
    // exactly as first written; its id, date and kind get their own columns for listing.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["notifier"] = notifier
        container["reminder"] = String(decoding: try JSONEncoder().encode(reminder), as: UTF8.self)
        container["reminderID"] = reminder.id
        container["date"] = reminder.date.iso
        container["kind"] = reminder.kind.rawValue
        container["state"] = state.rawValue
        container["attempts"] = attempts
        container["nextAttemptAt"] = nextAttemptAt.timeIntervalSince1970
        container["expiresAt"] = expiresAt.timeIntervalSince1970
        container["claimedUntil"] = claimedUntil?.timeIntervalSince1970
        container["lastError"] = lastError
        container["createdAt"] = createdAt.timeIntervalSince1970
        container["updatedAt"] = updatedAt.timeIntervalSince1970
        container["deliveredAt"] = deliveredAt?.timeIntervalSince1970
        container["late"] = late
        container["fallbackFor"] = fallbackFor
    }

    public init(row: Row) throws {
        func instant(_ column: String) -> Date { Date(timeIntervalSince1970: row[column]) }
        func optionalInstant(_ column: String) -> Date? {
            (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
        }
        let json: String = row["reminder"]
        reminder = try JSONDecoder().decode(Reminder.self, from: Data(json.utf8))
        id = row["id"]
        notifier = row["notifier"]
        let stateName: String = row["state"]
        guard let state = DeliveryState(rawValue: stateName) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "unknown delivery state \(stateName)")
        }
        self.state = state
        attempts = row["attempts"]
        nextAttemptAt = instant("nextAttemptAt")
        expiresAt = instant("expiresAt")
        claimedUntil = optionalInstant("claimedUntil")
        lastError = row["lastError"]
        createdAt = instant("createdAt")
        updatedAt = instant("updatedAt")
        deliveredAt = optionalInstant("deliveredAt")
        late = row["late"]
        fallbackFor = row["fallbackFor"]
    }
}
