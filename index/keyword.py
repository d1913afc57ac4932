"""The keyword side: BM25 over jieba tokens, a llama-index retriever over bm25s.

llama-index's BM25Retriever tokenises with a regex that makes every Chinese clause one token, and its
`tokenizer=` argument is ignored; this retriever feeds bm25s jieba tokens instead, drops query tokens
bm25s has never seen (it raises on them) and zero-score hits (it returns them). It keeps BM25Retriever's
folder format (bm25s' files and retriever.json) but not its class: that module imports VectorStoreIndex,
and with it every index and chat engine (~1 s of a fresh process's first answer, see index.lazy_import).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("TQDM_DISABLE", "1")  # bm25s draws progress bars even when told not to

import bm25s
import jieba
import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict

from index import segmenter
from index.chunk import KEYWORD_CONTEXT_KEYS, context_text

# jieba's dictionary with the project's words (lexicon/segment_words.txt), from the user cache: before any cut
segmenter.ready()

_KEEP = re.compile(r"[\w.%]+", re.UNICODE)
# function words and question words that match everywhere and tell nothing about a passage
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 等 有 为 对 把 被 也 都 就 而 或 之 其 这 那 个 中 上 "
    "下 多少 什么 哪些 哪个 哪 几 吗 呢 吧 怎么 怎样 如何 是否 请问 请 一下 目前 the "
    "a an of in on to for and is are was were what how "
    "many much which does do did it its by with as at "
    "from".split()
)


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens, lower-cased, punctuation and stopwords removed."""
    tokens = []
    for token in jieba.lcut_for_search(text.lower()):
        token = token.strip()
        if token and _KEEP.fullmatch(token) and token not in STOPWORDS:
            tokens.append(token)
    return tokens


PERSIST_FILE = "retriever.json"  # BM25Retriever's name for its arguments beside bm25s' files


class JiebaBM25Retriever(BaseRetriever):
    """BM25 over bm25s whose corpus and queries are tokenised by jieba."""

    def __init__(self, existing_bm25: bm25s.BM25, similarity_top_k: int = 20, **_persisted: Any) -> None:
        # _persisted: the other arguments BM25Retriever writes to retriever.json (verbose, a weight mask it
        # never set here); accepted so that folders written by it still load
        super().__init__()
        self.bm25 = existing_bm25
        self.corpus = existing_bm25.corpus
        num_docs = int(self.bm25.scores.get("num_docs") or 0)
        self.similarity_top_k = min(similarity_top_k, num_docs) if num_docs else similarity_top_k
        # a hit's node, built once from its corpus entry: the corpus never changes once indexed, and
        # rebuilding 20 nodes per question was a measurable part of a warm answer
        self._nodes: dict[str, BaseNode] = {}
        self._texts: list[str] = []  # each passage's context and text, lower-cased, read once for naming()
        self._naming: dict[str, frozenset[int]] = {}

    @classmethod
    def from_nodes(cls, nodes: list[BaseNode], similarity_top_k: int = 20) -> JiebaBM25Retriever:
        if not nodes:
            raise ValueError("no passages to index")
        corpus = [node_to_metadata_dict(node) | {"node_id": node.node_id} for node in nodes]
        bm25 = bm25s.BM25(corpus=corpus)
        # a passage's context (its headings, the sentence a back-reference leans on) is searched with it
        texts = [f"{context_text(node.metadata, KEYWORD_CONTEXT_KEYS)} {node.get_content()}" for node in nodes]
        bm25.index([tokenize(text) or ["\x00"] for text in texts], show_progress=False)
        return cls(existing_bm25=bm25, similarity_top_k=similarity_top_k)

    def persist(self, path: str, **kwargs: Any) -> None:
        """bm25s' files and retriever.json in the folder `path` (BM25Retriever's layout)."""
        self.bm25.save(path, corpus=self.corpus, **kwargs)
        Path(path, PERSIST_FILE).write_text(json.dumps({"similarity_top_k": self.similarity_top_k}, indent=2),
                                            encoding="utf-8")

    @classmethod
    def from_persist_dir(cls, path: str, **kwargs: Any) -> JiebaBM25Retriever:
        bm25 = bm25s.BM25.load(path, load_corpus=True, **kwargs)
        persisted = json.loads(Path(path, PERSIST_FILE).read_text(encoding="utf-8"))
        return cls(existing_bm25=bm25, **persisted)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        vocab = self.bm25.vocab_dict
        tokens = [t for t in tokenize(query_bundle.query_str) if t in vocab]
        if not tokens:
            return []
        k = min(self.similarity_top_k, int(self.bm25.scores["num_docs"]))
        ids, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, return_as="tuple")
        hits = []
        for idx, score in zip(np.asarray(ids)[0], np.asarray(scores)[0], strict=True):
            if score <= 0:
                continue
            hits.append(NodeWithScore(node=self._node(idx), score=float(score)))
        return hits

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every passage (in corpus order) for a query; zeros when no word of it is known."""
        vocab = self.bm25.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return np.zeros(int(self.bm25.scores["num_docs"]))
        return np.asarray(self.bm25.get_scores(tokens))

    def naming(self, word: str) -> frozenset[int]:
        """The corpus positions of the passages whose text or context contains word (kept per word: the
        corpus never changes once indexed)."""
        found = self._naming.get(word)
        if found is None:
            if not self._texts:
                self._texts = [f"{context_text(n.metadata, KEYWORD_CONTEXT_KEYS)} {n.get_content()}".lower()
                               for n in map(self.node_at, range(int(self.bm25.scores["num_docs"])))]
            found = self._naming[word] = frozenset(i for i, t in enumerate(self._texts) if word.lower() in t)
        return found

    def node_at(self, position: int) -> BaseNode:
        return self._node(position)

    def _node(self, idx: Any) -> BaseNode:
        # bm25s hands back the corpus entry itself when it holds the corpus, else its position
        entry = idx if isinstance(idx, dict) else self.corpus[int(idx)]
        key = str(entry.get("node_id", "")) or str(idx)
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = metadata_dict_to_node(entry)
        return node
