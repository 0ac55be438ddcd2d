import LegdayCore

/// The gallery page: every exercise's figures on one HTML page, the SVGs inline, for looking at them all
/// at once. A script in the page draws each figure onto a canvas and marks whether it inked anything, so a
/// headless browser can check that every figure renders (`Tests/integration/test_exercise_figures.py`).
extension FigureRenderer {
    /// How to read a figure, one item a colour or mark: the readers of the figures asked what the colours
    /// mean, and nothing in the pictures says it.
    public static let legend: [(ink: Ink, meaning: String)] = [
        (.body, "the near side of the body"),
        (.farBody, "the far side"),
        (.accent, "the leg doing the work"),
        (.motion, "where the movement goes (arrows), where a foot lands (footprints), a hold (stopwatch)"),
        (.band, "a resistance band"),
    ]

    /// `legend` as a line of HTML: a coloured square before each meaning.
    public static var legendHTML: String {
        legend.map { item in
            "<span style=\"display:inline-block;width:0.8em;height:0.8em;background:\(item.ink.hex);"
                + "margin:0 0.3em 0 0.9em;vertical-align:baseline\"></span>\(SVGWriter.escape(item.meaning))"
        }.joined()
    }

    public static func gallery(_ exercises: [Exercise], panelSize: Int = panelSize) -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>legday: every exercise's positions</title>
        <style>
        body { font-family: sans-serif; margin: 2em; color: #262626; }
        figure { margin: 0 0 2.5em 0; }
        figcaption { font-size: 1.2em; margin-bottom: 0.4em; }
        figcaption code { color: #777; font-size: 0.8em; margin-left: 0.6em; }
        svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        </style>
        </head>
        <body>
        <h1>legday: every exercise's positions</h1>

        """
        page += "<p class=\"legend\">\(legendHTML)</p>\n"
        for exercise in exercises {
            page += "<figure class=\"exercise\" data-id=\"\(SVGWriter.escape(exercise.id))\">\n"
            page += "<figcaption>\(SVGWriter.escape(exercise.name))<code>\(SVGWriter.escape(exercise.id))</code></figcaption>\n"
            page += svg(for: exercise, panelWidth: panelSize, height: panelSize)
            page += "</figure>\n"
        }
        page += """
        <script>
        // Draw every figure onto a canvas and count the pixels it inks: a figure that fails to parse or
        // draws nothing is marked data-rendered="no".
        (async () => {
          const figures = [...document.querySelectorAll("figure.exercise")];
          let drawn = 0;
          for (const figure of figures) {
            const svg = figure.querySelector("svg");
            let ok = false;
            if (svg) {
              const text = new XMLSerializer().serializeToString(svg);
              const image = new Image();
              image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
              try {
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.naturalWidth;
                canvas.height = image.naturalHeight;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
                let inked = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 600) inked++;
                }
                ok = inked > canvas.width * canvas.height / 100;
              } catch (error) {
                ok = false;
              }
            }
            figure.setAttribute("data-rendered", ok ? "yes" : "no");
            if (ok) drawn++;
          }
          const result = document.createElement("p");
          result.setAttribute("id", "figures-checked");
          result.setAttribute("data-drawn", String(drawn));
          result.setAttribute("data-total", String(figures.length));
          result.textContent = drawn + " of " + figures.length + " figures drawn";
          document.body.appendChild(result);
        })();
        </script>
        </body>
        </html>

        """
        return page
    }
}
