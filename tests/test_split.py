from newsmill.split import SignatureStats, split_dump

from helpers import body


def split(*dumps: str, separator: str | None = None):
    """Split each dump with stats gathered over all of them; returns pieces per dump."""
    stats = SignatureStats()
    for number, dump in enumerate(dumps):
        stats.scan(str(number), dump.splitlines())
    stats.finish()
    return [
        list(split_dump(str(number), dump.splitlines(), stats, separator))
        for number, dump in enumerate(dumps)
    ]


def test_recurring_signature_line_ends_articles_and_is_consumed():
    dump = "\n\n".join([body("alpha"), "Example Wire", body("beta"), body("gamma"), "Example Wire"])
    (pieces,) = split(dump)
    assert len(pieces) == 2
    assert [p.text for p in pieces[0].signature] == ["Example Wire"]
    assert [p.text for p in pieces[1].body] == [body("beta"), body("gamma")]
    assert (pieces[1].line_start, pieces[1].line_end) == (5, 9)


def test_footer_after_a_signature_joins_the_closing_run():
    dump = "\n\n".join(
        [body("alpha"), "Example Wire", "Made by Example Co.", body("beta"), "Example Wire", "Made by Example Co."]
    )
    (pieces,) = split(dump)
    assert [[p.text for p in piece.signature] for piece in pieces] == [
        ["Example Wire", "Made by Example Co."]
    ] * 2


def test_headline_starts_an_article_in_a_dump_without_signatures():
    dump = "\n\n".join(
        [
            "Council approves the new harbour ferry line",
            body("ferry"),
            "A short sub-heading",
            body("cost"),
            "Bakery wins the national bread prize today",
            body("bread"),
        ]
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [
        "Council approves the new harbour ferry line",
        "Bakery wins the national bread prize today",
    ]
    assert [p.text for p in pieces[0].body] == [body("ferry"), "A short sub-heading", body("cost")]


def test_caption_after_an_image_line_is_not_a_headline():
    dump = "\n\n".join(
        [
            "Council approves the new harbour ferry line",
            body("ferry"),
            "ferry photo",
            "Ellen Marsh, deputy mayor of the city, at the harbour",
            body("cost"),
        ]
    )
    (pieces,) = split(dump)
    assert len(pieces) == 1


def test_subheading_repeated_by_a_printed_twice_article_is_not_a_signature():
    article = "\n\n".join(["Council approves the new harbour ferry line", body("ferry"), "The Playbook", body("cost")])
    (pieces,) = split(article + "\n\n" + article)
    assert len(pieces) == 2
    assert all(not p.signature for p in pieces)


def test_lowercase_image_text_repeated_in_an_article_is_not_a_signature():
    dump = "\n\n".join([body("alpha"), "app screenshot", body("beta"), "app screenshot", body("gamma")])
    (pieces,) = split(dump)
    assert len(pieces) == 1


def test_fragment_without_body_joins_the_article_before():
    dump = "\n\n".join([body("alpha"), "Example Wire", "Try one month free", "Offer ends soon", "Example Wire"])
    (pieces,) = split(dump)
    assert len(pieces) == 1
    texts = [p.text for p in pieces[0].body]
    assert "Try one month free" in texts and texts[0] == body("alpha")


def test_separator_regex_replaces_the_rules():
    dump = "\n".join(["First title", "", body("alpha"), "-----", "Second title", "", body("beta"), "-----"])
    (pieces,) = split(dump, separator=r"^-{5}$")
    assert [p.title.text for p in pieces] == ["First title", "Second title"]
    assert (pieces[1].line_start, pieces[1].line_end) == (5, 7)
    assert all(not p.signature for p in pieces)


def test_signature_counts_span_dumps():
    first = "\n\n".join([body("alpha"), "Example Wire"])
    second = "\n\n".join([body("beta"), "Example Wire", body("gamma"), "Example Wire"])
    pieces_first, pieces_second = split(first, second)
    assert len(pieces_first) == 1 and len(pieces_second) == 2
