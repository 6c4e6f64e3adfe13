"""The completeness check on crafted source/translation pairs."""

from __future__ import annotations

import pytest

from app.core.translation.checks import (
    added_paragraphs,
    check_translation,
    join_lines,
    repeated_instructions,
    strip_label,
    strip_quotes,
)
from app.core.translation.glossary import Glossary, Term
from app.core.translation.protect import protect, restore

COPYDESK = Term("Copydesk", do_not_translate=True)
CUSTOMER = Term("customer", "Kunde")
FILE = Term("file", "Datei")


def glossary(*terms: Term) -> Glossary:
    return Glossary("en", "de", terms)


def problems(source: str, translated: str, terms: Glossary | None = None) -> tuple[str, ...]:
    return check_translation(source, translated, terms).problems


def test_an_empty_translation_fails_alone() -> None:
    result = check_translation("Pay 42 EUR at https://x.example.", "  \n", None)
    assert result.problems == ("The translation is empty",)
    assert not result.ok


def test_an_empty_source_may_stay_empty() -> None:
    assert check_translation("", "", None).ok
    assert check_translation(" \n", "", None).ok


def test_a_faithful_translation_passes() -> None:
    result = check_translation(
        "Hello {name}, your 3 files are at https://x.example/f (see `ls`).",
        "Hallo {name}, deine 3 Dateien liegen unter https://x.example/f (siehe `ls`).",
        glossary(FILE),
    )
    assert result.ok and result.problems == () and result.term_misses == () and not result.untranslated


@pytest.mark.parametrize(
    ("source", "translated", "expected"),
    [
        ("Visit https://x.example/a now.", "Besuche jetzt.", "The URL https://x.example/a is missing"),
        ("Mail ada@x.example.", "Schreib uns.", "The e-mail address ada@x.example is missing"),
        ("Hi {name}!", "Hallo!", "The placeholder {name} is missing"),
        ("%d files", "Dateien", "The placeholder %d is missing"),
        ("Run `make`.", "Führe aus.", "The inline code `make` is missing"),
        ("A <b>bold</b> move", "Ein fetter Zug", "The tag <b> is missing"),
        ("[Docs](https://d.example)", "[Doku]", "The link target (https://d.example) is missing"),
        ("See [1].", "Siehe.", "The reference [1] is missing"),
        ("Tom&nbsp;Jerry", "Tom Jerry", "The HTML entity &nbsp; is missing"),
    ],
)
def test_a_missing_token_is_named_in_user_words(source: str, translated: str, expected: str) -> None:
    assert expected in problems(source, translated)


def test_a_changed_placeholder_is_missing_and_the_new_one_is_reported() -> None:
    assert problems("Hi {name}!", "Hallo {Name}!") == (
        "The placeholder {name} is missing",
        "The translation has a placeholder {Name} that the source does not have",
    )


def test_duplicated_and_added_tags_fail() -> None:
    assert problems("A <b>bold</b> move", "Ein <b>fetter</b> <b>Zug</b>") == (
        "The tag <b> appears twice in the translation, once in the source",
        "The tag </b> appears twice in the translation, once in the source",
    )
    assert problems("plain", "<i>schlicht</i>") == (
        "The translation has a tag <i> that the source does not have",
        "The translation has a tag </i> that the source does not have",
    )


def test_long_spans_are_shortened_in_messages() -> None:
    url = "https://x.example/" + "a" * 100
    (message,) = problems(f"Go to {url}", "Geh hin")
    assert message.startswith("The URL https://x.example/aaa") and message.endswith("… is missing")
    assert len(message) < 90


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    "translated",
    [
        "Es kostet 1.234,5 Euro.",
        "Es kostet 1 234,5 Euro.",
        "Es kostet 1\u00a0234,5 Euro.",
        "Es kostet 1\u202f234,5 Euro.",
        "Es kostet 1'234.5 Euro.",
        "It costs 1,234.5 euros.",
        "Es kostet １,２３４.５ Euro.",
    ],
)
def test_numbers_may_use_the_target_languages_separators(translated: str) -> None:
    assert problems("It costs 1,234.5 euros.", translated) == ()


def test_a_number_missing_or_changed_fails_with_its_source_spelling() -> None:
    assert problems("The answer is 42.", "Die Antwort ist zweiundvierzig.") == ("The number 42 is missing",)
    assert problems("Pay 1,234.50 now.", "Zahle 1.243,50 jetzt.") == ("The number 1,234.50 is missing",)
    assert problems("3.14159 is pi", "3,1416 ist pi") == ("The number 3.14159 is missing",)


def test_a_number_must_appear_as_often_as_in_the_source() -> None:
    assert problems("2 cats and 2 dogs", "2 Katzen und Hunde") == (
        "The number 2 appears once in the translation, twice in the source",
    )


def test_dates_and_regrouped_numbers_pass_when_the_digits_are_there() -> None:
    assert problems("Due 12/31/2024.", "Fällig am 31.12.2024.") == ()
    assert problems("In 2024 100 people came.", "2024 kamen 100 Menschen.") == ()
    assert problems("Order 007 shipped.", "Auftrag 7 verschickt.") == ()


def test_digits_inside_protected_spans_and_words_are_not_numbers() -> None:
    assert (
        problems("See https://x.example/page2 and {0} for H2O.", "Siehe https://x.example/page2 und {0}.")
        == ()
    )


# ------------------------------------------------------------------ glossary


def test_a_missing_dnt_term_fails() -> None:
    assert problems("Open Copydesk.", "Öffne das Programm.", glossary(COPYDESK)) == (
        "The term Copydesk is missing",
    )


def test_a_dnt_term_in_another_casing_was_changed() -> None:
    assert problems("Open Copydesk.", "Öffne COPYDESK.", glossary(COPYDESK)) == (
        "The term Copydesk was changed",
    )
    assert problems("Open COPYDESK.", "Öffne COPYDESK.", glossary(COPYDESK)) == ()


def test_a_dnt_term_that_appears_less_often_fails() -> None:
    assert problems("Copydesk, Copydesk!", "Copydesk!", glossary(COPYDESK)) == (
        "The term Copydesk appears once in the translation, twice in the source",
    )


def test_a_case_sensitive_dnt_term_must_keep_its_casing() -> None:
    word = Term("Word", do_not_translate=True, case_sensitive=True)
    assert problems("Open Word.", "Öffne WORD.", glossary(word)) == ("The term Word is missing",)
    assert problems("a word", "ein Wort", glossary(word)) == ()


@pytest.mark.parametrize(
    "translated",
    ["Der Kunde zahlt.", "Die Kunden zahlen.", "Dem KUNDEN gefällt es.", "Des Kundes Wunsch."],
)
def test_a_preferred_term_may_be_inflected(translated: str) -> None:
    assert check_translation("The customer pays.", translated, glossary(CUSTOMER)).term_misses == ()


def test_a_preferred_term_not_used_is_a_warning_not_a_failure() -> None:
    result = check_translation("Our customers pay.", "Unsere Käufer zahlen.", glossary(CUSTOMER, FILE))
    assert result.ok
    assert result.term_misses == (CUSTOMER,)
    assert result.warnings == ("The preferred translation 'Kunde' for 'customer' was not used",)


def test_a_preferred_term_not_in_the_source_is_not_expected() -> None:
    result = check_translation("The customs office.", "Das Zollamt.", glossary(CUSTOMER))
    assert result.term_misses == ()


# ------------------------------------------------------------------ untranslated


def test_text_copied_unchanged_is_an_untranslated_warning() -> None:
    result = check_translation("Save the file before closing.", "Save the  file before closing.", None)
    assert result.ok and result.untranslated
    assert result.warnings == ("The text came back untranslated",)


@pytest.mark.parametrize("label", ["Copydesk", "OK", "Acme Cloud Sync", "v2.0 (beta)"])
def test_names_and_short_labels_may_stay_the_same(label: str) -> None:
    result = check_translation(label, label, None)
    assert result.ok and not result.untranslated


def test_protect_then_restore_gives_a_translation_that_passes() -> None:
    source = "Copydesk sends {count} reports to ada@x.example at 9:30 (see <b>1,500</b> rows)."
    terms = glossary(COPYDESK)
    protected = protect(source, terms)
    # A plausible model answer that kept every placeholder, in another order.
    answer = "[1] schickt um 9:30 [2] Berichte an [3] (siehe [4]1.500[5] Zeilen)."
    restored = restore(protected, answer)
    assert restored.ok
    assert check_translation(source, restored.text, terms).ok
    dropped = restore(protected, "[1] schickt Berichte.")
    assert set(check_translation(source, dropped.text, terms).problems) == {
        "The placeholder {count} is missing",
        "The e-mail address ada@x.example is missing",
        "The tag <b> is missing",
        "The tag </b> is missing",
        "The number 9 is missing",
        "The number 30 is missing",
        "The number 1,500 is missing",
    }


# ------------------------------------------------------------------ the raw answer of one request

SCAFFOLD = (
    "You are a translator. Translate the user's English text into German.",
    "Glossary (use these translations):",
    "- smart lamp → Smarte Lampe",
    "Translate into German:",
    "Text:",
)
LAMPS = "Brightleaf Hub connects up to 12 smart lamps in your home."


def test_an_answer_that_repeats_the_prompt_is_caught_though_every_token_is_there() -> None:
    answer = (
        "Glossary (use these translations):\n- smart lamp → Smarte Lampe\n\nTranslate into German:\n" + LAMPS
    )
    assert check_translation(LAMPS, answer, glossary(Term("smart lamp", "Smarte Lampe"))).ok, (
        "why it is needed"
    )
    assert repeated_instructions(LAMPS, answer, SCAFFOLD) == SCAFFOLD[1:4]


@pytest.mark.parametrize(
    "answer",
    [
        "* SMART LAMP → smarte lampe",  # another list mark and casing
        "Brightleaf Hub verbindet 12 Lampen. Translate into German",  # inline, colon dropped
        "You are a translator.   Translate the user's English text\ninto German.",  # rewrapped
    ],
)
def test_a_repeated_line_is_found_whatever_its_wrapping_casing_or_list_mark(answer: str) -> None:
    assert repeated_instructions(LAMPS, answer, SCAFFOLD)


def test_a_faithful_answer_repeats_nothing() -> None:
    answer = "Brightleaf Hub verbindet bis zu 12 smarte Lampen in Ihrem Zuhause. Text: siehe unten."
    assert repeated_instructions(LAMPS, answer, SCAFFOLD) == (), "a one-word line is an ordinary word"
    assert repeated_instructions(LAMPS, "Im Kontext übersetzen", ("context übersetzen",)) == (), "whole words"


def test_a_prompt_line_that_the_source_has_too_may_come_back() -> None:
    source = "Translate into German: the button label."
    assert repeated_instructions(source, "Translate into German: die Schaltfläche.", SCAFFOLD) == ()


GERMAN = ("German", "Deutsch")


@pytest.mark.parametrize(
    "answer",
    [
        "German: Hallo Welt.",
        "The German: Hallo Welt.",
        "german:\nHallo Welt.",
        "Deutsch: Hallo Welt.",
        "Translation: Hallo Welt.",
        "Here is the translation:\n\nHallo Welt.",
        "Here's the German translation: Hallo Welt.",
        "The translation into German: Hallo Welt.",
        "Translate into German:\nHallo Welt.",
        "Translated to German: Hallo Welt.",
        "  In German:  Hallo Welt.",
        "The translated text:\nHallo Welt.",
        "Translated text: Hallo Welt.",
    ],
)
def test_one_leading_label_is_stripped(answer: str) -> None:
    assert strip_label(answer, "Hello world.", GERMAN) == "Hallo Welt."


@pytest.mark.parametrize(
    ("source", "answer"),
    [
        ("Hello world.", "French: Bonjour."),  # another language's name
        ("Hello world.", "Hinweis: Hallo Welt."),  # a word of the translation
        ("Hello world.", "Hallo Welt. German: Hallo."),  # not at the start
        ("Hello world.", "German translation follows: Hallo."),  # not one of the shapes
        ("Hello world.", "German:"),  # nothing after it
        ("German: the language", "Deutsch: die Sprache"),  # the source has a label of its own
        ("Note: keep it dry.", "German: Hinweis: trocken halten."),
        ("Germany: a country", "Germany: ein Land"),  # a longer word starting with the name
    ],
)
def test_anything_else_is_left_as_it_is(source: str, answer: str) -> None:
    assert strip_label(answer, source, GERMAN) == answer


def test_only_one_label_is_stripped() -> None:
    assert strip_label("German: Translation: Hallo.", "Hello.", GERMAN) == "Translation: Hallo."


def test_a_label_over_the_source_leaves_an_echo_the_check_still_catches() -> None:
    answer = strip_label(f"The German: {LAMPS}", LAMPS, GERMAN)
    assert answer == LAMPS
    assert check_translation(LAMPS, answer, None).untranslated


def test_added_paragraphs_are_found_only_where_the_source_has_none() -> None:
    assert added_paragraphs("One paragraph.\nA soft break.", "Ein Absatz.\n \nNoch einer.")
    assert not added_paragraphs("One paragraph.\nA soft break.", "Ein Absatz.\nEin Umbruch.")
    assert not added_paragraphs("One.\n\nTwo.", "Eins.\n\nZwei.\n\nDrei.")
    assert not added_paragraphs("One.", "\n\nEins.\n\n")


@pytest.mark.parametrize(
    ("source", "answer", "expected"),
    [
        ("Hello world.", '"Hallo Welt."', "Hallo Welt."),
        ("Hello world.", "„Hallo Welt.“", "Hallo Welt."),
        ("Hello world.", "«Hallo Welt.»", "Hallo Welt."),
        ('"Hello" is a word.', '"Hallo" ist ein Wort."', '"Hallo" ist ein Wort."'),  # quotes of the text
        ('"Hello world."', '"Hallo Welt."', '"Hallo Welt."'),  # the source is quoted itself
        ("Say hi.", '"Hallo" und "Tschüss"', '"Hallo" und "Tschüss"'),  # two quotations, not one around all
        ("Hi.", '"', '"'),
    ],
)
def test_quotes_around_the_whole_answer_are_removed(source: str, answer: str, expected: str) -> None:
    assert strip_quotes(answer, source) == expected


def test_a_one_line_source_gets_a_one_line_answer() -> None:
    assert join_lines("Open the app", "Öffne\ndie App") == "Öffne die App"
    assert join_lines("Line one\nline two", "Zeile eins\nZeile zwei") == "Zeile eins\nZeile zwei"
    # blank lines are not joined: added_paragraphs fails them
    assert join_lines("Open the app", "Öffne die App\n\nNote: …") == "Öffne die App\n\nNote: …"
