"""Which lexicon reads a message: Chinese if it is written in Chinese characters, Vietnamese if it
has Vietnamese letters or enough Vietnamese words typed without accents, English otherwise.

A message in one language with words of another (a Vietnamese sentence with "back pain", Chinese
with "BH") is read by the first language's lexicon, which also holds the English phrases. English
texts must keep their reading exactly, so the Vietnamese words counted here are ones English never
uses as words, and a few of them must make up a good share of the message.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
# Letters only Vietnamese uses (ă â đ ê ô ơ ư and every toned vowel of the Latin Extended Additional
# block), and the tone marks of text typed in decomposed form.
_VI_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]|[aeiouy][\u0300\u0301\u0303\u0309\u0323]", re.IGNORECASE)
# Vietnamese words as typed without accents, that are not English words.
_VI_WORD = re.compile(
    r"(?<![\w'])(?:khong|ko|kh[oô]ng|dau|đau|nhuc|tuan|tuần|thang|tháng|bau|bầu|duoc|dc|đc|roi|rồi|nhung|nhieu"
    r"|lam|minh|nhe|nha|vay|bung|lung|chan|mau|nuoc|sinh|cung|chua|dang|bi|em|oi|ak|mn|bs|hom|qua|ngay|thi"
    r"|cua|voi|nen|toi|gi|sao|khi|nao|co|ra|mot|hai|cho|nay|thay|kham|bac|si|ben|trai|phai|mong|ngu|di|lai"
    r"|ve|tu|het|hoi|bao|ah|vs|ck|mk|tuoi|tieu|sot|phu|sung|nguc|tho|dap|nau|hong|oi|thay|duoi|tren|nhung"
    r"|xuong|bong|kinh|chuot|rut|nhuc|buot|rat|lau|dung|ngoi|nam|nghi|tay|mat|dem|sang|chieu|cuc|vo|roi"
    r"|kho|chiu|qua|lam|nhe|phai|trai|hon|muon|giac|nhu|tut|lien|doi|ngot|nhien|chong|xiu|song|nua|que"
    r"|vach|ngat|nguoi|moi|giup|minh|thuc|hien|sut|kieng|bap|nong|phut|cung)(?![\w'])", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# A word that could be one Vietnamese syllable, typed with or without accents.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
    r"ùúủũụưừứửữựỳýỷỹỵ]{1,3}(?:ch|ng|nh|[cmnpt])?", re.IGNORECASE)
_ACCENTED = re.compile(r"[àáãèéìíòóõùúý]", re.IGNORECASE)


def language(text: str) -> str:
    """"zh", "vi" or "en" for this message."""
    han = len(_HAN.findall(text))
    if han >= 2 or (han and han * 3 >= len(_LETTER.findall(text))):
        return "zh"
    strong = len(_VI_LETTER.findall(text))
    if strong >= 2:
        return "vi"
    hits = len(_VI_WORD.findall(text))
    if (strong or _ACCENTED.search(text)) and hits:
        return "vi"
    if not (strong or hits):
        return "en"
    words = _WORD.findall(text)
    # Short messages typed without accents: every word a Vietnamese syllable and some of them ours.
    syllables = all(_SYLLABLE.fullmatch(w) for w in words)
    if syllables and (strong or hits * 3 >= len(words)):
        return "vi"
    if (hits >= 2 and hits * 2 >= len(words)) or (hits >= 3 and hits * 10 >= 3 * len(words)):
        return "vi"
    return "en"
