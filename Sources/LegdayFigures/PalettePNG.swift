#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a drawn figure as an 8-bit palette PNG. A figure is a dozen flat inks on white plus their
/// anti-aliased edges, so the most frequent 64 colours hold it with no visible change, and a byte per
/// pixel deflates to about a third of cairo's three-byte truecolour PNG (the email's size budget,
/// docs/email.md). The deflate is zlib's, which cairo's PNG writer (through libpng) already loaded into the
/// process; when it cannot be found the caller falls back to cairo's own PNG.
enum PalettePNG {
    /// The most colours kept; every other colour becomes the nearest of them.
    static let maximumColours = 64

    /// `pixels`: cairo's RGB24 or opaque ARGB32 rows, four bytes a pixel (blue, green, red, unused on a
    /// little-endian machine), `stride` bytes a row.
    static func encode(width: Int, height: Int, stride: Int, pixels: UnsafePointer<UInt8>,
                       maximumColours: Int = maximumColours) -> [UInt8]? {
        guard width > 0, height > 0, let zlib = Zlib.shared else { return nil }
        func rgb(_ p: UnsafePointer<UInt8>) -> UInt32 {
            #if _endian(little)
            UInt32(p[2]) << 16 | UInt32(p[1]) << 8 | UInt32(p[0])
            #else
            UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
            #endif
        }

        // How often each colour occurs (runs counted at once: most of a figure is white paper).
        var counts: [UInt32: Int] = [:]
        for y in 0..<height {
            let row = pixels + y * stride
            var x = 0
            while x < width {
                let colour = rgb(row + x * 4)
                var run = 1
                while x + run < width, rgb(row + (x + run) * 4) == colour { run += 1 }
                counts[colour, default: 0] += run
                x += run
            }
        }
        let palette = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(maximumColours).map(\.key)
        var index: [UInt32: UInt8] = [:]
        for colour in counts.keys {
            var best = 0, bestDistance = Int.max
            for (i, candidate) in palette.enumerated() {
                let dr = Int(colour >> 16 & 0xFF) - Int(candidate >> 16 & 0xFF)
                let dg = Int(colour >> 8 & 0xFF) - Int(candidate >> 8 & 0xFF)
                let db = Int(colour & 0xFF) - Int(candidate & 0xFF)
                let distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db
                if distance < bestDistance { best = i; bestDistance = distance }
            }
            index[colour] = UInt8(best)
        }

        // Scanlines: filter type 0 (none, best for palette images), then one index a pixel.
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (width + 1))
        for y in 0..<height {
            raw.append(0)
            let row = pixels + y * stride
            var last: UInt32 = .max, lastIndex: UInt8 = 0
            for x in 0..<width {
                let colour = rgb(row + x * 4)
                if colour != last { last = colour; lastIndex = index[colour] ?? 0 }
                raw.append(lastIndex)
            }
        }
        guard let compressed = zlib.compress(raw, level: 9) else { return nil }

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]  // 8 bits, palette colour, deflate, adaptive filtering, no interlace
        png += chunk("IHDR", header)
        png += chunk("PLTE", palette.flatMap { [UInt8($0 >> 16 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)] })
        png += chunk("IDAT", compressed)
        png += chunk("IEND", [])
        return png
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(body.count)) + typeBytes + body + bigEndian(crc32(typeBytes + body))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// zlib's `compress2`, found at run time: libpng (under cairo) has it loaded already, so no link flag and
/// no new system-library target is needed.
struct Zlib: @unchecked Sendable {
    typealias Compress2 = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?,
                                          UnsafePointer<UInt8>?, UInt, Int32) -> Int32
    typealias CompressBound = @convention(c) (UInt) -> UInt

    let compress2: Compress2
    let compressBound: CompressBound

    static let shared: Zlib? = {
        for name in ["libz.so.1", "libz.so", "libz.dylib"] {
            guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let compress = dlsym(library, "compress2"), let bound = dlsym(library, "compressBound") else {
                continue
            }
            return Zlib(compress2: unsafeBitCast(compress, to: Compress2.self),
                        compressBound: unsafeBitCast(bound, to: CompressBound.self))
        }
        return nil
    }()

    /// A zlib stream (RFC 1950), as a PNG's IDAT wants it.
    func compress(_ input: [UInt8], level: Int32) -> [UInt8]? {
        var length = compressBound(UInt(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                compress2(out.baseAddress, &length, source.baseAddress, UInt(input.count), level)
            }
        }
        guard status == 0 else { return nil }  // Z_OK
        return Array(output.prefix(Int(length)))
    }
}
