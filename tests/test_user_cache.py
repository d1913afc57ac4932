"""The user's cache of derived tables: built once, read back, rebuilt when its inputs change or it is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.user_cache import cached_table, digest_of


def test_a_table_is_built_once_and_rebuilt_only_for_other_inputs(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds: list[int] = []

    def build() -> dict[str, tuple[str, ...]]:
        builds.append(1)
        return {"bed": ("床位", "床")}

    first = digest_of([b"dictionary v1", b"code"])
    assert cached_table("t", first, build) == {"bed": ("床位", "床")}
    assert cached_table("t", first, build) == {"bed": ("床位", "床")}
    assert len(builds) == 1  # the second call read the kept copy

    second = digest_of([b"dictionary v2", b"code"])
    assert second != first
    cached_table("t", second, build)
    assert len(builds) == 2
    kept = sorted(p.name for p in (tmp_path / "siping-assistant" / "tables").iterdir())
    assert kept == [f"t-{second}.json"]  # the copy of the older inputs is gone

    (tmp_path / "siping-assistant" / "tables" / f"t-{second}.json").write_text("{not json", encoding="utf-8")
    assert cached_table("t", second, build) == {"bed": ("床位", "床")}
    assert len(builds) == 3
