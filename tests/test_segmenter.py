"""jieba from the user cache (index.segmenter): the same words and tags as jieba's own loading, kept copies
used on the next start and rebuilt when damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ARTICLE

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "四平市今年开复工项目占比提高，双辽风电项目总装机容量40万千瓦，吉林省长春市新开工项目。"

# what a fresh process cuts and tags through index.segmenter, and whether each kept copy was read or built
_PROBE = """
import json, sys
import index.user_cache as uc
built = []
real = uc.cached_blob
def spy(name, digest, build, valid):
    def counted():
        built.append(name)
        return build()
    return real(name, digest, counted, valid)
uc.cached_blob = spy
import index.segmenter as seg
seg.cached_blob = spy
seg.ready()
import jieba, threading
# the first taggings come from several threads at once (the UI answers three questions at a time)
tagged = []
threads = [threading.Thread(target=lambda: tagged.append([list(p) for p in seg.pos_lcut(sys.argv[1])]))
           for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"built": built, "words": jieba.lcut(sys.argv[1]), "search": jieba.lcut_for_search(sys.argv[1]),
                  "tags": tagged[0], "all_tags": tagged,
                  "added": [w for w in seg.words() if seg.frequency(w) > 0]}))
"""

# jieba's own way: its dictionary, the words added one by one, jieba.posseg imported as usual
_PLAIN = """
import json, sys
import jieba, jieba.posseg as pseg
from index.segmenter import words
for w in words():
    jieba.add_word(w)
print(json.dumps({"words": jieba.lcut(sys.argv[1]), "search": jieba.lcut_for_search(sys.argv[1]),
                  "tags": [list(p) for p in pseg.lcut(sys.argv[1])]}))
"""


def _run(code: str, cache: Path, text: str = SENTENCE) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True,
                          cwd=ROOT, env=env, timeout=300)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_cached_jieba_cuts_and_tags_as_jiebas_own_loading(tmp_path: Path) -> None:
    first = _run(_PROBE, tmp_path)
    assert first["built"] == ["jieba-frequencies", "jieba-tags"]  # nothing kept yet: both built and kept
    tables = tmp_path / "siping-assistant" / "tables"
    assert sorted(p.name.split("-")[1] for p in tables.glob("jieba-*.marshal")) == ["frequencies", "tags"]

    second = _run(_PROBE, tmp_path)
    assert second["built"] == []  # the next start reads both kept copies
    plain = _run(_PLAIN, tmp_path / "unused")
    for result in (first, second):
        assert result["words"] == plain["words"]
        assert result["search"] == plain["search"]
        assert result["tags"] == plain["tags"]
        assert result["all_tags"] == [plain["tags"]] * 6  # no thread tagged before the table was in place
        assert result["added"] == json.loads(json.dumps(_words()))
    assert "开复工" in plain["words"]  # type: ignore[operator]  # the project's words are in effect

    for kept in tables.glob("jieba-*.marshal"):  # damaged copies: rebuilt, the same cuts
        kept.write_bytes(b"\x00not marshal")
    third = _run(_PROBE, tmp_path)
    assert third["built"] == ["jieba-frequencies", "jieba-tags"]
    assert third["words"] == plain["words"] and third["tags"] == plain["tags"]


def test_the_tags_read_a_character_at_a_time_are_jiebas_own_over_a_whole_document(tmp_path: Path) -> None:
    """index.tag_table: every word of the article tagged as jieba's own full table tags it."""
    text = ARTICLE.read_text(encoding="utf-8")
    kept = _run(_PROBE, tmp_path, text)
    plain = _run(_PLAIN, tmp_path / "unused", text)
    assert len(plain["tags"]) > 1000  # type: ignore[arg-type]
    assert kept["tags"] == plain["tags"]


def _words() -> list[str]:
    from index.segmenter import words

    return words()
