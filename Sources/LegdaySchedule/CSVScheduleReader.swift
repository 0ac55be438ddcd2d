import Foundation
import LegdayCore

/// Reads CSV schedules as people export them: legday's own `date,type,distance_km,title`, and any other
/// header whose date, title, description, type, distance and duration columns can be told from their names
/// (in English, German, French, Spanish, Norwegian and Chinese), or are named in `[schedule.csv]`.
/// Comma, semicolon and tab separators, RFC 4180 quoting, a BOM, decimal commas, ISO and day-first dates,
/// several rows for one date.
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

    /// The column each role was found in, and the distance column's unit when its name says it.
    struct Columns {
        var index: [String: Int] = [:]
        var distanceUnit: DistanceUnit?
    }

    let path: String
    let layout: CSVLayout
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, layout: CSVLayout = CSVLayout()) {
        self.path = path
        self.layout = layout
    }

    /// Header names of each role, written as `normalised` makes them. An exact name wins over a name that
    /// merely contains one of these words.
    static let roleNames: [(role: String, names: [String])] = [
        ("date", ["date", "datum", "fecha", "dato", "日期", "start date", "day date", "when"]),
        ("type", ["type", "activity category", "activity type", "workout type", "category", "kind", "typ", "tipo",
                  "art", "type d entraînement", "类型", "sport"]),
        ("title", ["title", "workout", "activity", "session", "summary", "name", "subject", "training", "titel",
                   "titre", "título", "titulo", "einheit", "séance", "seance", "sesión", "entrenamiento", "økt",
                   "trening", "训练", "内容", "标题", "event", "plan"]),
        ("description", ["description", "detail", "details", "notes", "note", "comment", "comments",
                         "beschreibung", "descripción", "descripcion", "beskrivelse", "说明", "备注", "描述",
                         "instructions"]),
        ("distance", ["distance km", "distance", "km", "kms", "kilometers", "kilometres", "miles", "mi",
                      "total miles", "distanz", "distancia", "distanse", "距离", "公里", "mileage"]),
        ("duration", ["duration", "time", "minutes", "mins", "min", "dauer", "durée", "duración", "varighet",
                      "时长", "时间"]),
    ]

    static func normalised(_ header: String) -> String {
        TextTokens(header.replacingOccurrences(of: "_", with: " ")).words.joined(separator: " ")
    }

    /// Which column holds what: `[schedule.csv]` first, then exact names, then names containing a role's word.
    func columns(of header: [Field]) -> Columns {
        var result = Columns()
        let names = header.map { CSVScheduleReader.normalised($0.text) }
        var taken: Set<Int> = []
        for (role, wanted) in layout.columns {
            if let index = names.firstIndex(of: CSVScheduleReader.normalised(wanted)) {
                result.index[role] = index
                taken.insert(index)
            }
        }
        for (role, candidates) in CSVScheduleReader.roleNames where result.index[role] == nil {
            for candidate in candidates {
                if let index = names.indices.first(where: { !taken.contains($0) && names[$0] == candidate }) {
                    result.index[role] = index
                    taken.insert(index)
                    break
                }
            }
        }
        // "Start Time" and "End Time" are times of day, not how long a session lasts.
        let timesOfDay: Set<Substring> = ["start", "end", "begin", "beginn", "ende", "début", "fin", "inicio", "slutt"]
        for (role, candidates) in CSVScheduleReader.roleNames where result.index[role] == nil {
            let index = names.indices.first { index in
                !taken.contains(index)
                    && !(role == "duration" && !timesOfDay.isDisjoint(with: names[index].split(separator: " ")))
                    && candidates.contains { candidate in
                    let words = names[index].split(separator: " ")
                    return candidate.contains(" ") ? names[index].contains(candidate) : words.contains(Substring(candidate))
                }
            }
            if let index {
                result.index[role] = index
                taken.insert(index)
            }
        }
        if let index = result.index["distance"] {
            let words = Set(names[index].split(separator: " "))
            if !words.isDisjoint(with: ["miles", "mi", "mile", "mileage"]) {
                result.distanceUnit = .miles
            } else if !words.isDisjoint(with: ["km", "kms", "kilometers", "kilometres", "公里"]) {
                result.distanceUnit = .km
            }
        }
        return result
    }

    mutating func read(_ text: String, into builder: inout ScheduleBuilder) {
        let records = CSVScheduleReader.records(in: text, separator: CSVScheduleReader.separator(of: text))
        guard let header = records.first else {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "empty CSV file: expected a header line such as date,type,distance_km,title"))
            return
        }
        let columns = columns(of: header)
        guard let dateColumn = columns.index["date"],
              columns.index["type"] != nil || columns.index["title"] != nil || columns.index["description"] != nil else {
            diagnostics.append(Diagnostic(location(header.first ?? Field(text: "", line: 1, column: 1)),
                "the first line must be a header naming a date column and a title, type or description column "
                + "(such as date,type,distance_km,title); name other columns under [schedule.csv]"))
            return
        }
        let rows = records.dropFirst().filter { !($0.count == 1 && $0[0].text.trimmingCharacters(in: .whitespaces).isEmpty) }
        let order = layout.dateOrder ?? CSVScheduleReader.dateOrder(rows.compactMap { dateColumn < $0.count ? $0[dateColumn].text : nil })
        let learned = CSVScheduleReader.typesLearned(from: rows, columns: columns)
        for record in rows {
            readRow(record, columns: columns, dateColumn: dateColumn, order: order, learned: learned, into: &builder)
        }
    }

    /// What a type column's own words mean in this file, learned from its rows whose title is a type name:
    /// a plan whose "Recovery" rows are titled "rest" means rest by a "Recovery" row with no title, not a
    /// recovery run. Only a word that at least two titled rows agree on, and none contradicts, is learned;
    /// the value is the title those rows give, which a title-less row of that word then takes.
    static func typesLearned(from rows: [[Field]], columns: Columns) -> [String: String] {
        guard let typeColumn = columns.index["type"], let titleColumn = columns.index["title"] else { return [:] }
        var seen: [String: (name: ScheduleTypeName, title: String, count: Int)?] = [:]
        for record in rows where typeColumn < record.count && titleColumn < record.count {
            let word = record[typeColumn].text.trimmingCharacters(in: .whitespaces).lowercased()
            let title = record[titleColumn].text.trimmingCharacters(in: .whitespaces)
            let name = ScheduleTypeName.read(title)
            guard !word.isEmpty, name != .unstated else { continue }
            if case .unknown = name { seen[word] = .some(nil); continue }
            switch seen[word] {
            case .none: seen[word] = (name, title, 1)
            case .some(.some(let known)) where known.name == name: seen[word] = (name, known.title, known.count + 1)
            default: seen[word] = .some(nil)
            }
        }
        return seen.compactMapValues { $0.flatMap { $0.count >= 2 ? $0.title : nil } }
    }

    private mutating func readRow(_ record: [Field], columns: Columns, dateColumn: Int, order: CSVLayout.DateOrder,
                                  learned: [String: String], into builder: inout ScheduleBuilder) {
        func field(_ role: String) -> Field? {
            columns.index[role].flatMap { $0 < record.count ? record[$0] : nil }
        }
        func text(_ role: String) -> String { field(role)?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        guard let dateField = field("date"), let date = CSVScheduleReader.date(dateField.text, order: order) else {
            let shown = dateColumn < record.count ? record[dateColumn] : record[0]
            diagnostics.append(Diagnostic(location(shown), "'\(shown.text)' is not a date (YYYY-MM-DD, or DD.MM.YYYY and DD/MM/YYYY; see [schedule.csv] date_order); row skipped"))
            return
        }
        var entry = ScheduleEntry(date: date, title: text("title"), source: SourceLocation(path: path, line: dateField.line))
        entry.description = text("description")
        let typeText = text("type")
        switch ScheduleTypeName.read(typeText) {
        case .run(let type): entry.type = type
        case .strength: entry.isStrength = true
        case .unstated: break
        case .unknown(let written): entry.typeText = written
        }
        if let distanceField = field("distance") {
            let written = distanceField.text.trimmingCharacters(in: .whitespaces)
            if let km = Double(written.replacingOccurrences(of: ",", with: ".")), km >= 0, km < 1000 {
                switch columns.distanceUnit {
                case .miles: entry.distanceKm = km * 1.609344
                case .km: entry.distanceKm = km
                case nil: entry.bareDistance = km
                }
            } else if let km = DistanceScanner.scan(Substring(written)).km {
                entry.distanceKm = km
            } else if !written.isEmpty, !["-", "–", "—", "n/a", "na", "/"].contains(written.lowercased()) {
                diagnostics.append(Diagnostic(location(distanceField), "'\(written)' is not a distance; the row is read without it",
                                              severity: .warning))
            }
        }
        let duration = text("duration")
        if !duration.isEmpty {
            entry.durationMin = Double(duration.replacingOccurrences(of: ",", with: "."))
                ?? DurationScanner.minutes(in: duration, walking: false)
        }
        if entry.title.isEmpty, let title = learned[typeText.lowercased()] {
            entry.title = title
            entry.type = nil
        }
        if entry.title.isEmpty {
            entry.title = typeText.isEmpty ? entry.type?.rawValue ?? "" : typeText
        }
        builder.add(entry)
    }

    private func location(_ field: Field) -> SourceLocation {
        SourceLocation(path: path, line: field.line, column: field.column)
    }

    /// The separator the header line uses most: comma, semicolon or tab.
    static func separator(of text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted, character == "\n" || character == "\r\n" || character == "\r" { break }
            if !quoted, counts[character] != nil { counts[character, default: 0] += 1 }
        }
        let best = counts.max { ($0.value, $0.key == "," ? 1 : 0) < ($1.value, $1.key == "," ? 1 : 0) }
        return best.map { $0.value > 0 ? $0.key : "," } ?? ","
    }

    /// Day first or month first, from dates such as 13/04/2027 (a first number over 12 is a day); day
    /// first when nothing tells.
    static func dateOrder(_ texts: [String]) -> CSVLayout.DateOrder {
        for text in texts {
            let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map { Int($0.prefix(4)) }
            guard parts.count >= 3, let a = parts[0], let b = parts[1], (parts[2] ?? 0) > 31 else { continue }
            if a > 12 { return .dmy }
            if b > 12 { return .mdy }
        }
        return .dmy
    }

    /// 2027-04-13 (also with a time after it), 2027/04/13, 13.04.2027, 13/04/2027 or 04/13/2027 by `order`,
    /// two-digit years as 20xx.
    static func date(_ text: String, order: CSVLayout.DateOrder) -> LocalDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 10, let iso = LocalDate(iso: String(trimmed.prefix(10)).replacingOccurrences(of: "/", with: "-")) {
            return iso
        }
        let parts = trimmed.prefix { $0 != " " && $0 != "T" }
            .split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        if a > 31 { return LocalDate(year: a, month: b, day: c) }
        let year = c < 100 ? c + 2000 : c
        return order == .mdy ? LocalDate(year: year, month: a, day: b) : LocalDate(year: year, month: b, day: a)
    }

    /// Splits text into records of fields, each field knowing its line and column.
    static func records(in text: String, separator: Character = ",") -> [[Field]] {
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
            case separator:
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
