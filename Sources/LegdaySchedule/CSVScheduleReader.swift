import Foundation
import LegdayCore

/// Reads `date,type,distance_km,title` CSV files (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
///
/// Hand-written rather than SwiftCSV or CSV.swift: neither tells which line of the file a row or field
/// came from, and a quoted field may span lines, so row numbers cannot stand in for line numbers. Every
/// problem here is reported as `path:line:column`.
struct CSVScheduleReader {
    /// One field and where it starts.
    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    mutating func read(_ text: String, into builder: inout ScheduleBuilder) {
        let records = CSVScheduleReader.records(in: text)
        guard let header = records.first else {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "empty CSV file: expected the header date,type,distance_km,title"))
            return
        }
        var columns: [String: Int] = [:]
        for (index, field) in header.enumerated() {
            let name = field.text.trimmingCharacters(in: .whitespaces).lowercased()
            guard ["date", "type", "distance_km", "title"].contains(name) else {
                diagnostics.append(Diagnostic(location(field), "unknown column '\(field.text)' (the columns are date, type, distance_km, title); ignored", severity: .warning))
                continue
            }
            columns[name] = index
        }
        guard let dateColumn = columns["date"], columns["type"] != nil || columns["title"] != nil else {
            diagnostics.append(Diagnostic(location(header.first ?? Field(text: "", line: 1, column: 1)),
                "the first line must be the header date,type,distance_km,title (date and one of type or title are required)"))
            return
        }
        for record in records.dropFirst() {
            if record.count == 1, record[0].text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            readRow(record, columns: columns, dateColumn: dateColumn, into: &builder)
        }
    }

    private mutating func readRow(_ record: [Field], columns: [String: Int], dateColumn: Int,
                                  into builder: inout ScheduleBuilder) {
        func field(_ name: String) -> Field? {
            columns[name].flatMap { $0 < record.count ? record[$0] : nil }
        }
        guard let dateField = field("date"), let date = LocalDate(iso: dateField.text.trimmingCharacters(in: .whitespaces)) else {
            let shown = dateColumn < record.count ? record[dateColumn] : record[0]
            diagnostics.append(Diagnostic(location(shown), "'\(shown.text)' is not a date (YYYY-MM-DD); row skipped"))
            return
        }
        var entry = ScheduleEntry(date: date, title: field("title")?.text.trimmingCharacters(in: .whitespaces) ?? "",
                                  source: SourceLocation(path: path, line: dateField.line))
        if let typeField = field("type") {
            switch ScheduleTypeName.read(typeField.text) {
            case .run(let type): entry.type = type
            case .strength: entry.isStrength = true
            case .unstated: break
            case .unknown(let name):
                diagnostics.append(Diagnostic(location(typeField), "unknown run type '\(name)' (\(ScheduleTypeName.allowed)); row skipped"))
                return
            }
        }
        if let distanceField = field("distance_km") {
            let text = distanceField.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                guard let km = Double(text.replacingOccurrences(of: ",", with: ".")), km >= 0, km < 1000 else {
                    diagnostics.append(Diagnostic(location(distanceField), "'\(text)' is not a distance in kilometres; row skipped"))
                    return
                }
                entry.distanceKm = km
            }
        }
        if entry.title.isEmpty, let type = entry.type { entry.title = type.rawValue }
        builder.add(entry)
    }

    private func location(_ field: Field) -> SourceLocation {
        SourceLocation(path: path, line: field.line, column: field.column)
    }

    /// Splits text into records of fields, each field knowing its line and column.
    static func records(in text: String) -> [[Field]] {
        var records: [[Field]] = []
        var record: [Field] = []
        var field = ""
        var line = 1
        var column = 1
        var fieldLine = 1
        var fieldColumn = 1
        var quoted = false
        var wasQuoted = false
        var characters = text.makeIterator()
        var pending: Character? = characters.next()
        // Skip a byte-order mark.
        if pending == "\u{FEFF}" { pending = characters.next() }
        func endField() {
            record.append(Field(text: field, line: fieldLine, column: fieldColumn))
            field = ""
            wasQuoted = false
        }
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = characters.next()
                        column += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                    if character == "\n" || character == "\r\n" { line += 1; column = 0 }
                }
                column += 1
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
                column += 1
            case ",":
                endField()
                column += 1
                fieldLine = line
                fieldColumn = column
            case "\n", "\r\n", "\r":
                endField()
                records.append(record)
                record = []
                line += 1
                column = 1
                fieldLine = line
                fieldColumn = 1
            default:
                field.append(character)
                column += 1
            }
        }
        if !field.isEmpty || !record.isEmpty || wasQuoted {
            endField()
            records.append(record)
        }
        return records
    }
}

/// A `type` written in a CSV or TOML schedule: a run type, "strength", nothing, or a mistake.
enum ScheduleTypeName: Equatable {
    case run(RunType)
    case strength
    case unstated
    case unknown(String)

    static let allowed = "one of " + (RunType.allCases.map(\.rawValue) + ["strength"]).joined(separator: ", ")

    static func read(_ text: String) -> ScheduleTypeName {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name.isEmpty { return .unstated }
        if name == "strength" { return .strength }
        if name == "interval" { return .run(.intervals) }
        if let type = RunType(rawValue: name) { return .run(type) }
        return .unknown(text.trimmingCharacters(in: .whitespaces))
    }
}
