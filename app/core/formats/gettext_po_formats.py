"""Whether a translated PO message keeps the format directives its entry's flags promise.

``msgfmt --check`` refuses a catalog where a ``c-format`` msgstr lacks a ``%d`` of its msgid, or adds one
("50 % de" reads as ``% d``). The translation step protects directives, but a PO writer must not rely on
that: a message whose directives differ is marked ``fuzzy``, which gettext skips at run time and
``msgfmt`` does not check, so the catalog stays valid and a person sees the message.

The comparison is stricter than msgfmt's (the same directives, written the same way, in the same order
unless they are numbered or named), so it can only err towards asking a person.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

_C_FORMAT = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I)?(?:<PRI[a-zA-Z0-9]+>|[diouxXeEfFgGaAcspnCSm%])"
)
_PYTHON_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_POSITIONAL = re.compile(r"%\d+\$|%\(")
_CHECKED = ("c-format", "python-format", "python-brace-format")


def directives_match(source: str, translated: str, flags: Sequence[str]) -> bool:
    """True when ``translated`` carries the directives of ``source`` for every format ``flags`` name."""
    for flag in _CHECKED:
        if (
            flag in flags
            and f"no-{flag}" not in flags
            and _directives(source, flag) != _directives(translated, flag)
        ):
            return False
    return True


def _directives(text: str, flag: str) -> list[str] | None:
    """The directives in ``text`` (order kept when order matters); None when the text is not a valid
    string of that format at all (an unbalanced brace)."""
    if flag == "python-brace-format":
        try:
            fields = [
                f"{name}!{conversion}:{spec}"
                for _, name, spec, conversion in string.Formatter().parse(text)
                if name is not None
            ]
        except ValueError:
            return None
        return sorted(fields)
    pattern = _C_FORMAT if flag == "c-format" else _PYTHON_FORMAT
    found = [match.group() for match in pattern.finditer(text) if match.group() != "%%"]
    return sorted(found) if any(_POSITIONAL.match(item) for item in found) else found
