"""One shape for everything a validator or a quality gate can report.

Content errors and gate findings share this type so that the CLI prints, the report
writes and the tests assert them the same way (README.md "Conventions").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """A problem with a place: `file:line:col: field: message`.

    `message` is Traditional Chinese for staff, with the English term in parentheses
    where it helps; `hint` says what to write instead.
    """

    file: str
    line: int | None = None
    col: int | None = None
    field: str | None = None
    message: str = ""
    hint: str | None = None
    gate: str = "validate"
    severity: str = "error"  # "error" fails the run, "warning" is reported only
    code: str = ""           # stable name of the rule broken (docs/finding-codes.md)

    def __post_init__(self) -> None:
        """A message may quote what staff wrote; it never repeats a full personal number.

        A finding without a code of its own gets its gate's code, so every finding has one.
        """
        from .checks.privacy import mask_personal   # privacy builds Findings: imported late

        if not self.code:
            object.__setattr__(self, "code", default_code(self.gate))

        for name in ("message", "hint"):
            value = getattr(self, name)
            if value:
                object.__setattr__(self, name, mask_personal(value))

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format_text(self) -> str:
        field = f" {self.field}:" if self.field else ""
        level = "" if self.severity == "error" else " 警告（warning）:"
        text = f"{self.location()}:{level}{field} {self.message}"
        if self.hint:
            text += f"（建議：{self.hint}）"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so a pull request shows it on its line."""
        kind = "error" if self.severity == "error" else "warning"
        props = [f"file={self.file}"]
        if self.line is not None:
            props.append(f"line={self.line}")
        if self.col is not None:
            props.append(f"col={self.col}")
        props.append(f"title={_escape_property(f'{self.gate} {self.code}')}")
        body = (f"{self.field}: " if self.field else "") + self.message
        if self.hint:
            body += f"（建議：{self.hint}）"
        return f"::{kind} {','.join(props)}::{_escape_data(body)}"

    def to_dict(self) -> dict:
        return asdict(self)


def default_code(gate: str) -> str:
    """The code of a finding whose rule has no finer code: its gate's name (docs/finding-codes.md)."""
    return "invalid-content" if gate == "validate" else gate


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
