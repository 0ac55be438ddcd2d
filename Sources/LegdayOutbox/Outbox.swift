import Foundation
import GRDB
import LegdayCore
import LegdayStore
import LegdayNotify

/// The durable outbox: every delivery is written here before anything is sent, and its outcome is written
/// here before anyone is told. SQLite in WAL mode with `synchronous=FULL`, so a committed row survives a
/// power cut, not just a crash.
public final class Outbox: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// Where the corrupted database was moved, when opening found one.
    public let recoveredCorruptFile: String?

    /// Opens (creating when needed) the outbox at `path`, private to the user and durable across a power
    /// cut (`PrivateDatabase`). A damaged file is moved aside to `<path>.corrupt-<timestamp>` and a new,
    /// empty outbox takes its place, so a damaged file never puts the daemon into a crash loop.
    public init(path: String, now: Date = Date()) throws {
        self.path = path
        (database, recoveredCorruptFile) = try PrivateDatabase.open(path: path, label: "legday.outbox",
                                                                   migrator: Outbox.migrator, now: now)
    }

    /// The schema, one migration per change; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: deliveries") { db in
            try db.create(table: "delivery") { t in
                t.primaryKey("id", .text)
                t.column("notifier", .text).notNull()
                t.column("reminder", .text).notNull()
                t.column("reminderID", .text).notNull()
                t.column("date", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .double).notNull()
                t.column("expiresAt", .double).notNull()
                t.column("claimedUntil", .double)
                t.column("lastError", .text)
                t.column("createdAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
                t.column("deliveredAt", .double)
                t.column("late", .boolean).notNull()
                t.column("fallbackFor", .text)
            }
            try db.create(index: "delivery_due", on: "delivery", columns: ["state", "nextAttemptAt"])
        }
        return migrator
    }

    // MARK: Enqueueing

    /// What enqueueing found: a new delivery, or the one already there (in whatever state it is).
    public struct Enqueued: Sendable, Hashable {
        public var delivery: Delivery
        /// False when the delivery id already existed: nothing was changed.
        public var isNew: Bool
    }

    /// Writes one delivery per notifier, in one transaction. An id that already exists is left exactly as
    /// it is: enqueueing is idempotent, so a delivered reminder is never queued again.
    @discardableResult
    public func enqueue(_ reminder: Reminder, notifiers: [String], expiresAt: Date, now: Date,
                        fallbackFor: String? = nil) throws -> [Enqueued] {
        try database.write { db in
            try notifiers.map { notifier in
                try Outbox.enqueue(db, Delivery(reminder: reminder, notifier: notifier, expiresAt: expiresAt,
                                                now: now, fallbackFor: fallbackFor))
            }
        }
    }

    /// Enqueues many reminders in one transaction (one fsync): for a backlog, or a benchmark.
    @discardableResult
    public func enqueue(_ reminders: [Reminder], notifiers: [String], expiresAt: Date, now: Date) throws -> [Enqueued] {
        try database.write { db in
            try reminders.flatMap { reminder in
                try notifiers.map { notifier in
                    try Outbox.enqueue(db, Delivery(reminder: reminder, notifier: notifier, expiresAt: expiresAt, now: now))
                }
            }
        }
    }

    static func enqueue(_ db: Database, _ delivery: Delivery) throws -> Enqueued {
        if let existing = try Delivery.fetchOne(db, key: delivery.id) {
            return Enqueued(delivery: existing, isNew: false)
        }
        try delivery.insert(db)
        return Enqueued(delivery: delivery, isNew: true)
    }

    // MARK: Reading

    public func delivery(id: String) throws -> Delivery? {
        try database.read { try Delivery.fetchOne($0, key: id) }
    }

    /// Deliveries in the given states, oldest first.
    public func deliveries(in states: Set<DeliveryState> = Set(DeliveryState.allCases)) throws -> [Delivery] {
        try database.read { db in
            try Delivery
                .filter(states.map(\.rawValue).contains(Column("state")))
                .order(Column("createdAt"), Column("id"))
                .fetchAll(db)
        }
    }

    /// When something next needs doing: the earliest next attempt or expiry of a pending delivery, so the
    /// daemon can sleep with a single timer. Nil when nothing is pending.
    public func nextWakeUp() throws -> Date? {
        try database.read { db in
            let seconds = try Double.fetchOne(db, sql: """
                SELECT MIN(MIN(MAX(nextAttemptAt, IFNULL(claimedUntil, 0)), expiresAt))
                FROM delivery WHERE state = 'pending'
                """)
            return seconds.map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Counts by state. With `since`, failed, expired and delivered rows count only when they changed at or
    /// after it (pending ones always count), so an old failure stops showing in `STATUS=` after a while.
    public func status(since: Date? = nil) throws -> OutboxStatus {
        try database.read { db in
            var counts: [DeliveryState: Int] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT state, COUNT(*) AS n FROM delivery WHERE state = 'pending' OR updatedAt >= ? GROUP BY state
                """, arguments: [since?.timeIntervalSince1970 ?? -Double.infinity])
            for row in rows {
                if let state = DeliveryState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            let retrying = try Delivery
                .filter(Column("state") == DeliveryState.pending.rawValue && Column("lastError") != nil)
                .fetchCount(db)
            let last = try Delivery
                .filter(Column("lastError") != nil && Column("state") != DeliveryState.delivered.rawValue)
                .filter(Column("state") == DeliveryState.pending.rawValue
                        || Column("updatedAt") >= (since?.timeIntervalSince1970 ?? -Double.infinity))
                .order(Column("updatedAt").desc)
                .fetchOne(db)
            return OutboxStatus(counts: counts, retrying: retrying,
                                lastError: last.map { "\($0.notifier): \($0.lastError ?? "")" })
        }
    }

    // MARK: Changing state (the engine's side)

    /// Marks pending deliveries whose day has ended as expired; returns them.
    func expireOverdue(now: Date) throws -> [Delivery] {
        try database.write { db in
            let overdue = try Delivery
                .filter(Column("state") == DeliveryState.pending.rawValue)
                .filter(Column("expiresAt") <= now.timeIntervalSince1970)
                .filter(Column("claimedUntil") == nil || Column("claimedUntil") <= now.timeIntervalSince1970)
                .fetchAll(db)
            return try overdue.map { delivery in
                var expired = delivery
                expired.state = .expired
                expired.claimedUntil = nil
                expired.updatedAt = now
                let before = delivery.lastError.map { " (last error: \($0))" } ?? ""
                expired.lastError = "expired: not delivered before the end of its day\(before)"
                try expired.update(db, columns: Delivery.progressColumns)
                return expired
            }
        }
    }

    /// Claims deliveries for an attempt, all in one transaction: counts the attempt and holds the delivery
    /// until `claimUntil` so that no other run sends it meanwhile. With `ids`, claims those if pending
    /// (whenever their next attempt was planned: "send now"); otherwise the due ones, up to `limit`.
    func claim(ids: [String]? = nil, now: Date, limit: Int, claimUntil: (Delivery) -> Date) throws -> [Delivery] {
        try database.write { db in
            var request = Delivery
                .filter(Column("state") == DeliveryState.pending.rawValue)
                .filter(Column("expiresAt") > now.timeIntervalSince1970)
                .filter(Column("claimedUntil") == nil || Column("claimedUntil") <= now.timeIntervalSince1970)
            if let ids {
                request = request.filter(keys: ids)
            } else {
                request = request.filter(Column("nextAttemptAt") <= now.timeIntervalSince1970)
                    .order(Column("nextAttemptAt"), Column("id"))
                    .limit(limit)
            }
            return try request.fetchAll(db).map { delivery in
                var claimed = delivery
                claimed.attempts += 1
                claimed.claimedUntil = claimUntil(delivery)
                claimed.updatedAt = now
                try claimed.update(db, columns: Delivery.progressColumns)
                return claimed
            }
        }
    }

    /// Writes the outcomes of attempts and, in the same transaction, the fallback deliveries they create.
    /// Returns each fallback's enqueue result (nil where there is no fallback).
    func record(_ outcomes: [(delivery: Delivery, fallback: Delivery?)]) throws -> [Enqueued?] {
        try database.write { db in
            try outcomes.map { outcome in
                try outcome.delivery.update(db, columns: Delivery.progressColumns)
                return try outcome.fallback.map { try Outbox.enqueue(db, $0) }
            }
        }
    }

    /// Puts a failed or expired delivery back to pending for an attempt now (`legday outbox retry`), with
    /// a fresh count of attempts. A delivered one is refused: it is never sent twice.
    public func retry(id: String, now: Date, expiresAt: Date) throws -> Delivery {
        try database.write { db in
            guard var delivery = try Delivery.fetchOne(db, key: id) else { throw OutboxError.unknownDelivery(id) }
            switch delivery.state {
            case .delivered:
                throw OutboxError.alreadyDelivered(id)
            case .pending, .failed, .expired:
                delivery.state = .pending
                delivery.attempts = 0
                delivery.nextAttemptAt = now
                delivery.expiresAt = max(delivery.expiresAt, expiresAt)
                delivery.updatedAt = now
                try delivery.update(db, columns: Delivery.progressColumns)
                return delivery
            }
        }
    }

    /// Forgets delivered deliveries older than `before`; failed and expired ones stay until retried.
    @discardableResult
    public func pruneDelivered(before: Date) throws -> Int {
        try database.write { db in
            try Delivery
                .filter(Column("state") == DeliveryState.delivered.rawValue)
                .filter(Column("deliveredAt") < before.timeIntervalSince1970)
                .deleteAll(db)
        }
    }
}

extension Outbox {
    /// SQLite's words for an error (`database or disk is full`, `attempt to write a readonly database`),
    /// without the SQL GRDB adds: for the journal and `STATUS=`.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        return error.message ?? "SQLite error \(error.resultCode.rawValue)"
    }
}

public enum OutboxError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownDelivery(String)
    case alreadyDelivered(String)

    public var description: String {
        switch self {
        case .unknownDelivery(let id): "no delivery with id \(id) in the outbox"
        case .alreadyDelivered(let id): "\(id) was already delivered; legday never sends a delivery twice"
        }
    }
}

/// The outbox at a glance: for systemd's `STATUS=` and `legday status`.
public struct OutboxStatus: Sendable, Hashable {
    public var counts: [DeliveryState: Int]
    /// Pending deliveries that have failed at least once and wait for their next attempt.
    public var retrying: Int = 0
    /// The most recent error of a delivery that has not got through, as `notifier: message`.
    public var lastError: String?

    public var pending: Int { counts[.pending] ?? 0 }
    public var failed: Int { counts[.failed] ?? 0 }
    public var expired: Int { counts[.expired] ?? 0 }
    public var delivered: Int { counts[.delivered] ?? 0 }

    /// What is wrong, for `STATUS=`, e.g. `2 deliveries waiting to retry (mail: connection refused)`;
    /// nil when nothing waits to be retried and nothing failed or expired.
    public var trouble: String? {
        func count(_ n: Int, _ what: String) -> String? {
            n == 0 ? nil : "\(n) \(n == 1 ? "delivery" : "deliveries") \(what)"
        }
        let parts = [count(retrying, "waiting to retry"), count(failed, "failed"), count(expired, "expired")]
            .compactMap { $0 }
        if parts.isEmpty { return nil }
        return parts.joined(separator: ", ") + (lastError.map { " (\($0))" } ?? "")
    }

    /// One line, e.g. `outbox: 1 pending, 0 failed, 2 expired; last error: mail: …`.
    public var summary: String {
        var line = "outbox: \(pending) pending, \(failed) failed, \(expired) expired"
        if let lastError { line += "; last error: \(lastError)" }
        return line
    }
}
