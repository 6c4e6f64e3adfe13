"""FAQ retrieval: tokenizing, BM25 ranking of paraphrased questions, and choosing what fits the context."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.tasks.context_fit import measure
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.faq import DEFAULT_SAMPLING, FaqRequests
from app.core.tasks.faq_retrieval import FaqIndex, select_entries, shares_words, tokenize
from app.core.tasks.faq_source import FaqEntry
from app.core.tasks.teams import DEFAULT_TEAMS

ACME_PAIRS: tuple[tuple[str, str], ...] = (
    (
        "How do I place an order?",
        ("Add items to your cart and click Checkout. You can pay as a guest or with an account."),
    ),
    (
        "Can I change my order after placing it?",
        (
            "You can change or cancel an order within one hour of placing it from the Orders page in "
            "your account."
        ),
    ),
    (
        "How do I cancel an order?",
        (
            "Open Orders in your account and click Cancel order. Orders that have already shipped "
            "cannot be cancelled; return them instead."
        ),
    ),
    (
        "Do you offer gift wrapping?",
        ("Yes. Choose gift wrapping at checkout for 4 euros per item. We add a handwritten card on request."),
    ),
    (
        "Can I order by phone?",
        ("Yes, call +49 30 1234567 from Monday to Friday, 9:00 to 17:00."),
    ),
    (
        "How long does delivery take?",
        (
            "Delivery within Germany takes 2 to 3 working days. Delivery to other EU countries takes "
            "4 to 7 working days."
        ),
    ),
    (
        "How much does shipping cost?",
        ("Shipping is free on orders over 50 euros. Below that, standard shipping costs 4.90 euros."),
    ),
    (
        "Do you ship internationally?",
        (
            "We ship to all EU countries, Switzerland, Norway and the United Kingdom. We do not ship "
            "outside Europe."
        ),
    ),
    (
        "How can I track my parcel?",
        ("You receive an email with a tracking link as soon as your parcel leaves our warehouse."),
    ),
    (
        "My parcel is lost. What should I do?",
        (
            "If your tracking has not changed for 7 days, contact us and we will open an "
            "investigation with the carrier and send a replacement."
        ),
    ),
    (
        "My parcel arrived damaged. What now?",
        (
            "Take photos of the parcel and the product and send them to us within 14 days. We replace"
            " damaged goods at no cost."
        ),
    ),
    (
        "Can I pick up my order in store?",
        (
            "Yes, choose Click and Collect at checkout and pick up your order at our Berlin store "
            "after you get the ready email."
        ),
    ),
    (
        "What is your return policy?",
        ("You can return unused items within 30 days of delivery for a full refund."),
    ),
    (
        "How do I return an item?",
        (
            "Print the prepaid return label from your account, pack the item in its original box and "
            "drop it at any DHL point."
        ),
    ),
    (
        "Are returns free?",
        ("Returns are free within Germany. For other countries, the return label costs 6 euros."),
    ),
    (
        "When do I get my refund?",
        (
            "Refunds are sent to your original payment method within 5 working days after your return"
            " arrives at our warehouse."
        ),
    ),
    (
        "Can I exchange an item for another size?",
        (
            "Yes. Choose Exchange in the return form and select the new size; we ship it once the "
            "return arrives."
        ),
    ),
    (
        "Which payment methods do you accept?",
        ("We accept credit cards (Visa, Mastercard), PayPal, Klarna invoice and bank transfer."),
    ),
    (
        "Can I pay by invoice?",
        ("Yes, with Klarna you can pay by invoice within 30 days."),
    ),
    (
        "Is my payment information secure?",
        (
            "Payments are handled by our payment provider over encrypted connections; we never store "
            "your card number."
        ),
    ),
    (
        "Why was my card declined?",
        (
            "Cards are declined by the issuing bank, for example for a wrong security code or a "
            "spending limit. Check the details or try another card."
        ),
    ),
    (
        "Do prices include VAT?",
        ("All prices on our website include German VAT."),
    ),
    (
        "Can I get an invoice for my company?",
        ("Yes. Enter your company name and VAT ID at checkout and the invoice will show them."),
    ),
    (
        "Are your water bottles BPA-free?",
        ("All our bottles are made of stainless steel or BPA-free Tritan plastic."),
    ),
    (
        "How do I clean my insulated bottle?",
        ("Wash it by hand with warm water and a bottle brush. Insulated bottles are not dishwasher safe."),
    ),
    (
        "What is the warranty on your products?",
        (
            "All products have a 2-year warranty against manufacturing defects. Backpacks have a "
            "lifetime warranty."
        ),
    ),
    (
        "How do I choose the right backpack size?",
        (
            "For day hikes choose 20 to 30 litres; for multi-day trips choose 40 to 60 litres. Our "
            "size guide shows back lengths."
        ),
    ),
    (
        "Are your tents waterproof?",
        ("Our tents have a hydrostatic head of 3000 mm and taped seams, so they stay dry in heavy rain."),
    ),
    (
        "Do you sell spare parts for tents?",
        ("Yes, poles, pegs and guy lines are sold separately in the Spare parts section."),
    ),
    (
        "Are your jackets made of recycled materials?",
        (
            "Most of our jackets use at least 50 percent recycled polyester. Each product page lists "
            "the materials."
        ),
    ),
    (
        "How do I reset my password?",
        (
            "Click Forgot password on the login page and follow the link we email you. The link is "
            "valid for 24 hours."
        ),
    ),
    (
        "How do I delete my account?",
        ("Write to privacy@acme.example and we delete your account and personal data within 30 days."),
    ),
    (
        "How do I change my email address?",
        ("Go to Account settings, enter the new address and confirm it with the link we send to it."),
    ),
    (
        "How do I unsubscribe from the newsletter?",
        ("Click the unsubscribe link at the bottom of any newsletter, or turn it off in Account settings."),
    ),
    (
        "Where is your store?",
        ("Our store is at Beispielstrasse 12, 10115 Berlin."),
    ),
    (
        "What are your store opening hours?",
        ("The Berlin store is open Monday to Saturday from 10:00 to 19:00."),
    ),
    (
        "Do you offer discounts for students?",
        (
            "Students get 10 percent off with a valid student ID in store, or by verifying with our "
            "student partner online."
        ),
    ),
    (
        "Do you have gift cards?",
        ("Yes, digital gift cards from 10 to 500 euros, valid for 3 years."),
    ),
    (
        "Do you offer bulk discounts for companies?",
        ("Orders of 20 or more items get a volume discount. Ask our sales team for a quote."),
    ),
    (
        "Can I repair my gear with you?",
        (
            "We repair backpacks and jackets in our Berlin workshop. Send the item with the repair "
            "form from our website."
        ),
    ),
)
"""A realistic 40-entry shop FAQ; too long for a 2048-token context in one prompt."""


def make_entries(pairs: Sequence[tuple[str, str]]) -> tuple[FaqEntry, ...]:
    return tuple(FaqEntry(number, q, a) for number, (q, a) in enumerate(pairs, start=1))


ACME = make_entries(ACME_PAIRS)


def test_tokenize_drops_stopwords_and_meets_word_forms() -> None:
    assert tokenize("How do I track my parcels?") == ["track", "parcel"]
    assert tokenize("shipped") == tokenize("shipping") == tokenize("ships") == tokenize("ship")
    assert tokenize("Refunds") == tokenize("refunded") == ["refund"]
    assert tokenize("Zurückgeben, ¿Cómo?") == ["zurückgeben", "cómo"]
    assert tokenize("What is it?") == []


def test_shares_words_is_a_plain_word_overlap() -> None:
    assert shares_words("Where is my parcel?", ACME)
    assert not shares_words("What is the capital of Mongolia?", ACME)
    assert not shares_words("How do I?", ACME)  # only stopwords


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("I forgot my password, how can I get back into my account?", 31),
        ("The tracking of my parcel has not moved for a week, is it lost?", 10),
        ("Is it possible to wash the insulated bottle in the dishwasher?", 25),
        ("Do you accept PayPal?", 18),
        ("How many days until my refund arrives?", 16),
        ("Can I exchange a jacket for a larger size?", 17),
        ("Do the tents keep the rain out?", 28),
        ("I want to stop getting your newsletter emails", 34),
        ("What time does the Berlin shop open?", 36),
        ("Is there a discount for students?", 37),
        ("Can I still cancel an order that already shipped?", 3),
        ("Is the plastic of your bottles free of BPA?", 24),
        ("Can I collect my order at your shop?", 12),
    ],
)
def test_bm25_ranks_the_right_entry_first_for_a_paraphrase(question: str, expected: int) -> None:
    ranked = FaqIndex(ACME).rank(question, 3)
    assert ranked[0][0].number == expected
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)


def test_rank_returns_only_entries_that_share_a_word_and_at_most_k() -> None:
    index = FaqIndex(ACME)
    assert index.rank("What is the capital of Mongolia?", 10) == []
    ranked = index.rank("order", 40)
    assert ranked and all("order" in tokenize(e.question + " " + e.answer) for e, _ in ranked)
    assert len(index.rank("order", 2)) == 2


def test_a_word_in_every_entry_still_scores_above_zero() -> None:
    # BM25Okapi alone gives such a word a negative (or zero) IDF; a shared word must never count against
    entries = make_entries(
        [("Shipping to Spain?", "Shipping takes 3 days."), ("Shipping cost?", "Shipping is free.")]
    )
    ranked = FaqIndex(entries).rank("shipping", 5)
    assert {e.number for e, _ in ranked} == {1, 2} and all(score > 0 for _, score in ranked)
    single = make_entries([("Opening hours?", "We open at nine.")])
    assert [e.number for e, _ in FaqIndex(single).rank("When do you open?", 3)] == [1]


def test_an_faq_of_stopwords_ranks_nothing() -> None:
    entries = make_entries([("How?", "It is.")])
    assert FaqIndex(entries).rank("how is it", 3) == []
    assert FaqIndex(()).rank("parcel", 3) == []


def test_select_entries_sends_the_whole_faq_when_it_fits() -> None:
    selection = select_entries(ACME, "Where is my parcel?", lambda subset: True)
    assert selection.method == "whole" and selection.entries == ACME and selection.dropped == 0


def test_select_entries_takes_as_many_ranked_entries_as_fit() -> None:
    calls: list[int] = []

    def fits(subset: Sequence[FaqEntry]) -> bool:
        calls.append(len(subset))
        return len(subset) <= 4

    question = "Can I return or exchange an item, and when is my refund sent?"
    selection = select_entries(ACME, question, fits)
    ranked = [entry for entry, _ in FaqIndex(ACME).rank(question, 40)]
    assert selection.method == "bm25"
    assert selection.entries == tuple(ranked[:4])
    assert selection.dropped == 40 - 4
    assert len(calls) <= 2 + len(ranked).bit_length()  # whole, then a binary search


def test_select_entries_offers_nothing_when_not_even_one_entry_fits() -> None:
    selection = select_entries(ACME, "Where is my parcel?", lambda subset: not subset)
    assert selection == type(selection)((), "bm25", 40)


@pytest.mark.model
def test_with_real_token_counts_a_large_faq_is_cut_to_what_fits(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    task = builtin["faq"]
    question = "How long does delivery to Austria take, and what does shipping cost?"
    requests = FaqRequests(task, DEFAULT_TEAMS, DEFAULT_SAMPLING)

    def fits(subset: Sequence[FaqEntry]) -> bool:
        return measure(engine, requests.answer_request(subset, question)).fits

    assert not fits(ACME)  # otherwise this test proves nothing
    selection = select_entries(ACME, question, fits)
    ranked = [entry for entry, _ in FaqIndex(ACME).rank(question, 40)]
    count = len(selection.entries)
    assert selection.method == "bm25" and 0 < count < 40
    assert selection.entries == tuple(ranked[:count])
    assert fits(selection.entries)
    assert count == len(ranked) or not fits(ranked[: count + 1])
    assert {6, 7} <= {entry.number for entry in selection.entries}
