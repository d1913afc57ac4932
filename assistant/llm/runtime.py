"""The local LLM runtime: llama-cpp-python built once into a wheel cache, installed from it, a model pulled.

`python -m assistant model setup NAME` (what `make run` and `make test` call) does the three steps, each
skipped when already done. llama-cpp-python is source-only on the registry and takes ~5 min to build on 2
cores, so the wheel is kept in the user's cache folder, outside any clone: every later checkout, venv and CI
run on the machine installs it in seconds. The other packages of the `llm` extra come from pyproject.toml,
so the extra stays the one list of what the local backend needs.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.llm.models import ModelError, pull
from assistant.settings import PROJECT_ROOT
from index.user_cache import user_cache_dir

LLAMA_CPP = "llama-cpp-python"
# GGML_NATIVE=OFF: the portable build (no -march=native), so a cached wheel also runs on another CPU of the same
# architecture. LLAVA_BUILD=OFF: no multimodal library (llama-cpp-python imports it only for image chat formats;
# tools/mtmd is a large share of the build's files, which took 90 min on 2 cores under a load of 12 with it on)
BUILD_ENV = {"CMAKE_ARGS": "-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF"}
BUILD_TIMEOUT_S = 60 * 60  # ~5 min on 2 idle cores, several times that on a loaded machine
INSTALL_TIMEOUT_S = 20 * 60
# what the local backends import: llama.cpp itself, its OpenAI-compatible server's web stack, the llama-index
# clients (module names, checked without importing them: llama_cpp loads a 10 MB shared library)
RUNTIME_MODULES = ("llama_cpp", "fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings",
                   "llama_index.llms.llama_cpp", "llama_index.llms.openai_like")
SETUP_COMMAND = "python -m assistant model setup"


class SetupError(Exception):
    """One step of the setup failed; the message is the one line shown (with where the details are)."""


def cache_dir() -> Path:
    return user_cache_dir()


def llm_requirements(pyproject: Path = PROJECT_ROOT / "pyproject.toml") -> list[str]:
    """The `llm` extra's requirements, as pyproject.toml lists them."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(data["project"]["optional-dependencies"]["llm"])


def llama_cpp_pin(requirements: list[str]) -> str:
    """The exact llama-cpp-python version the extra pins ("llama-cpp-python[server]==0.3.36" -> "0.3.36")."""
    for req in requirements:
        if req.startswith(LLAMA_CPP) and "==" in req:
            return req.split("==", 1)[1].strip()
    raise SetupError(f"pyproject.toml's llm extra must pin {LLAMA_CPP}==<version> (a wheel is cached per version)")


def missing_modules() -> list[str]:
    missing = []
    for name in RUNTIME_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # the parent package is absent
            found = False
        if not found:
            missing.append(name)
    return missing


def require_runtime() -> None:
    """ModelError naming the fix when the local backend's packages are not installed (for the backends to call
    before they import llama_cpp or the llama-index clients)."""
    missing = missing_modules()
    if missing:
        raise ModelError(f"the local LLM runtime is not installed ({', '.join(missing)} missing); run "
                         f"`{SETUP_COMMAND}` or `make run` (builds llama-cpp-python once, ~5 min), or "
                         "`pip install -e '.[llm]'`")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One builder at a time per cache folder (a CI run and a developer's `make run` on one machine)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def cached_wheel(version: str, wheels: Path) -> Path | None:
    found = sorted(wheels.glob(f"{LLAMA_CPP.replace('-', '_')}-{version}-*.whl"))
    return found[-1] if found else None


def _run(command: list[str], log: Path, timeout: float, env: dict[str, str] | None = None) -> bool:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        try:
            done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False,
                                  env={**os.environ, **(env or {})})
        except subprocess.TimeoutExpired:
            out.write(f"\ntimed out after {timeout:.0f} s\n")
            return False
    return done.returncode == 0


def build_wheel(version: str, cache: Path) -> Path:
    """The cached llama-cpp-python wheel, built from source first if the cache has none."""
    wheels = cache / "wheels"
    with _locked(wheels):
        wheel = cached_wheel(version, wheels)
        if wheel is not None:
            return wheel
        log = cache / "logs" / f"build-{LLAMA_CPP}-{version}.log"
        print(f"building {LLAMA_CPP} {version} once into {wheels} (~5 min on 2 cores; log: {log})", file=sys.stderr)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w",
                   str(wheels), f"{LLAMA_CPP}=={version}"]
        if not _run(command, log, BUILD_TIMEOUT_S, BUILD_ENV) or (wheel := cached_wheel(version, wheels)) is None:
            raise SetupError(f"building {LLAMA_CPP} {version} failed (cmake and a C++ compiler are needed; see {log})")
        return wheel


def install(requirements: list[str], cache: Path) -> None:
    """Install the extra's packages into this environment, llama-cpp-python only from the cached wheel (never a
    second source build), under the project's constraints (torch stays the local CPU build)."""
    log = cache / "logs" / "install-llm-extra.log"
    constraints = PROJECT_ROOT / "constraints.txt"
    command = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--find-links",
               str(cache / "wheels"), "--only-binary", LLAMA_CPP, *requirements]
    if constraints.is_file():
        command[4:4] = ["-c", str(constraints)]
    if not _run(command, log, INSTALL_TIMEOUT_S):
        raise SetupError(f"installing the llm extra failed (see {log})")
    importlib.invalidate_caches()
    if missing := missing_modules():
        raise SetupError(f"installed the llm extra but {', '.join(missing)} still cannot be found (see {log})")


def setup(model: str, folder: Path | None = None, cache: Path | None = None, quiet: bool = False) -> Path:
    """Runtime built and installed, model pulled; returns the model's path. SetupError/ModelError say why not."""
    cache = cache or cache_dir()
    started = time.perf_counter()
    if missing_modules():
        requirements = llm_requirements()
        build_wheel(llama_cpp_pin(requirements), cache)
        install(requirements, cache)
    path = pull(model, folder, quiet=quiet)
    if not quiet:
        print(f"local LLM ready: {model} at {path} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path
