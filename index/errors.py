"""The project's own errors of the build side.

DocumentError: why a file cannot be a document, with a reason code, so each front end words it in its own
language (the command line prints the English message; the UI words the code from prompts/ui_reason_*).
StoreError: why the passage store cannot be used (index.store translates Chroma's exceptions into it).
"""

from __future__ import annotations

# reason code -> the English message (after "<file>: "); {fields} come from DocumentError.because
REASONS: dict[str, str] = {
    "binary": "looks binary, not a text document",
    "encoding": "cannot detect the text encoding",
    "empty": "empty document",
    "too_large": "{size} bytes is over the {limit}-byte limit",
    "unreadable": "cannot read ({detail})",
    "link": "a symbolic link; only files inside the corpus folder are read",
    "unsupported": "not a kind of document that can be read (readable: {suffixes})",
    "reserved": "not an allowed document name",
    "name_taken": "a different document of this name is already in the corpus; rename the file",
    "link_taken": "a symbolic link of this name is in the corpus; rename the file",
    "duplicate": "the same content is already in the corpus as {other}",
    "corrupt": "not a valid {kind} file ({detail})",
    "encrypted": "password-protected; save it without a password first",
    "scanned": "no text layer on its {pages} page(s) (a scanned document?); it needs OCR first",
    "no_article": "no article text found in the page",
    "not_found": "no such document in the corpus",
}


class DocumentError(ValueError):
    """A file that cannot be read as a document (binary, undecodable, empty, too large, encrypted, scanned,
    a link…). `reason` is one of REASONS' codes ("" for a message without one); `name` is the file."""

    def __init__(self, message: str, *, name: str = "", reason: str = "", **fields: object) -> None:
        super().__init__(message)
        self.name = name
        self.reason = reason
        self.fields = fields

    @classmethod
    def because(cls, name: str, reason: str, **fields: object) -> DocumentError:
        return cls(f"{name}: {REASONS[reason].format(**fields)}", name=name, reason=reason, **fields)


class StoreError(RuntimeError):
    """The store is missing, unreachable or corrupt; the message says what to do. index.store raises it in
    place of Chroma's own exceptions, so no caller needs to know Chroma's (or httpx's) exception types."""


class StoreUnreachable(StoreError):
    """The Chroma server of store.mode server does not answer; the message names host:port and the fix."""

    def __init__(self, message: str, *, server: str) -> None:
        super().__init__(message)
        self.server = server
