"""A number-aware, citation-first question-answering assistant.

    from assistant import ask
    answer = ask("四平市开工复工的5000万元以上项目有多少个？")
    print(answer.text, answer.citations[0].span)
"""

import index  # noqa: F401  (first: it defers llama-index's package imports, see index.lazy_import)
from index.startup_gc import paused

with paused(freeze=True):  # the collector off while the answer path imports (index.startup_gc)
    from assistant.api import Assistant, ask
    from assistant.types import Answer, Citation, FigureUse, QuestionError

__all__ = ["Answer", "Assistant", "Citation", "FigureUse", "QuestionError", "ask"]
