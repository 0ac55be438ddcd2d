import LegdayCLI

/// The `legday` executable: everything lives in LegdayCLI; this only starts it.
@main
enum LegdayMain {
    static func main() async {
        await Legday.main()
    }
}
