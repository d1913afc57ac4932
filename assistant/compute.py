"""Arithmetic over cited figures, with units checked and the working shown."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.candidates import Candidate
from assistant.figures import Figure, format_value
from assistant.vocabulary import counters_agree

SCALES = {"万亿元": ("money", 1e12), "万元": ("money", 1e4), "亿元": ("money", 1e8), "元": ("money", 1.0),
          "兆瓦": ("power", 1000.0),
          "千瓦": ("power", 1.0), "万千瓦": ("power", 1e4), "万吨": ("mass", 1e4), "吨": ("mass", 1.0),
          "平方米": ("area", 1.0), "万平方米": ("area", 1e4)}


class UnitMismatch(ValueError):
    """An operation over figures whose units do not combine."""


@dataclass
class Computation:
    # average, mean, sum, difference, points, share, ratio, portion, growth_base, decline_base, completion_base,
    # points_base, growth_rate, change_rate, growth_multiple, complement
    operation: str
    operands: list[Candidate]
    value: float  # signed: a difference is first − second, whatever the wording shows
    unit: str
    unit_class: str
    expression: str = ""
    # True when the result shown is rounded (only then is it "约…"); unknown counts as rounded
    rounded: bool = True
    # a difference: "more" when the first operand is the larger, "less" when smaller, "same" when equal;
    # the expression then shows larger − smaller, so no one reads a negative count
    direction: str = ""

    @property
    def result(self) -> str:
        """The result as shown, the right-hand side of the expression."""
        return self.expression.rsplit(" = ", 1)[-1]


def show(value: float, unit_class: str, unit: str, lang: str = "zh", display_unit: str = "",
         digits: int = 2) -> str:
    """A computed value for people: at most `digits` decimals, in the unit asked for if any."""
    # a money figure keeps its currency (its base unit: 元, 美元, 港元 …); the display units above are 元's
    currency = unit if unit_class == "money" and unit else "元"
    if display_unit in SCALES and SCALES[display_unit][0] == unit_class and lang == "zh" and currency == "元":
        return f"{_trim(value / SCALES[display_unit][1], digits)}{display_unit}"
    if unit_class == "percent" and unit == "pp":  # a gap between two rates
        return f"{_trim(value * 100, digits)}{' percentage points' if lang == 'en' else '个百分点'}"
    if unit_class == "percent":
        return f"{_trim(value * 100, digits)}%"
    if unit_class == "money" and lang == "zh":
        if abs(value) >= 1e8:
            return f"{_trim(value / 1e8, digits)}亿{currency}"
        if abs(value) >= 1e4:
            return f"{_trim(value / 1e4, digits)}万{currency}"
        return f"{_trim(value, digits)}{currency}"
    # rounded in the scale it is shown in (285.71万人次, not 285.7143万人次: digits are decimals of what is read)
    scale = next((s for s in (1e12, 1e8, 1e4) if abs(value) >= s), 1.0) if lang == "zh" else 1.0
    rounded = round(value / scale, digits) * scale
    return format_value(rounded, unit, unit_class, lang)


def is_rounded(value: float, unit_class: str, unit: str, lang: str = "zh", display_unit: str = "",
               digits: int = 2) -> bool:
    """True when show() at `digits` decimals does not state value exactly (compared with a rendering
    at far more precision), so the wording must say 约/about."""
    return show(value, unit_class, unit, lang, display_unit, digits) != show(value, unit_class, unit, lang,
                                                                             display_unit, 10)


def _trim(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _currencies(figures: list[Figure]) -> int:
    """How many currencies the money figures among these are in (元, 美元, 港元 …)."""
    return len({f.unit or "元" for f in figures if f.unit_class == "money"})


def _same_class(cands: list[Candidate]) -> str:
    classes = {c.figure.unit_class for c in cands}
    if len(classes) != 1:
        raise UnitMismatch(f"cannot combine {', '.join(c.figure.text for c in cands)}")
    units = [c.figure.unit for c in cands]
    if classes == {"count"} and not all(counters_agree(units[0], u) for u in units[1:]):
        # 万标箱 and 个, 次 and 座 do not add up (项 and 个, both counting projects, do)
        raise UnitMismatch(f"counts of different things: {', '.join(c.figure.text for c in cands)}")
    if _currencies([c.figure for c in cands]) > 1:  # 元 and 美元 do not add up
        raise UnitMismatch(f"amounts in different currencies: {', '.join(c.figure.text for c in cands)}")
    if not comparable([c.figure for c in cands]):
        raise UnitMismatch(f"figures of unlike scale: {', '.join(c.figure.text for c in cands)}")
    return classes.pop()


# figures added or subtracted are amounts of one thing: beyond this factor apart one of them is a figure of
# another kind (95.70万亿元 − 8.40元 takes a per-100-yuan cost for a total); a million still lets a county's
# 亿元 stand beside a project's 万元
MAX_SCALE_GAP = 1e6


def comparable(figures: list[Figure]) -> bool:
    """True when the figures' sizes lie within MAX_SCALE_GAP of each other (zeros aside)."""
    sizes = [abs(f.value) for f in figures if f.value]
    return not sizes or max(sizes) <= MAX_SCALE_GAP * min(sizes)


def back_out(current: Candidate, rate: Figure, how: str, lang: str = "zh", display_unit: str = "") -> Computation:
    """A figure from a cited one and a rate the question itself states ("按43.65%的增速倒推",
    "按完成率54.4%推算"): X ÷ (1 + g) after growth ("growth"), X ÷ (1 − d) after a decline ("decline"),
    X ÷ r for the whole of which a completion rate r is done ("completion"). The rate is the question's:
    it is shown in the working, not cited."""
    if rate.unit_class != "percent" or rate.unit == "pp" or rate.value <= 0 or (how == "decline" and rate.value >= 1):
        raise UnitMismatch("backing out a figure needs a positive rate")
    fig = current.figure
    display_unit = display_unit or shared_unit([fig] if fig.unit_class == "money" else [])
    factor = {"growth": 1 + rate.value, "decline": 1 - rate.value, "completion": rate.value}[how]
    divisor = {"growth": f"(1 + {rate.text})", "decline": f"(1 − {rate.text})", "completion": rate.text}[how]
    value = fig.value / factor
    result = show(value, fig.unit_class, fig.unit, lang, display_unit)
    operation = {"growth": "growth_base", "decline": "decline_base", "completion": "completion_base"}[how]
    return Computation(operation, [current], value, fig.unit, fig.unit_class, f"{fig.text} ÷ {divisor} = {result}",
                       is_rounded(value, fig.unit_class, fig.unit, lang, display_unit))


def growth_multiple(rate: Figure, stated: Candidate | None, fell: bool) -> Computation:
    """This period's figure as a multiple of the period before's, from its rate of change alone: 1 + g after
    growth ("同比增长270%": 3.7倍), 1 − d after a decline. `stated` is the rate's candidate when the text states it;
    a rate the question gives ("按同比增长270%计算") is shown in the working, not cited."""
    if rate.unit_class != "percent" or rate.unit == "pp" or rate.value < 0 or (fell and rate.value >= 1):
        raise UnitMismatch("a multiple of the period before needs a rate of growth or of a decline under 100%")
    value = 1 - rate.value if fell else 1 + rate.value
    result = f"{_trim(value, 2)}倍"
    expression = f"1 {'−' if fell else '+'} {rate.text} = {result}"
    return Computation("growth_multiple", [stated] if stated is not None else [], value, "倍", "plain", expression,
                       result != f"{_trim(value, 10)}倍" or bool(rate.qualifier))


def points_base(current: Candidate, change: Candidate, fell: bool, lang: str = "zh") -> Computation:
    """Last period's rate from this period's and its change in percentage points ("失业率为5.1%，比上年下降0.4个
    百分点": 5.1% + 0.4个百分点 = 5.5%): a rate moved by points, never divided by (1 + g) as an amount is."""
    rate, points = current.figure, change.figure
    if rate.unit_class != "percent" or rate.unit == "pp" or points.unit != "pp":
        raise UnitMismatch("a rate's earlier level needs the rate and its change in points")
    value = rate.value + points.value if fell else rate.value - points.value
    result = show(value, "percent", "%", lang)
    expression = f"{rate.text} {'+' if fell else '−'} {points.text} = {result}"
    return Computation("points_base", [current, change], value, "%", "percent", expression,
                       is_rounded(value, "percent", "%", lang))


def growth_rate(later: Candidate, earlier: Candidate, lang: str = "zh") -> Computation:
    """The rate of change from an earlier level to a later one ("(3200亿元 − 3000亿元) ÷ 3000亿元 = 6.67%"),
    both of one kind and unit; the earlier must not be zero."""
    _same_class([later, earlier])
    a, b = later.figure, earlier.figure
    if b.value == 0 or a.unit_class in {"percent", "year", "date"}:
        raise UnitMismatch("a rate of change needs two levels of an amount, the earlier not zero")
    value = (a.value - b.value) / b.value
    result = show(value, "percent", "%", lang)
    return Computation("growth_rate", [later, earlier], value, "%", "percent",
                       f"({a.text} − {b.text}) ÷ {b.text} = {result}", is_rounded(value, "percent", "%", lang))


def change_rate(level: Candidate, change: Candidate, fell: bool, lang: str = "zh") -> Computation:
    """The rate of a change stated as an amount beside the new level ("120万吨，比上年增加6万吨": 6万吨 ÷
    (120万吨 − 6万吨) = 5.26%); a fall is taken over the level plus what it lost. The size only: the question
    and the text say whether it rose or fell."""
    _same_class([level, change])
    a, d = level.figure, change.figure
    base = a.value + d.value if fell else a.value - d.value
    if base <= 0 or a.unit_class in {"percent", "year", "date"}:
        raise UnitMismatch("a rate of change needs a level and its change in one unit")
    value = d.value / base  # the size of the rise or fall; the text's own verb says which
    result = show(value, "percent", "%", lang)
    expression = f"{d.text} ÷ ({a.text} {'+' if fell else '−'} {d.text}) = {result}"
    return Computation("change_rate", [level, change], value, "%", "percent", expression,
                       is_rounded(value, "percent", "%", lang))


def complement(parts: list[Candidate], lang: str = "zh") -> Computation:
    """What shares of one whole leave of it ("除甲、乙之外，其他…占多少": 1 − 37% − 27% = 36%): the whole is
    100% by what a share is; shares adding up to more than the whole are misread, and give no result."""
    figs = [c.figure for c in parts]
    if not figs or any(f.unit_class != "percent" or f.unit == "pp" or f.value < 0 for f in figs):
        raise UnitMismatch("what is left of a whole needs the shares of its parts")
    value = 1.0 - sum(f.value for f in figs)
    if value < 0:
        raise UnitMismatch(f"shares adding up to more than the whole: {', '.join(f.text for f in figs)}")
    result = show(value, "percent", "%", lang)
    # (the whole written 1, as in "÷ (1 + 9.9%)": a constant, no figure of the text)
    expression = "1 − " + " − ".join(f.text for f in figs) + f" = {result}"
    return Computation("complement", parts, value, "%", "percent", expression, is_rounded(value, "percent", "%", lang))


def shared_unit(figures: list[Figure]) -> str:
    """万亿元 when every figure is written in it: the result is shown the same way (114.31万亿元 − 95.70万亿元
    = 18.61万亿元, not 186100亿元); "" otherwise (show() picks 元, 万元 or 亿元 by size)."""
    return "万亿元" if figures and all(f.text.endswith("万亿元") for f in figures) else ""


def combine(operation: str, operands: list[Candidate], lang: str = "zh", display_unit: str = "") -> Computation:
    figs = [c.figure for c in operands]
    if operation not in {"share", "ratio", "points", "average"}:
        display_unit = display_unit or shared_unit([f for f in figs if f.unit_class == "money"])
    if operation == "sum":
        cls = _same_class(operands)
        value, unit, sign = sum(f.value for f in figs), figs[0].unit, " + "
    elif operation == "difference":
        cls = _same_class(operands)
        first, second = figs
        value, unit = first.value - second.value, first.unit
        direction = "more" if value > 0 else "less" if value < 0 else "same"
        larger, smaller = (first, second) if value >= 0 else (second, first)
        result = show(abs(value), cls, unit, lang, display_unit)
        expression = f"{larger.text} − {smaller.text} = {result}"
        return Computation(operation, operands, value, unit, cls, expression,
                           is_rounded(abs(value), cls, unit, lang, display_unit), direction)
    elif operation == "mean":
        # the mean of named items ("A、B和C平均"): every item of the group asked, none left out
        cls = _same_class(operands)
        if len(figs) < 2:
            raise UnitMismatch("a mean needs at least two figures")
        value, unit = sum(f.value for f in figs) / len(figs), figs[0].unit
        result = show(value, cls, unit, lang, display_unit)
        expression = f"({' + '.join(f.text for f in figs)}) ÷ {len(figs)} = {result}"
        return Computation(operation, operands, value, unit, cls, expression,
                           is_rounded(value, cls, unit, lang, display_unit))
    elif operation == "points":
        # two percents subtracted: the gap is in percentage points ("7.2% − 5.3% = 1.9个百分点"), never "%"
        first, second = figs
        if first.unit_class != "percent" or second.unit_class != "percent" or "pp" in (first.unit, second.unit):
            raise UnitMismatch("a gap in percentage points needs two rates")
        value = first.value - second.value
        direction = "more" if value > 0 else "less" if value < 0 else "same"
        larger, smaller = (first, second) if value >= 0 else (second, first)
        result = show(abs(value), "percent", "pp", lang)
        expression = f"{larger.text} − {smaller.text} = {result}"
        return Computation(operation, operands, value, "pp", "percent", expression,
                           is_rounded(abs(value), "percent", "pp", lang), direction)
    elif operation == "average":
        total, count = figs
        if count.unit_class != "count" or count.value == 0:
            raise UnitMismatch("an average needs a total and a non-zero count")
        value, unit, cls, sign = total.value / count.value, total.unit, total.unit_class, " ÷ "
    elif operation == "multiple":
        # "A是B的多少倍": A ÷ B in 倍, two figures of one kind and unit (two shares or rates too, not a gap in
        # percentage points)
        cls = _same_class(operands)
        first, second = figs
        if second.value == 0 or cls in {"year", "date"} or "pp" in (first.unit, second.unit):
            raise UnitMismatch("a multiple needs two amounts of one kind, the second not zero")
        value = first.value / second.value
        result = f"{_trim(value, 2)}倍"
        return Computation(operation, operands, value, "倍", "plain", f"{first.text} ÷ {second.text} = {result}",
                           result != f"{_trim(value, 10)}倍")
    elif operation in {"share", "ratio"}:
        # share: a part of its whole; ratio: a standard ratio (净利率 = 净利润 ÷ 营业收入, assistant.ratios)
        part, whole = figs
        if part.unit_class != whole.unit_class or whole.value == 0 or _currencies(figs) > 1:
            raise UnitMismatch(f"a {operation} needs two figures of one kind")
        value, unit, cls, sign = part.value / whole.value, "%", "percent", " ÷ "
    elif operation == "portion":
        # the part a rate of a whole is ("计划投资232亿元，完成63.5%": 232亿元 × 63.5%)
        whole, rate = figs
        if rate.unit_class != "percent" or rate.unit == "pp" or whole.unit_class in {"percent", "year", "date"}:
            raise UnitMismatch("a portion needs a whole and a rate of it")
        value, unit, cls = whole.value * rate.value, whole.unit, whole.unit_class
        result = show(value, cls, unit, lang, display_unit)
        return Computation(operation, operands, value, unit, cls, f"{whole.text} × {rate.text} = {result}",
                           is_rounded(value, cls, unit, lang, display_unit))
    elif operation in {"growth_base", "decline_base"}:
        # last period's figure from this one and its change: X ÷ (1 + g) after growth, X ÷ (1 − d) after a decline
        current, growth = figs
        decline = operation == "decline_base"
        if growth.unit_class != "percent" or growth.unit == "pp" or growth.value <= -1 \
                or (decline and growth.value >= 1):
            raise UnitMismatch("backing out a base needs a rate of change")
        factor = 1 - growth.value if decline else 1 + growth.value
        value, unit, cls = current.value / factor, current.unit, current.unit_class
        result = show(value, cls, unit, lang, display_unit)
        expression = f"{current.text} ÷ (1 {'−' if decline else '+'} {growth.text}) = {result}"
        return Computation(operation, operands, value, unit, cls, expression,
                           is_rounded(value, cls, unit, lang, display_unit))
    else:
        raise ValueError(f"unknown operation {operation}")
    result = show(value, cls, unit, lang, display_unit)
    expression = sign.join(f.text for f in figs) + f" = {result}"
    return Computation(operation, operands, value, unit, cls, expression,
                       is_rounded(value, cls, unit, lang, display_unit))
