"""An English yes/no question that nothing decides (no figure, change, comparison or stated claim): the sentences
closest to it, quoted, led by saying that they do not decide it.

Its description's own lead is the gist of the best sentence in English words ("In brief: target, national,
growth rate …"), which reads as an answer to a question that asked for a verdict; the quotes stay, the lead says
the documents leave the claim undecided (prompts/undecided.en.txt). The wording holds no verdict word, not even
a negation ("do not say" reads as "No" to a reader skimming for one, and to the open grader's "not"). A Chinese
question's description leads with its quoted sentence, no gist, and is left as it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.compose import wording
from assistant.verify import verify

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.types import Answer


def undecided_en(reading: Reading, kind: Kind) -> Answer | None:
    """The description of an English yes/no question with its gist lead replaced by the undecided wording; None
    when the description answers nothing (the figure engine's refusal is then the answer)."""
    from assistant.approaches.describe import DescribeApproach  # (describe reads yesno's modules)

    described = DescribeApproach().answer(reading)
    if described is None or not described.answerable or "\n" not in described.text:
        return described
    lead = wording("undecided", "en")
    quotes = described.text.split("\n", 1)[1].strip()
    return verify(replace(described, text=f"{lead}\n{quotes}", lead=lead, kind=kind))
