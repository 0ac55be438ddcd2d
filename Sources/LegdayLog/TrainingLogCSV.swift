import Foundation
import LegdayCore

/// The log as CSV: what `legday history --format csv` writes and `legday log --import` reads, one entry a
/// row (RFC 4180 quoting), so the two round-trip:
///
///     date,entry,status,rpe,note,session_id,exercise,load_kg,reps,logged_at
///     2026-11-24,session,done,7,felt strong,default:2026-11-24:daily,,,,2026-11-24T18:03:11Z
///     2026-11-24,sets,,,,,goblet-squat,16,8 8 7,2026-11-24T18:04:00Z
///
/// `load_kg` is kilograms or `bw`; `reps` is each set's reps, space-separated. Reading, the columns may come
/// in any order and `session_id` and `logged_at` may be left out (the reminder's id, the time of the import).
public enum TrainingLogCSV {
    public static let columns = ["date", "entry", "status", "rpe", "note", "session_id", "exercise", "load_kg", "reps",
                                 "logged_at"]

    // MARK: Writing

    public static func write(_ entries: [TrainingLogEntry]) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        for entry in entries {
            let fields: [String]
            switch entry {
            case .session(let s):
                fields = [s.date.iso, "session", s.status.rawValue, s.rpe.map(String.init) ?? "", s.note ?? "",
                          s.sessionID, "", "", "", timestamp(s.loggedAt)]
            case .sets(let s):
                fields = [s.date.iso, "sets", "", "", "", "", s.exerciseID,
                          s.load.kilograms.map(kilogramsText) ?? "bw", s.reps.map(String.init).joined(separator: " "),
                          timestamp(s.loggedAt)]
            }
            out += fields.map(quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Whole kilograms without a decimal point, others exactly (15.876 from 35 lb stays 15.876).
    static func kilogramsText(_ kg: Double) -> String {
        kg == kg.rounded() && abs(kg) < 1e9 ? String(Int(kg)) : "\(kg)"
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `2026-11-24T18:03:11Z`: UTC, to the second.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(daysSinceEpoch: Int((Double(seconds) / 86400).rounded(.down)))
        let within = seconds - day.daysSinceEpoch * 86400
        return day.iso + String(format: "T%02d:%02d:%02dZ", within / 3600, within / 60 % 60, within % 60)
    }

    /// Reads `2026-11-24T18:03:11Z` quickly (an import may hold many thousands); other ISO 8601 forms, with
    /// an offset or fractions of a second, through Foundation.
    static func parseTimestamp(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        if chars.count == 20, chars[10] == UInt8(ascii: "T"), chars[19] == UInt8(ascii: "Z"),
           let day = LocalDate(iso: text.prefix(10)),
           let h = Int(text.dropFirst(11).prefix(2)), let m = Int(text.dropFirst(14).prefix(2)),
           let s = Int(text.dropFirst(17).prefix(2)), h < 24, m < 60, s < 61 {
            return Date(timeIntervalSince1970: Double(day.daysSinceEpoch * 86400 + h * 3600 + m * 60 + s))
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    // MARK: Reading

    /// The entries in `text`, or the first problem as `file:line: message`. `exercises` is the library's ids:
    /// an unknown one is an error with the nearest id. `now` stands in for a missing `logged_at`.
    public static func read(_ text: String, file: String, exercises: Set<String>, now: Date) throws(LogInputError) -> [TrainingLogEntry] {
        let rows = records(text)
        guard let header = rows.first else { throw LogInputError("\(file): empty file; the first line names the columns") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        for required in ["date", "entry"] where index[required] == nil {
            throw LogInputError("\(file):\(header.line): no \"\(required)\" column; the header is \(columns.joined(separator: ","))")
        }
        let sortedExercises = exercises.sorted()
        var entries: [TrainingLogEntry] = []
        entries.reserveCapacity(rows.count - 1)
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func field(_ name: String) -> String {
                guard let i = index[name], i < row.fields.count else { return "" }
                return row.fields[i].trimmingCharacters(in: .whitespaces)
            }
            func problem(_ message: String) -> LogInputError { LogInputError("\(file):\(row.line): \(message)") }
            guard let date = LocalDate(iso: field("date")) else {
                throw problem("\"\(field("date"))\" is not a date (YYYY-MM-DD)")
            }
            var loggedAt = now
            if !field("logged_at").isEmpty {
                guard let time = parseTimestamp(field("logged_at")) else {
                    throw problem("\"\(field("logged_at"))\" is not a time (2026-11-24T18:03:11Z)")
                }
                loggedAt = time
            }
            loggedAt = Date(timeIntervalSince1970: loggedAt.timeIntervalSince1970.rounded(.down))
            switch field("entry").lowercased() {
            case "session":
                guard let status = SessionStatus(rawValue: field("status").lowercased()) else {
                    throw problem("\"\(field("status"))\" is not a status (done, partial or skipped)")
                }
                var rpe: Int?
                if !field("rpe").isEmpty {
                    guard let value = Int(field("rpe")) else { throw problem("\"\(field("rpe"))\" is not an RPE (1-10)") }
                    if let message = TrainingLogLimits.problem(rpe: value) { throw problem(message) }
                    rpe = value
                }
                let note = field("note")
                let sessionID = field("session_id").isEmpty ? "default:\(date.iso):daily" : field("session_id")
                entries.append(.session(SessionLogEntry(date: date, status: status, rpe: rpe, note: note.isEmpty ? nil : note,
                                                        sessionID: sessionID, loggedAt: loggedAt)))
            case "sets":
                let exercise = field("exercise")
                guard exercises.contains(exercise) else {
                    var message = "unknown exercise \"\(exercise)\""
                    if let near = LogNotation.suggestion(for: exercise, among: sortedExercises) { message += "; did you mean \"\(near)\"?" }
                    throw problem(message)
                }
                let loadText = field("load_kg")
                let load: Load
                do throws(LogInputError) {
                    if let kg = Double(loadText) { load = .kilograms(kg) } else { load = try LogNotation.load(loadText) }
                    let reps = try LogNotation.reps([field("reps")])
                    if let message = TrainingLogLimits.problem(load: load, reps: reps) { throw LogInputError(message) }
                    entries.append(.sets(SetLogEntry(date: date, exerciseID: exercise, load: load, reps: reps, loggedAt: loggedAt)))
                } catch {
                    throw problem(error.description)
                }
            default:
                throw problem("\"\(field("entry"))\" is not an entry kind (session or sets)")
            }
        }
        return entries
    }

    /// The records of an RFC 4180 file, each with the line it starts on: quoted fields may hold commas,
    /// doubled quotes and line breaks; lines end in CRLF or LF.
    static func records(_ text: String) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        var sawAnything = false
        while let c = next() {
            sawAnything = true
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append((start, fields))
                fields = []; field = ""
                line += 1
                start = line
                sawAnything = false
            default: field.unicodeScalars.append(c)
            }
        }
        if sawAnything || !fields.isEmpty || !field.isEmpty {
            fields.append(field)
            records.append((start, fields))
        }
        return records
    }
}
