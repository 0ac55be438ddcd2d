/// A mailbox as config writes it: `runner@example.org` or `legday <runner@example.org>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any ("legday").
    public var name: String?
    /// The bare address the SMTP envelope uses ("runner@example.org").
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses one mailbox, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<MailAddress, MailAddressError> {
        let trimmed = text.trimmingSpaces
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var display = String(trimmed[..<open]).trimmingSpaces
            if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
                display = String(display.dropFirst().dropLast())
            }
            name = display.isEmpty ? nil : display
        }
        if let name, name.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            return .failure(MailAddressError("a display name cannot contain a line break: \(text.debugDescription)"))
        }
        guard isAddrSpec(address) else {
            return .failure(MailAddressError("not an email address: \(text.debugDescription)"))
        }
        return .success(MailAddress(name: name, address: address))
    }

    /// The domain after the `@`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// As written in a header: the name encoded or quoted as RFC 5322 and 2047 require.
    public var headerValue: String {
        guard let name else { return address }
        return "\(HeaderEncoding.phrase(name)) <\(address)>"
    }

    public var description: String { headerValue }

    /// A deliberately plain check: `local@domain`, printable ASCII, nothing that could break a header or an
    /// SMTP command. Servers do the full RFC 5321 validation; this only keeps obvious mistakes out of config.
    static func isAddrSpec(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        let forbidden: Set<Character> = [" ", "<", ">", "(", ")", ",", ";", "\\", "\"", "[", "]"]
        return text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 }
            && !domain.contains("@") && !text.contains(where: { forbidden.contains($0) })
    }
}

public struct MailAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
