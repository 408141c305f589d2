"""Which lexicon reads a message: Chinese if it is written in Chinese characters, Vietnamese if it
has Vietnamese letters or enough Vietnamese words typed without accents, English otherwise.

A message in one language with words of another (a Vietnamese sentence with "back pain", Chinese
with "BH") is read by the first language's lexicon, which also holds the English phrases. English
texts must keep their reading exactly, so the Vietnamese words counted here are ones English never
uses as words, and a few of them must make up a good share of the message. This runs before every
English reading too, so it is a set look-up per word, not a long pattern over the text.
"""

from __future__ import annotations

import re
import unicodedata

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
# Letters only Vietnamese uses (ă â đ ê ô ơ ư and every toned vowel of the Latin Extended Additional
# block), and the tone marks of text typed in decomposed form.
_VI_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]|[aeiouy][\u0300\u0301\u0303\u0309\u0323]", re.IGNORECASE)
_ACCENTED = re.compile(r"[àáãèéìíòóõùúý]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# Vietnamese words as typed without accents that are not English words.
_VI_WORDS = frozenset("""
khong ko dau nhuc tuan thang bau duoc dc roi nhung nhieu lam minh nhe nha vay bung lung chan mau nuoc sinh
cung chua dang bi em oi ak mn bs hom qua ngay thi cua voi nen toi gi sao khi nao co ra mot hai cho nay thay
kham bac si ben trai phai mong ngu di lai ve tu het hoi bao ah vs ck mk tuoi tieu sot phu sung nguc tho dap
nau hong duoi tren xuong bong kinh chuot rut buot rat lau dung ngoi nam nghi tay mat dem sang chieu cuc vo
kho chiu hon muon giac nhu tut lien doi ngot nhien chong xiu song nua que vach ngat nguoi moi giup hien sut
kieng bap nong phut thuc
""".split())  # noqa: SIM905 - a word list reads best as one block
# A word that could be one Vietnamese syllable, typed with or without accents.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def _bare(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word.replace("đ", "d")) if not unicodedata.combining(c))


def language(text: str) -> str:
    """"zh", "vi" or "en" for this message."""
    ascii_text = text.isascii()
    if not ascii_text:
        han = len(_HAN.findall(text))
        if han >= 2 or (han and han * 3 >= len(_LETTER.findall(text))):
            return "zh"
    strong = 0 if ascii_text else len(_VI_LETTER.findall(text))
    if strong >= 2:
        return "vi"
    words = _WORD.findall(text.lower())
    if not ascii_text:  # an ASCII word has no marks to strip
        words = [_bare(w) for w in words]
    hits = sum(w in _VI_WORDS for w in words)
    if not hits:
        return "vi" if strong and words and all(_SYLLABLE.fullmatch(w) for w in words) else "en"
    if strong or (not ascii_text and _ACCENTED.search(text)):
        return "vi"
    # Short messages typed without accents: every word a Vietnamese syllable and some of them ours.
    if hits * 3 >= len(words) and all(_SYLLABLE.fullmatch(w) for w in words):
        return "vi"
    if (hits >= 2 and hits * 2 >= len(words)) or (hits >= 3 and hits * 10 >= 3 * len(words)):
        return "vi"
    return "en"
