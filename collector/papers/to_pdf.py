"""A document's HTML page as PDF (A4, numbered pages), by WeasyPrint, with the Noto Serif
fonts embedded so Vietnamese prints right anywhere.

WeasyPrint and what it loads take about half a second and tens of megabytes to import, so
it is imported here, inside `to_pdf`, when a PDF is written: never by the collector's
start or by the agent. The page fetches nothing but the font files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collector.papers.errors import PaperError

FONT_DIR = Path("/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-core
FONTS = {
    ("normal", "normal"): "NotoSerif-Regular.ttf",
    ("bold", "normal"): "NotoSerif-Bold.ttf",
    ("normal", "italic"): "NotoSerif-Italic.ttf",
    ("bold", "italic"): "NotoSerif-BoldItalic.ttf",
}


def font_faces(font_dir: Path) -> str:
    """Return the @font-face rules that bind "Noto Serif" to the files in `font_dir`."""
    missing = [name for name in FONTS.values() if not (font_dir / name).is_file()]
    if missing:
        raise PaperError(
            f"the Vietnamese fonts {', '.join(missing)} are not in {font_dir}: install the "
            "Debian package fonts-noto-core"
        )
    return "".join(
        f"@font-face {{ font-family: 'Noto Serif'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{(font_dir / name).as_uri()}'); }}"
        for (weight, style), name in FONTS.items()
    )


def to_pdf(html: str, font_dir: Path = FONT_DIR) -> bytes:
    """Write the HTML page `html` as PDF."""
    faces = font_faces(font_dir)
    from weasyprint import CSS, HTML  # heavy: see the module's docstring
    from weasyprint.urls import URLFetcher

    allowed = font_dir.as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith(allowed):
                raise ValueError(f"the document may not fetch {url}")
            return super().fetch(url, headers)

    fetcher = FontsOnly()
    page = HTML(string=html, url_fetcher=fetcher)
    return bytes(page.write_pdf(stylesheets=[CSS(string=faces, url_fetcher=fetcher)]))
