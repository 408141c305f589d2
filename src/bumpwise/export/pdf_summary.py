"""The midwife summary as a PDF (fpdf2). Text stays text, so it can be searched and read aloud,
and a test can read it back."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from bumpwise.diary.chart import COLOURS, span, ticks
from bumpwise.diary.summary import Summary
from bumpwise.diary.trends import Series
from bumpwise.export.summary_text import blocks, subtitle, title
from bumpwise.i18n import HTML_LANG, translations

# DejaVu Sans where the system has it (Latin, Vietnamese, dashes and curly quotes, with a bold);
# Noto Sans SC always (a dependency, pylopdf-fonts-zh-cn; SIL OFL 1.1): the main font for Chinese
# and the fallback for any character DejaVu lacks, so a diary note in Chinese prints in any
# language's summary. fpdf2 embeds only the glyphs used (a subset). docs/i18n.md.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
              Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
_REPLACE = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "≥": ">=", "≤": "<="}


def noto_sans_sc() -> Path | None:
    """Noto Sans SC (Regular) from its package, or None when the package is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, size=8)
        footer = translations(self.locale).gettext("Bumpwise pain diary summary - page %(page)s/%(pages)s")
        self.cell(0, 6, self.clean(footer % {"page": self.page_no(), "pages": "{nb}"}), align="C")

    family_name = "helvetica"
    unicode = False
    locale = "en"

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        for a, b in _REPLACE.items():
            text = text.replace(a, b)
        return text.encode("latin-1", "replace").decode("latin-1")


def _beyond_dejavu(texts: list[str]) -> bool:
    """Whether any of these holds CJK (or other) characters past DejaVu's reach: only then is the
    8 MB Noto Sans SC loaded for an English or Vietnamese summary (it costs about 0.6 s)."""
    return any(ord(ch) >= 0x2E80 for text in texts for ch in text)


def _setup(locale: str = "en", wide: bool = True) -> _PDF:
    pdf = _PDF(format="A4")
    pdf.locale = locale
    pdf.set_title(translations(locale).gettext("Pain diary summary"))
    pdf.set_creator("Bumpwise")
    pdf.set_lang("en-GB" if locale == "en" else HTML_LANG[locale])
    if locale != "zh":
        for folder in _FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.is_file() and bold.is_file():
                pdf.add_font("dejavu", "", str(regular))
                pdf.add_font("dejavu", "B", str(bold))
                pdf.family_name, pdf.unicode = "dejavu", True
                break
    noto = noto_sans_sc()
    if noto is not None and (wide or pdf.family_name == "helvetica" or locale == "zh"):
        pdf.add_font("notosanssc", "", str(noto))
        pdf.add_font("notosanssc", "B", str(noto))  # the package has no bold: headings by size and colour
        if pdf.family_name == "dejavu":
            pdf.set_fallback_fonts(["notosanssc"])
        else:
            pdf.family_name, pdf.unicode = "notosanssc", True
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    return pdf


CHART_W, CHART_H = 88.0, 34.0  # mm, two charts a row


def render_pdf(summary: Summary, locale: str = "en") -> bytes:
    """One to two A4 pages: who and when, warning signs first, then the sections chosen, with a
    small pain chart per region drawn after the pain table; in English, Vietnamese or Chinese."""
    shown = list(blocks(summary, locale))
    texts = [title(summary, locale), subtitle(summary, locale), *(s.label for s in summary.pain_series)]
    texts += [t for b in shown for t in (b.heading, *b.lines, *(c for row in b.table for c in row))]
    pdf = _setup(locale, wide=_beyond_dejavu(texts))
    family = pdf.family_name
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(0, 7, pdf.clean(title(summary, locale)), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(0, 4.5, pdf.clean(subtitle(summary, locale)), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    for block in shown:
        pdf.ln(2)
        pdf.set_font(family, "B", 11)
        if block.warning:
            pdf.set_text_color(160, 0, 0)
        pdf.multi_cell(0, 5.5, pdf.clean(block.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_font(family, "B" if block.warning else "", 9)
        for line in block.lines:  # left-aligned: justified lines of URLs and names are hard to read
            pdf.multi_cell(0, 4.3, pdf.clean(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.set_text_color(0, 0, 0)
        if block.table:
            pdf.ln(1)
            pdf.set_font(family, "", 8.5)
            pdf.set_fill_color(235, 238, 241)
            pdf.set_draw_color(150, 150, 150)
            widths = (3, *([1] * (len(block.table[0]) - 1)))
            headings = FontFace(emphasis="BOLD", fill_color=(235, 238, 241))
            with pdf.table(first_row_as_headings=True, line_height=4.2, col_widths=widths, text_align="LEFT",
                           headings_style=headings) as table:
                for row in block.table:
                    cells = table.row()
                    for cell in row:
                        cells.cell(pdf.clean(cell))
        if block.key == "trends" and summary.pain_series:
            _region_charts(pdf, summary)
    return bytes(pdf.output())


def _region_charts(pdf: _PDF, summary: Summary) -> None:
    """A small chart per region, on the same weeks (the data's span, padded to four weeks)."""
    weeks = span(summary.pain_series)
    pdf.ln(2)
    left = pdf.l_margin
    for i, series in enumerate(summary.pain_series):
        column = i % 2
        if column == 0:
            if pdf.get_y() + CHART_H + 10 > pdf.h - pdf.b_margin:
                pdf.add_page()
            top = pdf.get_y()
        _chart(pdf, left + column * (CHART_W + 6), top, series, summary, weeks, i)
        if column == 1 or i == len(summary.pain_series) - 1:
            pdf.set_y(top + CHART_H + 9)


def _chart(pdf: _PDF, x0: float, y0: float, series: Series, summary: Summary, weeks: tuple[float, float],
           index: int) -> None:
    family = pdf.family_name
    pdf.set_font(family, "B", 8.5)
    pdf.set_xy(x0, y0)
    chart = translations(pdf.locale).gettext("Pain chart: %(region)s") % {"region": series.label}
    pdf.cell(CHART_W, 4, pdf.clean(chart))
    top, bottom = y0 + 5.5, y0 + CHART_H
    left, right = x0 + 6, x0 + CHART_W
    w0, w1 = weeks

    def x(week: float) -> float:
        return left + (week - w0) / (w1 - w0) * (right - left)

    def y(score: float) -> float:
        return bottom - score / 10 * (bottom - top)

    pdf.set_font(family, "", 6.5)
    pdf.set_draw_color(190, 190, 190)
    pdf.set_line_width(0.15)
    for score in (0, 5, 10):
        pdf.line(left, y(score), right, y(score))
        pdf.set_xy(x0, y(score) - 1.5)
        pdf.cell(5, 3, str(score), align="R")
    for week, name, day in ticks(summary.axis, weeks, 5, pdf.locale):
        pdf.set_xy(x(week) - 8, bottom + 0.5)
        pdf.cell(16, 2.8, pdf.clean(name), align="C")
        pdf.set_xy(x(week) - 8, bottom + 3.2)
        pdf.cell(16, 2.8, pdf.clean(day), align="C")
    red, green, blue = (int(COLOURS[index % len(COLOURS)][k:k + 2], 16) for k in (1, 3, 5))
    pdf.set_draw_color(red, green, blue)
    pdf.set_fill_color(red, green, blue)
    pdf.set_line_width(0.5)
    points = [(x(p.week), y(p.score)) for p in series.points]
    if len(points) > 1:
        pdf.polyline(points)
    for px, py in points if len(points) <= 60 else ():
        pdf.ellipse(px - 0.6, py - 0.6, 1.2, 1.2, style="F")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)
