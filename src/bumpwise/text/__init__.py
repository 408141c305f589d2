"""Free text -> findings, flags and context: a pregnant person's own words, read as a
midwife would, with negation, uncertainty, the week and the side.

    from bumpwise.text import read_text
    reading = read_text("34 weeks, lower back aching on and off, no bleeding")

The lexicon is data (lexicon.yaml, cues.yaml, context.yaml beside this file);
docs/text.md says how it is laid out and how to add a phrase.
"""

from bumpwise.text.model import Extracted, TextReading
from bumpwise.text.reader import read_text

__all__ = ["Extracted", "TextReading", "read_text"]
