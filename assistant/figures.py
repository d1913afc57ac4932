"""The one parser for numbers with units ("figures") in Chinese and English text.

Used by the answer engine, the verifier and the eval grader, so that all three agree on what
"750.4亿元", "14800万元" and "148 million yuan" mean.

* ``parse_figures(text)`` finds every figure in ``text``: in order, non-overlapping, with offsets into
  the original string (full-width digits/punctuation are mapped one character to one character).
* Values are normalised to the base unit of their class: money in yuan (元), percent as a fraction
  (34.2% -> 0.342, 两成 -> 0.2), power in kW, energy in kWh, voltage in kV, mass in 吨, area in 平方米,
  length in 米, volume in 立方米.
  Counts keep their counter word ("台", "家", "个" ...) as ``unit``; scale words (万, 亿, million ...)
  are applied to every class.
* ``same_quantity`` compares two figures; ``format_value`` renders a normalised value for zh/en text.

The unit and counter tables are data: assistant/lexicon/units.tsv and counters.tsv (sources in their
headers). Standard library only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Literal

from assistant.vocabulary import counters

LEXICON = Path(__file__).resolve().parent / "lexicon"

__all__ = [
    "Figure",
    "UnitClass",
    "figure_from_text",
    "format_value",
    "parse_figures",
    "parse_number",
    "same_quantity",
]

UnitClass = Literal[
    "money",
    "percent",
    "count",
    "power",
    "energy",
    "mass",
    "area",
    "length",
    "volume",
    "voltage",
    "time",
    "year",
    "date",
    "plain",
]


@dataclass(frozen=True)
class Figure:
    """One number with its unit, as found in a text."""

    value: float  # normalised to the base unit of its class
    unit: str  # canonical base unit ("元", "%", "pp", "kW", "kWh", "吨", "平方米", counter word, "" ...)
    unit_class: str  # one of UnitClass
    text: str  # surface text exactly as in the source
    start: int  # offsets of `text` in the parsed string
    end: int
    qualifier: str = ""  # "约", "余", "多", "以上", "超过", "about" ... ("" if none)
    upper: float | None = None  # upper bound of a range ("3-5亿元"); `value` is then the lower bound

    @property
    def approximate(self) -> bool:
        """True when a qualifier ("约", "余", "以上", "about" ...) makes the figure inexact."""
        return bool(self.qualifier)


# --------------------------------------------------------------------------------------------------
# Character tables
# --------------------------------------------------------------------------------------------------

_ONE = Decimal(1)
_WS = " \t\r\n\u00a0"
_MAX_WS = 4  # at most this much whitespace may separate a number from its scale/unit

_CN_DIGIT: dict[str, int] = {
    "零": 0, "〇": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_MAX_CN_LEN = 24  # longest Chinese numeral tried ("一千二百三十四万五千六百七十八点九" fits)
_CN_FRAC_DIGITS = "零〇一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"

# scale words written after a number; "千" alone only counts when a unit follows ("5千元")
_CN_SCALES: list[tuple[str, Decimal]] = sorted(
    [
        ("万亿", Decimal(10**12)), ("萬億", Decimal(10**12)),
        ("千亿", Decimal(10**11)), ("百亿", Decimal(10**10)),
        ("千万", Decimal(10**7)), ("千萬", Decimal(10**7)),
        ("百万", Decimal(10**6)), ("百萬", Decimal(10**6)),
        ("亿", Decimal(10**8)), ("億", Decimal(10**8)),
        ("万", Decimal(10**4)), ("萬", Decimal(10**4)),
        ("千", Decimal(10**3)),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
_EN_SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10**3),
    "million": Decimal(10**6),
    "mn": Decimal(10**6),
    "billion": Decimal(10**9),
    "bn": Decimal(10**9),
    "trillion": Decimal(10**12),
}
_EN_SCALE_RE = re.compile(r"(thousand|million|billion|trillion|bn|mn)(?![A-Za-z])", re.IGNORECASE)

_NUMBER_RE = re.compile(r"[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?")
_START_RE = re.compile(
    r"(?P<pct>百分之|千分之)"
    rf"|(?P<ar>[0-9]+(?:,[0-9]{{3}}(?![0-9]))*(?:\.[0-9]+)?)"
    rf"|(?P<cn>[{_CN_CHARS}]+(?:点[{_CN_FRAC_DIGITS}]+)?)"
)
_CN_RUN_RE = re.compile(rf"[{_CN_CHARS}]+(?:点[{_CN_FRAC_DIGITS}]+)?")
_RANGE_SEP_RE = re.compile(r"[ \t]*(?:-|~|〜|–|—|至|到)[ \t]*")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_EN_WORD_RE = re.compile(r"[A-Za-z]+(?![A-Za-z])")
_SIGNS = "-−"


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


# --------------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    surface: str
    cls: str
    unit: str
    factor: Decimal
    cn_ok: bool  # may follow a Chinese numeral ("五千万元" yes, "一号" / "一方面" no)
    bad_next: str = ""  # the unit does not count when followed by one of these characters
    scale: int = 0  # 1: needs a scale word before it ("万度"), -1: must not have one
    qual: str = ""  # qualifier carried by the surface itself ("个多月")
    not_before_cjk: bool = False  # only counts when not followed by a CJK character ("5块。")

    @property
    def latin(self) -> bool:
        return self.surface[:1].isascii()


def _u(
    surface: str,
    cls: str,
    unit: str,
    factor: str | Decimal = "1",
    *,
    cn: bool | None = None,
    bad: str = "",
    scale: int = 0,
    qual: str = "",
    not_before_cjk: bool = False,
) -> _Unit:
    cn_ok = (not surface[:1].isascii()) if cn is None else cn
    return _Unit(surface, cls, unit, Decimal(factor), cn_ok, bad, scale, qual, not_before_cjk)


def _factor(text: str) -> Decimal:
    num, _, den = text.partition("/")  # "2000/3": 1 亩 = 666.67 平方米
    return Decimal(num) / Decimal(den) if den else Decimal(num)


def _load_units() -> list[_Unit]:
    """The unit table of assistant/lexicon/units.tsv, then the counters of counters.tsv (see their headers)."""
    units: list[_Unit] = []
    for row in (LEXICON / "units.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        surface, cls, unit, factor, *rest = row.split("\t")
        opts = dict(o.partition("=")[::2] for o in (rest[0].split() if rest else []))
        units.append(_u(surface, cls, unit, _factor(factor), cn=None if "cn" not in opts else opts["cn"] == "1",
                        bad=opts.get("bad", ""), scale=int(opts.get("scale", "0")), qual=opts.get("qual", ""),
                        not_before_cjk="not_before_cjk" in opts))
    units += [_u(c, "count", c, cn=cn_ok, bad=bad) for c, cn_ok, bad in counters()]
    return units


_UNITS: list[_Unit] = _load_units()
COUNTER_WORDS = "".join(c for c, _, _ in counters())  # every counter a count figure may carry

_UNITS_BY_FIRST: dict[str, list[_Unit]] = {}
for _unit in _UNITS:
    _UNITS_BY_FIRST.setdefault(_unit.surface[0].lower(), []).append(_unit)

# English plural nouns after a number are counted ("196 projects"); these words are not such nouns
_EN_NOT_COUNT = frozenset(
    [
        "is",
        "was",
        "has",
        "as",
        "its",
        "this",
        "these",
        "those",
        "yes",
        "us",
        "does",
        "goes",
        "plus",
        "less",
        "versus",
        "across",
        "always",
        "perhaps",
        "thus",
        "whereas",
        "towards",
        "afterwards",
        "besides",
        "unless",
        "yuan",
        "percent",
        "times",
    ]
)
_EN_IRREGULAR_PLURALS = frozenset(["people", "staff", "personnel", "children", "men", "women", "persons"])
_EN_COUNT_UNIT = _Unit("", "count", "个", _ONE, False)

# qualifiers
_LEAD_CN = ("将近", "大约", "约合", "超过", "不到", "不足", "接近", "约", "近", "逾")
# "签约3个项目" is not "约3个": words ending in 约/近 that are not qualifiers
_NOT_QUAL_BEFORE = {
    "约": "制节签预合条公相违履特集婚邀誉契俭规守践缔解续毁赴和如隐简",
    "近": "最附临邻就靠亲贴迫",
}
_LEAD_EN_RE = re.compile(
    r"(more than|less than|fewer than|up to|at least|close to|approximately|about|around|roughly|"
    r"nearly|almost|over|under|above|below)[ \t]+$",
    re.IGNORECASE,
)
_TRAIL_CN = ("以上", "以下", "左右", "以内")
_TRAIL_EN_RE = re.compile(r"[ \t]+(or more|or so|or less|or above)(?![A-Za-z])", re.IGNORECASE)
_CURRENCY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("人民币", "元"),
    ("US$", "美元"),
    ("USD", "美元"),
    ("RMB", "元"),
    ("CNY", "元"),
    ("¥", "元"),
    ("￥", "元"),
    ("$", "美元"),
)
_YEAR_CONTEXT_RE = re.compile(
    r"(?<![A-Za-z])(in|since|by|from|until|till|to|through|during|before|after|of|early|late|mid|"
    r"fiscal|year|between|and|end)[ \t-]+$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------------
# Normalisation and number parsing
# --------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Full-width ASCII (０-９ ． ％ ， Ａ-Ｚ ...) and the ideographic space mapped 1:1 to ASCII.

    Only those characters are touched, so every offset in the result is an offset into `text`."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
            mapped = unicodedata.normalize("NFKC", ch)
            if len(mapped) == 1:
                chars[i] = mapped
    return "".join(chars)


def _arabic_value(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def _parse_cn_int(s: str) -> int | None:
    """Strict parser for Chinese integers: "两千五百", "十亿", "一万二" (=12000), "一百零五"."""
    if not s:
        return None
    total = 0
    section = 0
    number: int | None = None
    last_small = 10**6
    prev_kind = ""  # "digit", "zero", "small", "big"
    prev_unit = 1
    for i, ch in enumerate(s):
        if ch in _CN_DIGIT:
            d = _CN_DIGIT[ch]
            if prev_kind == "digit":
                return None
            if d == 0:
                if prev_kind in ("", "zero") and i != 0:
                    return None
                prev_kind = "zero"
                continue
            number = d
            prev_kind = "digit"
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if number is None:
                if unit == 10 and (i == 0 or prev_kind in ("zero", "big")):
                    number = 1
                else:
                    return None
            if unit >= last_small:
                return None
            section += number * unit
            number = None
            last_small = unit
            prev_kind = "small"
            prev_unit = unit
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            section_value = section + (number or 0)
            if unit == 10**8:
                if section_value == 0 and total == 0:
                    return None
                total = (total + section_value) * unit
            else:
                if section_value == 0:
                    return None
                total += section_value * unit
            section = 0
            number = None
            last_small = 10**6
            prev_kind = "big"
            prev_unit = unit
        else:
            return None
    if number is not None:
        previous = s[-2] if len(s) > 1 else ""
        if previous in _CN_SMALL or previous in _CN_BIG:
            number *= max(prev_unit // 10, 1)  # colloquial "一百五" = 150, "一万二" = 12000
        section += number
    if prev_kind == "zero" and len(s) > 1:
        return None  # trailing 零
    return total + section


def _parse_cn(s: str, positional_ok: bool = False) -> Decimal | None:
    """Chinese numeral with optional 点 decimals; positional digits ("二〇二四") only when allowed."""
    int_part, _, frac = s.partition("点")
    if "点" in s and not frac:
        return None
    if frac and not all(ch in _CN_FRAC_DIGITS for ch in frac):
        return None
    if (
        positional_ok
        and (len(int_part) == 4 or any(ch in "零〇" for ch in int_part))  # "二〇二四", "一九九八"
        and len(int_part) >= 2
        and all(ch in _CN_DIGIT and ch not in "两兩" for ch in int_part)
    ):
        value: int | None = int("".join(str(_CN_DIGIT[ch]) for ch in int_part))
    elif int_part in ("零", "〇"):
        value = 0
    else:
        value = _parse_cn_int(int_part)
    if value is None:
        return None
    if not frac:
        return Decimal(value)
    return Decimal(f"{value}.{''.join(str(_CN_DIGIT[ch]) for ch in frac)}")


def _cn_approx_range(s: str) -> tuple[Decimal, Decimal] | None:
    """Approximate Chinese ranges: "三五" (3 to 5), "七八十" (70 to 80), "一两" (1 to 2)."""
    if len(s) < 2 or s[0] not in _CN_DIGIT or s[1] not in _CN_DIGIT:
        return None
    lo, hi = _CN_DIGIT[s[0]], _CN_DIGIT[s[1]]
    if not (lo > 0 and (hi == lo + 1 or (lo, hi) == (3, 5))):
        return None  # "一两", "两三", "七八", "三五"; not "一三" (as in "统一三个")
    rest = s[2:]
    multipliers = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6,
                   "千万": 10**7, "亿": 10**8}  # fmt: skip
    if rest not in multipliers:
        return None
    m = multipliers[rest]
    return Decimal(lo * m), Decimal(hi * m)


def _cn_has_digit(s: str) -> bool:
    return any(ch in _CN_DIGIT for ch in s)


# --------------------------------------------------------------------------------------------------
# Scales and units after a number
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tail:
    end: int
    scale: Decimal = _ONE
    has_scale: bool = False
    unit: _Unit | None = None
    inner: str = ""
    fallback: str = ""  # unknown Latin letters glued to the number ("2000P" -> "P")
    skip: bool = False  # ordinal suffix ("1st") or identifier ("5G2"): not a figure


def _ws_len(s: str, i: int) -> int:
    j = i
    while j < len(s) and s[j] in _WS:
        j += 1
    return j - i if j - i <= _MAX_WS else 0


def _scales_at(s: str, i: int, cn: bool) -> list[tuple[int, Decimal, bool]]:
    """(end, multiplier, needs_unit) for every scale word at i."""
    out: list[tuple[int, Decimal, bool]] = []
    for surface, mult in _CN_SCALES:
        if s.startswith(surface, i):
            out.append((i + len(surface), mult, surface == "千"))
    if not cn:
        m = _EN_SCALE_RE.match(s, i)
        if m:
            out.append((m.end(), _EN_SCALES[m.group(1).lower()], False))
    return out


def _is_en_plural(word: str) -> bool:
    w = word.lower()
    if w in _EN_IRREGULAR_PLURALS:
        return True
    if w in _EN_NOT_COUNT or len(w) < 3 or w in _EN_SCALES:
        return False
    return w.endswith("s") and not w.endswith(("ss", "us", "is"))


def _units_at(s: str, i: int, cn: bool, has_scale: bool) -> list[tuple[int, _Unit]]:
    out: list[tuple[int, _Unit]] = []
    if i >= len(s):
        return out
    for unit in _UNITS_BY_FIRST.get(s[i].lower(), ()):
        surface = unit.surface
        end = i + len(surface)
        seg = s[i:end]
        if unit.latin and len(surface) > 3:
            if seg.lower() != surface.lower():
                continue
        elif seg != surface and not (unit.latin and len(surface) >= 2 and surface.islower() and seg == surface.upper()):
            continue  # a lower-case unit also written in capitals ("身高182CM", "70KG"), never the reverse
        if unit.latin and end < len(s) and _is_ascii_letter(s[end]):
            continue
        if end < len(s) and s[end] in unit.bad_next:
            continue
        if unit.not_before_cjk and end < len(s) and _is_cjk(s[end]):
            continue
        if cn and not unit.cn_ok:
            continue
        if (unit.scale == 1 and not has_scale) or (unit.scale == -1 and has_scale):
            continue
        out.append((end, unit))
    if not out and not cn and i > 0 and s[i - 1] in _WS and _is_ascii_letter(s[i]):
        m = _EN_WORD_RE.match(s, i)
        if m and _is_en_plural(m.group()):
            out.append((m.end(), _EN_COUNT_UNIT))
    return out


def _tail(s: str, p: int, cn: bool) -> _Tail:
    """The longest scale/unit combination right after a number ending at p."""
    n = len(s)
    best = _Tail(p)
    best_key = (p, 0, 1)

    def consider(t: _Tail) -> None:
        nonlocal best, best_key
        key = (t.end, 1 if t.unit is not None else 0, 0 if t.has_scale else 1)
        if key > best_key:
            best, best_key = t, key

    starts = [(p, "")]
    if p < n and s[p] in "余多":
        starts.append((p + 1, s[p]))
    for a, inner in starts:
        ws = 0 if cn else _ws_len(s, a)
        for b in sorted({a, a + ws}):
            scales: list[tuple[int, Decimal, bool]] = [(b, _ONE, False)]
            scales += [(c, m, need) for c, m, need in _scales_at(s, b, cn)]
            for c, mult, needs_unit in scales:
                has_scale = c > b
                options = [(c, inner)]
                if has_scale and not inner and c < n and s[c] in "余多":
                    options.append((c + 1, s[c]))
                for d, inner2 in options:
                    ws2 = 0 if cn else _ws_len(s, d)
                    for e in sorted({d, d + ws2}):
                        for uend, unit in _units_at(s, e, cn, has_scale):
                            consider(_Tail(uend, mult, has_scale, unit, inner2 or unit.qual))
                    if has_scale and not needs_unit and d == c:
                        consider(_Tail(c, mult, True, None, inner2))
    if best.unit is None and not best.has_scale and not cn and p < n and _is_ascii_letter(s[p]):
        m = _LETTERS_RE.match(s, p)
        assert m is not None
        letters = m.group()
        if (m.end() < n and s[m.end()].isdigit()) or letters.lower() in ("st", "nd", "rd", "th"):
            return _Tail(p, skip=True)
        return _Tail(m.end(), fallback=letters)
    return best


def _trailing(s: str, end: int, unit: _Unit | None) -> tuple[int, str]:
    for q in _TRAIL_CN:
        if s.startswith(q, end):
            return end + len(q), q
    if (
        unit is not None
        and unit.cls == "time"
        and end < len(s)
        and s[end] in "多余"
        and (end + 1 >= len(s) or s[end + 1] not in "元种样项")
    ):
        return end + 1, s[end]  # "3年多"
    m = _TRAIL_EN_RE.match(s, end)
    if m:
        return m.end(), m.group(1)
    return end, ""


def _leading(s: str, start: int, floor: int) -> tuple[int, str, str]:
    """(new start, qualifier, currency unit) for what stands right before the number at `start`."""
    i = start
    currency = ""
    for surface, cur in _CURRENCY_PREFIXES:
        j = i
        if surface[0].isascii():
            while j > floor and j > i - 2 and s[j - 1] in " \t":
                j -= 1
        k = j - len(surface)
        if (
            k >= floor
            and s[k:j] == surface
            and not (k > 0 and _is_ascii_letter(s[k - 1]) and surface[0].isalpha())
        ):
            currency = cur
            i = k
            break
    for q in _LEAD_CN:
        k = i - len(q)
        if k >= floor and s[k:i] == q:
            if len(q) == 1 and k > 0 and s[k - 1] in _NOT_QUAL_BEFORE.get(q, ""):
                break
            return k, q, currency
    lo = max(floor, i - 30)
    m = _LEAD_EN_RE.search(s, lo, i)
    if m and m.end() == i and not (m.start() > 0 and _is_ascii_letter(s[m.start() - 1])):
        return m.start(), m.group(1).lower(), currency
    return i, "", currency


# --------------------------------------------------------------------------------------------------
# Building figures
# --------------------------------------------------------------------------------------------------


def _is_year_number(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099


# Encyclopedic text dates events before 1900 ("于1628年发现", "天正3年（1575年）", "公元前25年"): such a
# number before 年 is a year unless words around it make it a span of years ("生存了1500年", "近1200年",
# "1500年来", "1000年之久")
_ERA_PREFIXES = ("公元前", "公元", "西元前", "西元")
_SPAN_BEFORE = ("了", "长达", "历时", "持续", "达", "共", "有", "约", "前后", "经过", "将近", "近", "超过", "逾",
                "不到", "不足", "接近", "每", "隔", "第")
_SPAN_AFTER = ("来", "之久", "间", "历史", "的历史", "多", "余", "左右", "以上", "以下", "以内", "后", "前")


def _historical_year(s: str, start: int, end: int, raw: str) -> bool:
    """A number before 年 that names a calendar year outside 1900-2099 (see _SPAN_BEFORE)."""
    if not raw.isdigit() or not s.startswith("年", end):
        return False
    n = int(raw)
    if s[max(0, start - 3):start].endswith(_ERA_PREFIXES):
        return n >= 1
    if start > 0 and s[start - 1] in "（(" and 3 <= len(raw) <= 4 and s[end + 1:end + 2] in "）)":
        return True  # the Western year glossing an era's year: "承光元年（577年）"
    if len(raw) != 4 or not 1000 <= n < 1900:
        return False
    return not s[max(0, start - 2):start].endswith(_SPAN_BEFORE) and not s.startswith(_SPAN_AFTER, end + 1)


def _english_year_context(s: str, start: int, end: int) -> bool:
    m = _YEAR_CONTEXT_RE.search(s, max(0, start - 20), start)
    if m is None or m.end() != start:
        return False
    return not (end < len(s) and _is_cjk(s[end]))


def _make(
    original: str,
    start: int,
    end: int,
    value: Decimal,
    upper: Decimal | None,
    unit: _Unit | None,
    qualifier: str,
    currency: str,
    fallback: str,
    year_like: bool,
    english_year: bool,
) -> Figure:
    if unit is None:
        if currency:
            cls, name, factor = "money", currency, _ONE
        elif english_year and year_like and upper is None:
            cls, name, factor = "year", "年", _ONE
        else:
            cls, name, factor = "plain", fallback, _ONE
    else:
        cls, name, factor = unit.cls, unit.unit, unit.factor
        if unit.surface == "年" and year_like:
            cls = "year"
    lo = float(value * factor)
    hi = None if upper is None else float(upper * factor)
    return Figure(
        value=lo + 0.0,
        unit=name,
        unit_class=cls,
        text=original[start:end],
        start=start,
        end=end,
        qualifier=qualifier,
        upper=hi,
    )


# a duration written in several units: hours and minutes, minutes and seconds (with the hundredths a race time
# gives after 秒: "3分33秒62"); one figure in seconds
_DURATION_RE = re.compile(  # (bounded runs: tried at every number, it must never backtrack over a long one)
    r"(?:(?P<h>[0-9]{1,3})[ \t]{0,2}(?:个)?小时[ \t]{0,2}(?=[0-9]{1,2}[ \t]{0,2}分))?"
    r"(?P<m>[0-9]{1,3})[ \t]{0,2}分(?:钟)?[ \t]{0,2}(?P<s>[0-9]{1,2}(?:\.[0-9]{1,3})?)[ \t]{0,2}秒"
    r"(?P<cs>[0-9]{1,2}(?![0-9.]))?"
    r"|(?P<h2>[0-9]{1,3})[ \t]{0,2}(?:个)?小时[ \t]{0,2}(?P<m2>[0-9]{1,2})[ \t]{0,2}分(?:钟)?(?![0-9]|之)"
)


def _duration(original: str, m: re.Match[str]) -> Figure:
    if m.group("m2") is not None:
        seconds = Decimal(m.group("h2")) * 3600 + Decimal(m.group("m2")) * 60
    else:
        seconds = Decimal(m.group("h") or 0) * 3600 + Decimal(m.group("m")) * 60 + Decimal(m.group("s"))
        if m.group("cs"):
            seconds += Decimal(m.group("cs")) / (10 ** len(m.group("cs")))
    return Figure(float(seconds), "秒", "time", original[m.start():m.end()], m.start(), m.end())


class _Parser:
    def __init__(self, text: str) -> None:
        self.original = text
        self.s = _normalise(text)
        self.figures: list[Figure] = []
        self.floor = 0  # nothing before this offset may become part of a new figure

    def run(self) -> list[Figure]:
        s = self.s
        pos = 0
        while True:
            m = _START_RE.search(s, pos)
            if m is None:
                break
            kind = m.lastgroup
            clock = _DURATION_RE.match(s, m.start()) if kind == "ar" and not self._preceded_by_di(m.start(), m.end()) \
                else None
            if clock is not None:
                # "3分33秒62", "2小时15分": one duration of several units (a race time), not three numbers
                duration = _duration(self.original, clock)
                self.figures.append(duration)
                self.floor = pos = duration.end
                continue
            if kind == "pct":
                fig, nxt = self._percent_words(m)
            elif kind == "ar":
                fig, nxt = self._arabic(m.start(), m.end())
            else:
                fig, nxt = self._chinese(m.start(), m.end())
            if fig is not None:
                self.figures.append(fig)
                self.floor = fig.end
                pos = fig.end
            else:
                pos = max(nxt, m.start() + 1)
        return self.figures

    # ---------------------------------------------------------------- helpers
    def _preceded_by_di(self, start: int, end: int) -> bool:
        """An ordinal ("第3名", "第二批"), no quantity; but "第一季度" is the quarter 一季度 is, a date."""
        return start > 0 and self.s[start - 1] == "第" and not self.s.startswith("季度", end)

    def _finish(
        self,
        start: int,
        end: int,
        value: Decimal,
        upper: Decimal | None,
        tail: _Tail,
        year_like: bool,
    ) -> Figure:
        s = self.s
        if tail.unit is not None and tail.unit.surface == "成" and s.startswith("半", end):
            value, end = value + Decimal("0.5"), end + 1  # "三成半" = 3.5成 = 35%
        new_start, lead_q, currency = _leading(s, start, self.floor)
        end, trail_q = _trailing(s, end, tail.unit)
        qualifier = lead_q or tail.inner or trail_q
        english_year = tail.unit is None and not tail.has_scale and _english_year_context(s, new_start, end)
        return _make(
            self.original,
            new_start,
            end,
            value * tail.scale,
            upper,
            tail.unit,
            qualifier,
            currency,
            tail.fallback,
            year_like and not tail.has_scale and not tail.inner,
            english_year,
        )

    # ---------------------------------------------------------------- Arabic digits
    def _arabic(self, ns: int, ne: int) -> tuple[Figure | None, int]:
        s = self.s
        n = len(s)
        raw = s[ns:ne]
        # identifiers: "G2", "COVID-19", "v1.2.3", "192.168.0.1"
        if ns > 0 and (_is_ascii_letter(s[ns - 1]) or s[ns - 1] in "_.") and not self._after_currency(ns):
            return None, self._skip_identifier(ne)
        if ns > 1 and s[ns - 1] in "-_" and _is_ascii_letter(s[ns - 2]) and ns - 2 >= self.floor:
            return None, self._skip_identifier(ne)
        if ne + 1 < n and s[ne] == "." and s[ne + 1].isdigit():
            return None, self._skip_identifier(ne)
        if self._preceded_by_di(ns, ne):
            return None, ne
        value = _arabic_value(raw)
        start = ns
        if ns > 0 and s[ns - 1] in _SIGNS and self._sign_allowed(ns - 1):
            value = -value
            start = ns - 1
        year_like = _is_year_number(raw) or _historical_year(s, start, ne, raw)

        tail = _tail(s, ne, cn=False)
        if tail.skip:
            return None, self._skip_identifier(ne)
        if tail.unit is _EN_COUNT_UNIT and year_like and _english_year_context(s, start, ne):
            tail = _Tail(ne)  # "in 2026 sales rose": a year, not 2026 sales
        if tail.unit is None and not tail.inner and not tail.fallback:
            rng = self._arabic_range(ne if not tail.has_scale else tail.end, value, tail, raw)
            if rng is not None:
                return rng(start), ne
        return self._finish(start, tail.end, value, None, tail, year_like), ne

    def _arabic_range(
        self, after_first: int, first: Decimal, first_tail: _Tail, first_raw: str
    ) -> _RangeBuilder | None:
        s = self.s
        sep = _RANGE_SEP_RE.match(s, after_first)
        if sep is None or sep.end() == after_first:
            return None
        m2 = _NUMBER_RE.match(s, sep.end())
        if m2 is None:
            return None
        if m2.end() + 1 < len(s) and s[m2.end()] == "." and s[m2.end() + 1].isdigit():
            return None
        second = _arabic_value(m2.group())
        tail2 = _tail(s, m2.end(), cn=False)
        if tail2.skip or tail2.fallback or (tail2.unit is None and not tail2.has_scale):
            return None
        scale1 = first_tail.scale if first_tail.has_scale else tail2.scale
        lower, upper = first * scale1, second * tail2.scale
        if lower > upper:
            return None
        year_like = all(len(r) == 4 and r.isdigit() and 1000 <= int(r) <= 2099 for r in (first_raw, m2.group())) \
            and not s[max(0, after_first - len(first_raw) - 2):after_first - len(first_raw)].endswith(_SPAN_BEFORE)
        return _RangeBuilder(self, lower, upper, tail2, year_like)

    def _after_currency(self, ns: int) -> bool:
        """ "RMB1.5 billion", "USD5m": Latin letters glued to a number that are a currency prefix."""
        s = self.s
        for prefix in ("RMB", "CNY", "USD"):
            k = ns - len(prefix)
            if k >= self.floor and s[k:ns] == prefix and not (k > 0 and _is_ascii_letter(s[k - 1])):
                return True
        return False

    def _sign_allowed(self, sign_pos: int) -> bool:
        s = self.s
        if sign_pos < self.floor:
            return False
        if self.figures and not s[self.floor : sign_pos].strip():
            return False  # "1月-6月", "3 - 5": a dash after a figure is not a minus sign
        if sign_pos == 0:
            return True
        before = s[sign_pos - 1]
        return not (_is_ascii_alnum(before) or before in _CN_CHARS or before in ".-")

    def _skip_identifier(self, pos: int) -> int:
        s = self.s
        while pos < len(s) and (_is_ascii_alnum(s[pos]) or s[pos] in "._-"):
            pos += 1
        return pos

    # ---------------------------------------------------------------- Chinese numerals
    def _chinese(self, rs: int, re_: int) -> tuple[Figure | None, int]:
        if self._preceded_by_di(rs, re_):
            return None, re_
        s = self.s
        if rs > 0 and s[rs - 1] in "数几" and s[rs] in "十百千万亿拾佰仟萬億":
            return None, re_  # "数十个", "几百家": an unstated number of tens or hundreds, not a figure
        run = s[rs:re_]
        for i in range(len(run)):
            ch = run[i]
            if i >= 40:
                return None, rs + i  # very long runs: resume scanning from here
            if ch in "零〇" and run[i + 1 : i + 2] != "点":
                continue
            if not (ch in _CN_DIGIT or ch in "十拾" or (i == 0 and self._after_qualifier(rs))):
                continue
            for j in range(min(len(run), i + _MAX_CN_LEN), i, -1):
                fig = self._chinese_candidate(rs + i, rs + j)
                if fig is not None:
                    return fig, re_
        return None, re_

    def _after_qualifier(self, pos: int) -> bool:
        return _leading(self.s, pos, self.floor)[1] in _LEAD_CN

    def _chinese_candidate(self, a: int, b: int) -> Figure | None:
        s = self.s
        numeral = s[a:b]
        positional_ok = s.startswith("年", b)
        if numeral[0] in "百佰千仟万萬亿億":
            numeral = "一" + numeral  # "逾千家" = over 一千家 (only reached right after a qualifier)
        value = _parse_cn(numeral, positional_ok)
        approx = None if value is not None else _cn_approx_range(numeral)
        if value is None and approx is None:
            return None
        tail = _tail(s, b, cn=True)
        year_like = positional_ok and value is not None and _is_year_number(str(value))
        if approx is not None:
            if tail.unit is None:
                return None
            return self._finish(a, tail.end, approx[0], approx[1] * tail.scale, tail, False)
        assert value is not None
        if tail.unit is None:
            # "三到五个", "三到五亿元": a range whose scale and unit stand after the second numeral;
            # the shortest second numeral that gives lower <= upper wins ("一千到五千万元" = 1000万-5000万)
            sep = _RANGE_SEP_RE.match(s, b)
            m2 = _CN_RUN_RE.match(s, sep.end()) if sep is not None and not tail.has_scale else None
            if m2 is not None:
                for k in range(m2.start() + 1, min(m2.end(), m2.start() + _MAX_CN_LEN) + 1):
                    second = _parse_cn(s[m2.start() : k])
                    if second is None:
                        continue
                    tail2 = _tail(s, k, cn=True)
                    if tail2.unit is not None and value * tail2.scale <= second * tail2.scale:
                        return _RangeBuilder(self, value * tail2.scale, second * tail2.scale, tail2, False)(a)
            bare_ok = _cn_has_digit(numeral) and (numeral[-1] in _CN_BIG or tail.has_scale)
            if not bare_ok:
                return None
        return self._finish(a, tail.end, value, None, tail, year_like)

    # ---------------------------------------------------------------- 百分之 / 千分之
    def _percent_words(self, m: re.Match[str]) -> tuple[Figure | None, int]:
        s = self.s
        p = m.end()
        divisor = Decimal(100) if m.group() == "百分之" else Decimal(1000)
        value: Decimal | None = None
        end = p
        m_ar = _NUMBER_RE.match(s, p)
        if m_ar is not None:
            value, end = _arabic_value(m_ar.group()), m_ar.end()
        else:
            m_cn = _CN_RUN_RE.match(s, p)
            if m_cn is not None:
                for k in range(m_cn.end(), p, -1):
                    text = s[p:k]
                    value = Decimal(100) if text in ("百", "佰") else _parse_cn(text)
                    if value is not None:
                        end = k
                        break
        if value is None:
            return None, p
        percent = _Unit("%", "percent", "%", _ONE / divisor, True)
        return self._finish(m.start(), end, value, None, _Tail(end, unit=percent), False), end


class _RangeBuilder:
    """Builds the Figure of a range once its start offset is known."""

    def __init__(self, parser: _Parser, lower: Decimal, upper: Decimal, tail: _Tail, year_like: bool) -> None:
        self.parser = parser
        self.lower = lower
        self.upper = upper
        self.tail = tail
        self.year_like = year_like

    def __call__(self, start: int) -> Figure:
        p = self.parser
        new_start, lead_q, currency = _leading(p.s, start, p.floor)
        end, trail_q = _trailing(p.s, self.tail.end, self.tail.unit)
        unit = self.tail.unit
        return _make(
            p.original,
            new_start,
            end,
            self.lower,
            self.upper,
            unit,
            lead_q or self.tail.inner or trail_q,
            currency,
            "",
            self.year_like and not self.tail.has_scale,
            False,
        )


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def parse_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order, non-overlapping, with offsets into `text`."""
    if not text:
        return []
    return list(_parsed(text))


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[Figure, ...]:
    # one question parses the same passages and clauses many times (each candidate, each computation
    # attempt, the verifier): ~60 calls a question, a third of a warm ask(); Figures are frozen, so the
    # parse of a text is shared and each caller gets its own list
    return tuple(_quarters_to_date(text, list(_Parser(text).run())))


def _quarters_to_date(text: str, figures: list[Figure]) -> list[Figure]:
    """"前三季度" is the first three quarters together (1—9月), not the third quarter the numeral alone reads
    as: a span of quarters from the first, like "1—9月". Likewise "前2个月" / "前两个月" is the months 1—2月 of
    the year, not a duration of two months ("2个月前", "近2个月" stay durations)."""
    out = []
    for f in figures:
        first = f.start > 0 and text[f.start - 1] == "前" and f.upper is None and f.value > 1
        if first and f.unit == "季度":
            f = Figure(1.0, "季度", "date", text[f.start - 1:f.end], f.start - 1, f.end, f.qualifier, f.value)
        elif first and f.unit == "个月" and f.unit_class == "time" and f.value <= 12 and f.value.is_integer():
            f = Figure(1.0, "月", "date", text[f.start - 1:f.end], f.start - 1, f.end, f.qualifier, f.value)
        out.append(f)
    return out


def figure_from_text(text: str) -> Figure | None:
    """The first figure of a short expression such as "1.48亿元", or None."""
    figures = parse_figures(text)
    return figures[0] if figures else None


_PARSE_NUMBER_RE = re.compile(
    r"(?P<sign>[-−])?(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+)"
    r"\s*(?P<scale>万亿|千亿|百亿|千万|百万|亿|万|千|萬|億|thousand|million|billion|trillion|bn|mn)?",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """A bare number, or None.

    "750.4", "１９６", "1,234", "1.48亿", "1.5 billion", "五千万", "十亿", "两千五百", "一点五", "零点五"."""
    s = _normalise(text).strip()
    if not s:
        return None
    m = _PARSE_NUMBER_RE.fullmatch(s)
    if m is not None:
        try:
            value = _arabic_value(m.group("num"))
        except InvalidOperation:  # pragma: no cover - the pattern only admits valid numbers
            return None
        scale = m.group("scale")
        if scale:
            key = scale.lower()
            value *= _EN_SCALES[key] if key in _EN_SCALES else dict(_CN_SCALES)[scale]
        if m.group("sign"):
            value = -value
        return float(value)
    if all(ch in _CN_CHARS or ch == "点" for ch in s):
        cn = _parse_cn(s, positional_ok=True)
        if cn is not None and (_cn_has_digit(s) or s[0] in "十拾"):
            return float(cn)
    return None


def same_quantity(a: Figure, b: Figure, rel_tol: float = 1e-6) -> bool:
    """Same class (and compatible unit) and equal values (and equal upper bounds for ranges).

    Counts compare across counter words ("196个" == "196家"); every other class needs the same unit
    ("%" vs "pp", "元" vs "美元", "天" vs "小时" differ)."""
    if a.unit_class != b.unit_class:
        return False
    if a.unit_class != "count" and a.unit != b.unit:
        return False

    def close(x: float, y: float) -> bool:
        return math.isclose(x, y, rel_tol=rel_tol, abs_tol=1e-12)

    if not close(a.value, b.value):
        return False
    if a.upper is None or b.upper is None:
        return a.upper is None and b.upper is None
    return close(a.upper, b.upper)


def _num(x: float) -> str:
    """At most 4 decimals, trailing zeros stripped, never scientific notation."""
    text = f"{round(x, 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _zh_scaled(value: float, unit: str) -> str:
    v = abs(value)
    if v >= 1e12:
        return f"{_num(value / 1e12)}万亿{unit}"
    if v >= 1e8:
        return f"{_num(value / 1e8)}亿{unit}"
    if v >= 1e4:
        return f"{_num(value / 1e4)}万{unit}"
    return f"{_num(value)}{unit}"


def _en_scaled(value: float, unit: str) -> str:
    """The largest English scale that keeps every digit the text gave (8210.6亿元 is 821.06 billion,
    not the rounded 0.8211 trillion, which no source states and the verifier would flag)."""
    v = abs(value)
    suffix = f" {unit}" if unit else ""
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if v >= scale and math.isclose(float(_num(value / scale)) * scale, value, rel_tol=1e-9):
            return f"{_num(value / scale)}{word}{suffix}"
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if v >= scale:  # a computed result, rounded anyway (its expression shows the operands)
            return f"{_num(value / scale)}{word}{suffix}"
    return f"{_num(value)}{suffix}"


_EN_MONEY = {
    "元": "yuan",
    "美元": "US dollars",
    "欧元": "euros",
    "港元": "HK dollars",
    "日元": "yen",
    "英镑": "pounds",
}
_EN_TIME = {"年": "years", "个月": "months", "周": "weeks", "天": "days", "小时": "hours", "分钟": "minutes",
            "秒": "seconds", "工作日": "working days", "岁": "years old", "周年": "years"}  # fmt: skip


def format_value(value: float, unit: str, unit_class: str, lang: str = "zh") -> str:
    """Human rendering of a normalised value.

    (7.52e8, "元", "money") -> "7.52亿元" (zh) / "752 million yuan" (en); (0.342, "%", "percent") -> "34.2%";
    (150000, "kW", "power") -> "150兆瓦" / "150 MW". At most 4 decimals, trailing zeros stripped."""
    en = lang.lower().startswith("en")
    if unit_class == "money":
        if en:
            return _en_scaled(value, _EN_MONEY.get(unit, unit))
        return _zh_scaled(value, unit or "元")
    if unit_class == "percent":
        if unit == "pp":
            return f"{_num(value * 100)} percentage points" if en else f"{_num(value * 100)}个百分点"
        return f"{_num(value * 100)}%"
    if unit_class == "power":
        if abs(value) >= 1000:
            return f"{_num(value / 1000)} MW" if en else f"{_num(value / 1000)}兆瓦"
        return f"{_num(value)} kW" if en else f"{_num(value)}千瓦"
    if unit_class == "energy":
        if en:
            if abs(value) >= 1e6:
                return f"{_num(value / 1e6)} GWh"
            if abs(value) >= 1e3:
                return f"{_num(value / 1e3)} MWh"
            return f"{_num(value)} kWh"
        return _zh_scaled(value, "千瓦时")
    if unit_class == "count":
        # an English count keeps the document's counter ("30 million 人次", "344 个"): Chinese counters have no
        # English word in general, and without one "30 million" no longer says it counts person-trips (nor
        # reads back as the count it is)
        return _en_scaled(value, unit) if en else _zh_scaled(value, unit or "个")
    if unit_class == "mass":
        return _en_scaled(value, "tonnes") if en else _zh_scaled(value, "吨")
    if unit_class == "area":
        return _en_scaled(value, "square meters") if en else _zh_scaled(value, "平方米")
    if unit_class == "volume":
        return _en_scaled(value, "cubic meters") if en else _zh_scaled(value, "立方米")
    if unit_class == "length":
        if abs(value) >= 1000:
            return f"{_num(value / 1000)} km" if en else f"{_num(value / 1000)}公里"
        return f"{_num(value)} m" if en else f"{_num(value)}米"
    if unit_class == "voltage":
        if abs(value) < 1:
            return f"{_num(value * 1000)} V" if en else f"{_num(value * 1000)}伏"
        return f"{_num(value)} kV" if en else f"{_num(value)}千伏"
    if unit_class == "year":
        return _num(value) if en else f"{_num(value)}年"
    if unit_class == "time":
        return f"{_num(value)} {_EN_TIME.get(unit, unit)}" if en else f"{_num(value)}{unit}"
    if unit_class == "date":
        if en:
            return f"{'month' if unit == '月' else 'day' if unit == '日' else unit} {_num(value)}"
        return f"{_num(value)}{unit}"
    # plain
    if en:
        return _en_scaled(value, unit)
    return _zh_scaled(value, unit)


def restates(figure: Figure, source: Figure, rel_tol: float = 1e-6) -> bool:
    """True when figure says what source says: the same quantity, or a bare number equal to the source's
    normalised value ("196" after quoting "196个"). A bare "7.52" does not restate "7.52亿元" (7.52e8)."""
    if same_quantity(figure, source, rel_tol):
        return True
    return (figure.unit_class == "plain" and not figure.unit and figure.upper is None
            and math.isclose(figure.value, source.value, rel_tol=rel_tol, abs_tol=1e-9))
