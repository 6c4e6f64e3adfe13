"""Running ``copydesk translate`` in-process for the tests, reading its summary line, and the files they
share.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pytest

import app.cli.jobs
from app.cli.backends import Backend
from app.cli.main import run_cli
from app.core.engine.types import Engine
from app.core.runtime import Runtime

SUMMARY = re.compile(
    r"copydesk: wrote (?P<where>.+?): (?P<total>\d+) segments?: (?P<translated>\d+) translated, "
    r"(?P<reused>\d+) reused from memory, (?P<flagged>\d+) flagged; (?P<tokens>\d+) tokens? generated"
)
SENTENCES = ("The cat sleeps on the sofa.", "The dog runs in the park.", "Birds sing in the morning.")


@dataclass(frozen=True)
class Summary:
    total: int
    translated: int
    reused: int
    flagged: int
    tokens: int


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str

    def summary(self) -> Summary:
        """The end line, checked for what always holds: every segment counted once, the exit status
        matching the flags."""
        found = SUMMARY.search(self.err)
        assert found is not None, self.err
        numbers = {name: int(value) for name, value in found.groupdict().items() if name != "where"}
        summary = Summary(**numbers)
        assert summary.translated + summary.reused + summary.flagged == summary.total, self.err
        assert self.status == (3 if summary.flagged else 0), self.err
        return summary


def translate(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    status = run_cli(["translate", *args], out, err)
    return Result(status, out.getvalue(), err.getvalue())


def lend_loader(monkeypatch: pytest.MonkeyPatch, load: Callable[[], Engine]) -> None:
    def backend(runtime: Runtime, args: argparse.Namespace, err: TextIO) -> Backend:
        return Backend(load, "the session's engine")

    monkeypatch.setattr(app.cli.jobs, "choose_backend", backend)


def lend(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """Commands run on ``engine`` instead of loading a model."""
    lend_loader(monkeypatch, lambda: engine)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def paragraphs(text: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


MARKDOWN = """# Welcome

Open the [settings](https://example.com/settings) page and click **Save**.

```
keep = "this code"
```

We ship 3 boxes every Monday.
"""


TABLE = (
    "Name,Description,Price\nLamp,A warm reading lamp.,12\nMug,A big blue mug.,5\nPen,A smooth black pen.,2\n"
)


def tmx(pairs: list[tuple[str, str]]) -> str:
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="de"><seg>{de}</seg></tuv></tu>\n'
        for en, de in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" '
        'adminlang="en" srclang="en" datatype="plaintext"/>\n'
        f"<body>\n{units}</body>\n</tmx>\n"
    )
