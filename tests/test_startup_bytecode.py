"""assistant.bench_startup's bytecode check: which of the project's modules a new process would compile
from source, and writing their .pyc ahead (`make bytecode`) before start-up is timed."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.bench_startup import stale_bytecode, write_bytecode


def _project(root: Path) -> Path:
    (root / "assistant").mkdir()
    (root / "index").mkdir()
    (root / "app.py").write_text("VALUE = 1\n", encoding="utf-8")
    module = root / "assistant" / "reader.py"
    module.write_text("def read(text):\n    return text.strip()\n", encoding="utf-8")
    return module


def test_missing_bytecode_is_stale_and_written_ahead(tmp_path: Path) -> None:
    module = _project(tmp_path)
    assert sorted(p.name for p in stale_bytecode(tmp_path)) == ["app.py", "reader.py"]
    assert write_bytecode(tmp_path) == 2
    assert stale_bytecode(tmp_path) == []
    assert write_bytecode(tmp_path) == 0  # nothing left to write
    assert (module.parent / "__pycache__").is_dir()


def test_a_changed_source_makes_its_bytecode_stale(tmp_path: Path) -> None:
    module = _project(tmp_path)
    write_bytecode(tmp_path)
    module.write_text("def read(text):\n    return text.strip().lower()\n", encoding="utf-8")
    stat = module.stat()
    os.utime(module, (stat.st_atime, stat.st_mtime + 5))  # a later edit (mtime has 1 s resolution in the .pyc)
    assert stale_bytecode(tmp_path) == [module]
    assert write_bytecode(tmp_path) == 1
    assert stale_bytecode(tmp_path) == []
