"""Masking and restoring protected spans: DNT terms in any casing and punctuation, tokens, collisions."""

from __future__ import annotations

import random
import re

import pytest

from app.core.translation.glossary import Glossary, Term
from app.core.translation.protect import PLACEHOLDER_PATTERN, placeholder, protect, restore
from app.core.translation.protect_patterns import BRACKET_NUMBER

DNT = ("Copydesk", "Acme Cloud Sync", "Acme", "C++", "Node.js", ".NET", "Zürich Labs")


def glossary(*terms: Term) -> Glossary:
    return Glossary("en", "de", terms or tuple(Term(source, do_not_translate=True) for source in DNT))


def protected_spans(text: str, terms: Glossary | None = None) -> list[str]:
    return list(protect(text, terms if terms is not None else glossary()).spans)


# ------------------------------------------------------------------ property: the round trip is exact

WORDS = ("the", "a", "sync", "cloud", "desk", "copy", "node", "js", "net", "labs", "acme", "is", "to")
WRAPS = ("{}", "({})", "{}'s", "{}.", "«{}»", "{}-based", '"{}"', "[{}]", "{},", "¿{}?", "{}:", "*{}*")
TOKENS = (
    "https://example.com/a?b=1&c=2",
    "www.example.org/path_(x)",
    "ada@example.co.uk",
    "`ls -l`",
    "``a ` b``",
    "{name}",
    "{0}",
    "{{count}}",
    "${user}",
    "%s",
    "%1$s",
    "%(name)s",
    "%5.2f",
    "<b>",
    "</b>",
    "<br/>",
    '<a href="https://x.y/?q=1">',
    "<g1>",
    "</g1>",
    "<x1/>",
    "&nbsp;",
    "&amp;",
    "[1]",
    "[ 2 ]",
    "［3］",
    "100%",
    "%%",
)


def random_casing(rng: random.Random, text: str) -> str:
    style = rng.choice(("lower", "upper", "title", "as is", "random"))
    if style == "lower":
        return text.lower()
    if style == "upper":
        return text.upper()
    if style == "title":
        return text.title()
    if style == "random":
        return "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in text)
    return text


def random_sentence(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 14)):
        roll = rng.random()
        if roll < 0.3:
            parts.append(rng.choice(WRAPS).format(random_casing(rng, rng.choice(DNT))))
        elif roll < 0.45:
            parts.append(rng.choice(TOKENS))
        else:
            parts.append(rng.choice(WORDS))
    separators = (" ", " ", " ", "\n", "  ", "\u00a0")
    return "".join(part + rng.choice(separators) for part in parts).rstrip() + rng.choice((".", "!", "", "?"))


@pytest.mark.parametrize("seed", range(5))
def test_restore_of_the_masked_text_gives_the_source_back_exactly(seed: int) -> None:
    rng = random.Random(seed)
    terms = glossary()
    for _ in range(200):
        text = random_sentence(rng)
        protected = protect(text, terms)
        restored = restore(protected, protected.masked)
        assert restored.text == text
        assert restored.missing == () and restored.extra == () and restored.ok
        # Every bracketed number left in the masked text is one of ours, numbered 1..n in order.
        numbers = [int(m.group("number")) for m in BRACKET_NUMBER.finditer(protected.masked)]
        assert numbers == list(range(1, len(protected.spans) + 1))
        # No DNT term is visible to the model any more, in any casing.
        for source in DNT:
            assert not re.search(rf"(?<!\w){re.escape(source)}(?!\w)", protected.masked, re.IGNORECASE)


@pytest.mark.parametrize("seed", range(3))
def test_restore_puts_spans_back_wherever_the_translation_moved_them(seed: int) -> None:
    rng = random.Random(100 + seed)
    terms = glossary()
    for _ in range(200):
        protected = protect(random_sentence(rng), terms)
        tokens = [placeholder(i) for i in range(len(protected.spans))]
        # What a small model does: reorder, pad the brackets with spaces, use full-width brackets.
        rng.shuffle(tokens)
        mangled = [rng.choice((t, t.replace("[", "[ ").replace("]", " ]"), f"［{t[1:-1]}］")) for t in tokens]
        translated = " ".join(["Übersetzt:", *mangled, "Ende"])
        restored = restore(protected, translated)
        assert restored.ok
        expected = " ".join(["Übersetzt:", *(protected.spans[int(t[1:-1]) - 1] for t in tokens), "Ende"])
        assert restored.text == expected


# ------------------------------------------------------------------ DNT terms


@pytest.mark.parametrize(
    "text",
    [
        "copydesk",
        "COPYDESK",
        "CopyDesk",
        "(Copydesk)",
        "Copydesk's",
        "Copydesk.",
        "«Copydesk»",
        "Copydesk-based",
        "„Copydesk“",
        "¡Copydesk!",
        "Copydesk’s",
        "—Copydesk—",
    ],
)
def test_a_dnt_term_is_masked_in_any_casing_and_inside_punctuation(text: str) -> None:
    protected = protect(text, glossary())
    written = re.search("copydesk", text, re.IGNORECASE)
    assert written is not None
    assert protected.spans == (written.group(),)
    assert protected.kinds == ("term",)
    assert "[1]" in protected.masked


@pytest.mark.parametrize("text", ["Copydesks", "Copydesk_x", "Copydesk2", "xCopydesk", "Copydesktop"])
def test_a_dnt_term_inside_a_longer_word_is_not_masked(text: str) -> None:
    assert protected_spans(text) == []


def test_the_source_casing_comes_back_not_the_glossary_casing() -> None:
    protected = protect("Ich mag COPYDESK und copydesk.", glossary())
    restored = restore(protected, "[2] und [1] gefallen mir.")
    assert restored.text == "copydesk und COPYDESK gefallen mir."


def test_multi_word_terms_match_across_any_whitespace_and_longest_wins() -> None:
    assert protected_spans("Try Acme Cloud Sync or acme cloud\nsync, or just Acme.") == [
        "Acme Cloud Sync",
        "acme cloud\nsync",
        "Acme",
    ]


def test_terms_with_regex_metacharacters_match_literally() -> None:
    text = "C++ and c++ and Node.js and .NET; not Nodexjs, not C+, not xNET."
    assert protected_spans(text) == ["C++", "c++", "Node.js", ".NET"]


def test_a_case_sensitive_term_matches_only_its_own_casing() -> None:
    terms = glossary(Term("Word", do_not_translate=True, case_sensitive=True))
    assert protected_spans("Open Word, then type a word or WORD.", terms) == ["Word"]


def test_non_ascii_terms_use_unicode_word_boundaries() -> None:
    assert protected_spans("ZÜRICH LABS und Zürich Labsé und zürich labs.") == ["ZÜRICH LABS", "zürich labs"]


def test_without_a_glossary_only_tokens_are_protected() -> None:
    assert protect("Copydesk at https://a.b", None).spans == ("https://a.b",)


# ------------------------------------------------------------------ other protected spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.com/docs.", ["https://example.com/docs"]),
        ("(see https://example.com/a?b=1&c=2), then", ["https://example.com/a?b=1&c=2"]),
        ("Wiki: https://en.wikipedia.org/wiki/Foo_(bar).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("Go to www.example.org!", ["www.example.org"]),
        ("Get ftp://files.example.net/x.zip;", ["ftp://files.example.net/x.zip"]),
        ("«http://a.example/»", ["http://a.example/"]),
        ("Write to ada.lovelace+x@example.co.uk.", ["ada.lovelace+x@example.co.uk"]),
        ("Run `pip install x` or ``a ` b``.", ["`pip install x`", "``a ` b``"]),
        ('Read [the guide](https://x.y/g "The guide") now.', ['(https://x.y/g "The guide")']),
        ("A [link](docs/a_(b).md).", ["(docs/a_(b).md)"]),
        ("Hi {name}, {0} and {{count}} and ${user} and {}.", ["{name}", "{0}", "{{count}}", "${user}", "{}"]),
        ("%s %d %5.2f %1$s %(name)s %-3i %%s", ["%s", "%d", "%5.2f", "%1$s", "%(name)s", "%-3i"]),
        ("100% sure, 50% discount, 20 %% off", []),
        (
            'A <b>bold</b><br/><br /> <a href="x>y">link</a> <g1>x</g1> <x1/>',
            ["<b>", "</b>", "<br/>", "<br />", '<a href="x>y">', "</a>", "<g1>", "</g1>", "<x1/>"],
        ),
        ("a < b > c and 3<4", []),
        (
            "Tom&nbsp;&amp;&nbsp;Jerry &#160; &#x00A0; AT&T",
            ["&nbsp;", "&amp;", "&nbsp;", "&#160;", "&#x00A0;"],
        ),
    ],
)
def test_tokens_are_protected_without_their_surrounding_punctuation(text: str, expected: list[str]) -> None:
    assert protected_spans(text, Glossary("en", "de")) == expected


def test_a_url_that_contains_a_dnt_term_stays_one_url() -> None:
    assert protected_spans("Copydesk: https://copydesk.app/help") == ["Copydesk", "https://copydesk.app/help"]


def test_bracketed_numbers_in_the_source_never_collide_with_placeholders() -> None:
    text = "Footnote [1] and ［2］ and 【3】 and [ 4 ] about Copydesk."
    protected = protect(text, glossary())
    assert protected.masked == "Footnote [1] and [2] and [3] and [4] about [5]."
    assert protected.kinds == ("reference",) * 4 + ("term",)
    assert restore(protected, "Fußnote [1], [2], [3], [4] über [5].").text == (
        "Fußnote [1], ［2］, 【3】, [ 4 ] über Copydesk."
    )


# ------------------------------------------------------------------ restore tolerance, never invention


def test_restore_accepts_spaces_and_full_width_brackets() -> None:
    protected = protect("Copydesk, {name} and <b>", glossary())
    restored = restore(protected, "[ 1 ], ［2］ und 【 3 】")
    assert restored.text == "Copydesk, {name} und <b>"
    assert restored.ok


def test_an_invented_placeholder_is_reported_and_left_out() -> None:
    protected = protect("Open Copydesk now.", glossary())
    restored = restore(protected, "Öffne [1] [7] jetzt [8].")
    assert restored.text == "Öffne Copydesk jetzt."
    assert restored.extra == ("[7]", "[8]")
    assert restored.problems == (
        "The translation added a marker [7] that is not in the source; it was left out",
        "The translation added a marker [8] that is not in the source; it was left out",
    )
    assert not restored.ok


def test_a_duplicated_placeholder_is_restored_and_reported() -> None:
    protected = protect("Use %s.", None)
    restored = restore(protected, "Nutze [1] [1].")
    assert restored.text == "Nutze %s %s."
    assert restored.extra == ("[1]",)
    assert restored.problems == ()


def test_a_lost_placeholder_is_reported_missing_unless_the_original_came_back() -> None:
    protected = protect("Ask ada@example.com about Copydesk and {name}.", glossary())
    restored = restore(protected, "Frag [1] nach Copydesk.")
    assert restored.text == "Frag ada@example.com nach Copydesk."
    assert restored.missing == ("{name}",)


def test_empty_text_and_text_without_spans() -> None:
    assert protect("", glossary()).masked == ""
    plain = protect("Nothing to see here.", glossary())
    assert plain.masked == "Nothing to see here." and plain.spans == ()
    assert restore(plain, "Nichts zu sehen.").text == "Nichts zu sehen."


def test_the_placeholder_pattern_matches_exactly_what_protect_writes() -> None:
    masked = protect("a %s b {x} c <b>", None).masked
    assert PLACEHOLDER_PATTERN.findall(masked) == ["[1]", "[2]", "[3]"]
