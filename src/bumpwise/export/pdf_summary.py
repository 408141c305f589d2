"""The midwife summary as a PDF (fpdf2). Text stays text, so it can be searched and read aloud,
and a test can read it back."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bumpwise.diary.summary import Summary
from bumpwise.export.summary_text import blocks, subtitle, title

# A Unicode font when the system has one (labels use dashes and curly quotes); else the PDF core
# font, with text reduced to Latin-1 so nothing is dropped silently.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
              Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
_REPLACE = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "≥": ">=", "≤": "<="}


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, size=8)
        self.cell(0, 6, self.clean(f"Bumpwise pain diary summary - page {self.page_no()}/{{nb}}"), align="C")

    family_name = "helvetica"
    unicode = False

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        for a, b in _REPLACE.items():
            text = text.replace(a, b)
        return text.encode("latin-1", "replace").decode("latin-1")


def _setup() -> _PDF:
    pdf = _PDF(format="A4")
    pdf.set_title("Pain diary summary")
    pdf.set_creator("Bumpwise")
    pdf.set_lang("en-GB")
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("dejavu", "", str(regular))
            pdf.add_font("dejavu", "B", str(bold))
            pdf.family_name, pdf.unicode = "dejavu", True
            break
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    return pdf


def render_pdf(summary: Summary) -> bytes:
    pdf = _setup()
    family = pdf.family_name
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, pdf.clean(title(summary)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9)
    pdf.multi_cell(0, 5, pdf.clean(subtitle(summary)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for block in blocks(summary):
        pdf.ln(3)
        pdf.set_font(family, "B", 12)
        if block.warning:
            pdf.set_text_color(160, 0, 0)
        pdf.multi_cell(0, 7, pdf.clean(block.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, "B" if block.warning else "", 10)
        for line in block.lines:
            pdf.multi_cell(0, 5, pdf.clean(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        if block.table:
            pdf.ln(1)
            pdf.set_font(family, "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row in block.table:
                    cells = table.row()
                    for cell in row:
                        cells.cell(pdf.clean(cell))
    return bytes(pdf.output())
