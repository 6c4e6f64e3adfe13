"""Inline XLIFF codes to markers and back, including translations whose markers are out of shape."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import etree

from app.core.formats.xliff_inline import fill, to_markers
from app.core.formats.xliff_v12 import DIALECT, NAMESPACE


def source(xml: str) -> Any:
    return etree.fromstring(f'<source xmlns="{NAMESPACE}">{xml}</source>')


def content(element: Any) -> str:
    text = (element.text or "") + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in element
    )
    return re.sub(r' xmlns="[^"]*"', "", text)


def codes(element: Any) -> list[str]:
    """Each code element with its attributes, and its native code (the text of all but ``<g>``)."""
    found = []
    for child in element.iter():
        if child is not element:
            name = etree.QName(child).localname
            found.append(name + str(sorted(child.attrib.items())) + ("" if name == "g" else child.text or ""))
    return sorted(found)


def test_crossing_pairs_become_single_codes() -> None:
    element = source(
        '<bpt id="1">[b]</bpt>a<bpt id="2">[i]</bpt>b<ept id="1">[/b]</ept>c<ept id="2">[/i]</ept>'
    )

    assert to_markers(element, DIALECT).text == "<x1/>a<x2/>b<x3/>c<x4/>"


def test_a_pair_split_over_two_levels_becomes_single_codes() -> None:
    element = source('<bpt id="1">[b]</bpt>a <g id="5">b<ept id="1">[/b]</ept></g>')

    assert to_markers(element, DIALECT).text == "<x1/>a <g2>b<x3/></g2>"


def test_nested_codes_round_trip_exactly() -> None:
    xml = 'A <g id="1">b <bpt id="2">[i]</bpt>c <x id="3"/><ept id="2">[/i]</ept></g> d<ph id="4">%s</ph>'
    element = source(xml)
    markup = to_markers(element, DIALECT)
    assert markup.text == "A <g1>b <g2>c <x3/></g2></g1> d<x4/>"

    target = source("")
    assert fill(target, markup, markup.text)
    assert content(target) == xml


@pytest.mark.parametrize(
    "translated",
    [
        "<g1>x <g2>y</g1> z</g2>",  # closed out of order
        "<g1>x <g2>y z",  # never closed
        "x y z",  # no markers at all
        "<x3/><x3/><g9>x</g9> y z",  # a single repeated, an unknown pair
        "</g1></g2>x y z<g1><g2>",  # closed before opened: ignored, then left open
    ],
)
def test_mismatched_markers_keep_all_codes_and_all_text(translated: str) -> None:
    element = source('A <g id="1">b <bpt id="2">[i]</bpt>c <x id="3"/><ept id="2">[/i]</ept></g>')
    markup = to_markers(element, DIALECT)
    target = source("")

    assert not fill(target, markup, translated)

    assert codes(target) == codes(element)
    assert re.sub(r"\s+", "", "".join(target.itertext()).replace("[i]", "").replace("[/i]", "")) == "xyz"
    assert etree.fromstring(etree.tostring(target)) is not None  # still well-formed


def test_a_wrap_closed_by_its_outer_marker_ends_there() -> None:
    element = source('<g id="1">a <g id="2">b</g></g>')
    markup = to_markers(element, DIALECT)
    target = source("")

    assert not fill(target, markup, "<g1>x <g2>y</g1> z</g2>")

    assert content(target) == '<g id="1">x <g id="2">y</g></g> z'


def test_text_that_only_looks_like_markup_stays_text() -> None:
    element = source('Use <ph id="1">&lt;br&gt;</ph> here')
    markup = to_markers(element, DIALECT)
    target = source("")

    assert fill(target, markup, "Nutze <x1/> & <b>nicht</b> <x 1/>")

    assert content(target) == 'Nutze <ph id="1">&lt;br&gt;</ph> &amp; &lt;b&gt;nicht&lt;/b&gt; &lt;x 1/&gt;'
