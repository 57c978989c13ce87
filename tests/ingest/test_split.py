import pytest
from helpers import body

from newsmill.ingest.split import SignatureStats, SplitRule, _in_title_case, split_dump


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


PROMO_ARTICLES = [
    ("Gemeente keurt de nieuwe veerverbinding in de haven goed", "veer"),
    ("Bakkerij wint de landelijke broodprijs van dit jaar", "brood"),
    ("Waterschap verhoogt de dijken langs de rivier", "dijk"),
    ("Museum opent een nieuwe vleugel voor moderne kunst", "kunst"),
    ("Storm zorgt voor vertraging op het spoor in het noorden", "storm"),
]


def promo_dump(separate_paragraphs: bool = False) -> str:
    """Dutch articles with sentence-case headlines, each closed by the same two-sentence promo block."""
    promo = ["Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het beste nieuws in je inbox.",
             "Volg ons op Twitter en Facebook voor het laatste nieuws."]
    closing = promo if separate_paragraphs else [" ".join(promo)]
    articles = [[headline, body(topic)] for headline, topic in PROMO_ARTICLES]
    return "\n\n".join(p for article in articles for p in article + closing)


def test_recurring_promo_block_of_full_sentences_ends_articles_and_is_consumed():
    for separate in (False, True):
        (pieces,) = split(promo_dump(separate))
        assert [p.title.text for p in pieces] == [headline for headline, _ in PROMO_ARTICLES]
        assert all(len(p.signature) == (2 if separate else 1) for p in pieces)
        assert all(p.signature[0].text.startswith("Meld je aan") for p in pieces)


def test_long_paragraph_seen_once_per_file_is_not_a_closer():
    promo = "Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het beste nieuws in je inbox."
    first = "\n\n".join([body("alpha"), promo, body("beta")])
    second = "\n\n".join([body("gamma"), promo, body("delta")])
    assert [len(pieces) for pieces in split(first, second)] == [1, 1]


def test_sentence_case_and_question_headlines_start_articles():
    dump = "\n\n".join(
        [
            "Gemeente keurt de nieuwe veerverbinding in de haven goed",
            body("veer"),
            "Reacties",
            body("kosten"),
            "Will the tram reach the airport before the end of the decade?",
            body("tram"),
            "Hij vroeg: 'Wie gaat dat allemaal betalen?'",
            body("geld"),
        ]
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [
        "Gemeente keurt de nieuwe veerverbinding in de haven goed",
        "Will the tram reach the airport before the end of the decade?",
    ]
    assert [p.text for p in pieces[0].body] == [body("veer"), "Reacties", body("kosten")]


def test_headline_after_a_one_line_closer_starts_an_article():
    dump = "\n\n".join(
        ["China finally grants a game license to Tencent", body("game"), "More to come",
         "Microsoft confirms Bing is down in China", body("bing"), "Public reaction", body("dns")]
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [
        "China finally grants a game license to Tencent", "Microsoft confirms Bing is down in China"
    ]
    assert [p.text for p in pieces[0].body] == [body("game"), "More to come"]  # kept: it is said once


def test_split_rule_headline_and_closer_patterns():
    dump = "\n\n".join(
        [
            "## First story",
            body("alpha"),
            "-- end of story --",
            "## Second story",
            body("beta"),
            "## Short",
            "One line.",
        ]
    )
    rule = SplitRule.from_table("x.txt", {"headline": r"^## ", "closer": r"^-- end"})
    stats = SignatureStats()
    stats.scan("x.txt", dump.splitlines())
    stats.finish()
    pieces = list(split_dump("x.txt", dump.splitlines(), stats, rule=rule))
    assert [p.title.text for p in pieces] == ["## First story", "## Second story", "## Short"]  # none joined
    assert [p.text for p in pieces[0].signature] == ["-- end of story --"]


@pytest.mark.parametrize(
    "table, message",
    [
        ({"headline": "("}, r'\[tool.newsmill.split."x.txt"\].headline is not a valid regex'),
        ({"closer": 3}, r'\[tool.newsmill.split."x.txt"\].closer must be a regex string'),
        ({"title": "x"}, r"unknown key 'title'"),
        ("x", r"must be a table"),
    ],
)
def test_split_rule_errors_name_the_key(table, message):
    with pytest.raises(ValueError, match=message):
        SplitRule.from_table("x.txt", table)


def test_recurring_banner_after_headlines_is_not_a_closer():
    banner = "We use cookies to improve your experience on this site. By continuing you agree to our cookie policy."
    dump = "\n\n".join(p for headline, topic in PROMO_ARTICLES for p in (headline, banner, body(topic), "Example Wire"))
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [headline for headline, _ in PROMO_ARTICLES]
    assert all([s.text for s in p.signature] == ["Example Wire"] and p.body[0].text == banner for p in pieces)


def test_paragraphs_of_an_article_copied_into_the_dump_are_not_closers():
    copied = [body("copy", 20) + " One.", body("again", 20) + " Two.", body("more", 20) + " Three."]
    dump = "\n\n".join([body("alpha"), *copied, "Example Wire", body("beta"), *reversed(copied), "Example Wire"])
    (pieces,) = split(dump)
    assert [len(p.body) for p in pieces] == [4, 4]
    assert all([s.text for s in p.signature] == ["Example Wire"] for p in pieces)


def test_short_banner_under_every_headline_after_a_cookie_banner_is_not_a_closer():
    # benchmarks/corpus.py writes articles so: title, a cookie banner in some, share line, text, outlet.
    cookies = "We use cookies to improve your experience on this site. By continuing you agree to our cookie policy."
    share = "Share this article: Facebook | Twitter | Email"
    banners = [[cookies, share] if number % 2 else [share] for number in range(len(PROMO_ARTICLES))]
    dump = "\n\n".join(
        p
        for (headline, topic), banner in zip(PROMO_ARTICLES, banners, strict=True)
        for p in (headline, *banner, body(topic), "Example Wire")
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [headline for headline, _ in PROMO_ARTICLES]
    assert all([s.text for s in p.signature] == ["Example Wire"] for p in pieces)
    assert [[b.text for b in p.body[:-1]] for p in pieces] == banners


def test_title_of_an_article_copied_after_a_signature_is_not_a_footer():
    title = "Council approves the new harbour ferry line"
    copied = [title, body("ferry"), "Example Wire"]
    other = [["Bakery wins the national bread prize today", body(topic), "Example Wire"] for topic in ("a", "b", "c")]
    dump = "\n\n".join([*copied, *other[0], *copied, *other[1], *other[2], *copied])
    (pieces,) = split(dump)
    assert [p.title.text if p.title else None for p in pieces].count(title) == 3
    assert all([s.text for s in p.signature] == ["Example Wire"] for p in pieces)


def test_page_footer_recurring_only_at_the_ends_of_dumps_joins_the_closing_block():
    footer = "Created by Example Co. Powered by SiteMaker."
    first = "\n\n".join([body("alpha"), "Example Wire", body("beta"), "Example Wire", footer])
    second = "\n\n".join([body("gamma"), "Example Wire", body("delta"), body("epsilon"), "Example Wire", footer])
    for pieces in split(first, second):
        assert [s.text for s in pieces[-1].signature] == ["Example Wire", footer]
        assert all(footer not in [b.text for b in p.body] for p in pieces)


@pytest.mark.parametrize(
    "headline, standfirst",
    [
        ("Elite League: Dundee Stars 5-3 Belfast Giants", "Patrick Dwyer hit two goals for the Giants against Dundee"),
        ("Zoo welcomes two elephant calves in one week for the first time in its history",
         "The first was born on Saturday"),  # shorter than its headline
    ],
)
def test_headline_with_a_standfirst_starts_an_article(headline, standfirst):
    dump = "\n\n".join(
        ["Council approves the new harbour ferry line", body("ferry"), headline, standfirst, body("story")]
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == ["Council approves the new harbour ferry line", headline]
    assert pieces[1].body[0].text == standfirst


def test_headline_of_up_to_thirty_words_starts_an_article():
    long_headline = " ".join(["Gemeenteraad stemt in met plan"] + ["voor scholen"] * 10)  # 25 words
    too_long = " ".join(["Gemeenteraad stemt in met plan"] + ["voor scholen"] * 13)  # 31 words
    (pieces,) = split("\n\n".join([body("alpha"), long_headline, body("beta")]))
    assert [p.title.text if p.title else None for p in pieces] == [None, long_headline]
    (pieces,) = split("\n\n".join([body("alpha"), too_long, body("beta")]))
    assert len(pieces) == 1


@pytest.mark.parametrize(
    "text, title_case",
    [
        ("Cycle Bridge Over the Canal Wins a National Design Prize", True),
        ("Vulkaan Spuwt As op Mexico-stad", True),  # the second half of a compound may stay small
        ("Trump Says Kavanaugh 'suffered, the Meanness, the Anger' of the Democratic Party", True),  # quoted aside
        ("Peter Jones furious after Holly Willoughby pulls out of the deal", False),  # names in sentence case
        ("Would the ferry keep running in the evenings once the summer was over?", False),
        ("Trump rallies in West Virginia", False),
    ],
)
def test_title_case_is_most_long_words_capitalised(text, title_case):
    assert _in_title_case(text) is title_case


def test_sentence_case_lines_start_no_article_where_the_dump_writes_headlines_in_title_case():
    question = "Would the ferry keep running in the evenings once the summer was over?"
    articles = [
        "Harbour Ferry Returns After Two Winters Out of Service",
        body("ferry"),
        question,
        body("evening"),
        "City Library Opens Its Reading Rooms on Sundays",
        body("library"),
        "Farmers' Market Moves to the Cathedral Square",
        body("market"),
    ]
    title_case, sentence_case = "\n\n".join(articles), "\n\n".join(p.capitalize() for p in articles)
    stats = SignatureStats()
    stats.scan("title.txt", title_case.splitlines())
    stats.scan("sentence.txt", sentence_case.splitlines())
    stats.finish()
    assert stats.files_in_title_case == {"title.txt"}
    pieces = list(split_dump("title.txt", title_case.splitlines(), stats))
    assert [p.title.text for p in pieces] == [articles[0], articles[4], articles[6]]
    assert question in [p.text for p in pieces[0].body]
    # In sentence case the question is headline-shaped like any headline; it takes "ferry" from the
    # text before as much as "evening" from the text after, so it announces nothing and starts none.
    assert len(list(split_dump("sentence.txt", sentence_case.splitlines(), stats))) == 3


@pytest.mark.parametrize("topic_after, starts", [("market", True), ("ferry", False)])
def test_question_starts_an_article_only_when_it_announces_the_text_after_it(topic_after, starts):
    question = f"Will the {topic_after} stay open in the evenings this summer?"
    dump = "\n\n".join(
        ["Harbour ferry returns after two winters out of service", body("ferry"), question, body(topic_after)]
    )
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == ["Harbour ferry returns after two winters out of service"] + (
        [question] if starts else []
    )


def test_last_line_without_a_full_stop_before_a_headline_is_no_headline_with_a_standfirst():
    byline = "Chris Leslie is MP for Nottingham East"
    dump = "\n\n".join(
        ["Labour members in Nottingham vote on motion", body("nottingham"), byline,
         "Defector numbers drop under Kim", body("defector")]
    )
    (pieces,) = split(dump)
    titles = ["Labour members in Nottingham vote on motion", "Defector numbers drop under Kim"]
    assert [p.title.text for p in pieces] == titles
    assert pieces[0].body[-1].text == byline


def test_title_case_line_ending_in_a_full_stop_starts_an_article_that_it_announces():
    headlines = ["Harbour Ferry Returns After Two Winters Out of Service", "City Library Opens Its Doors on Sundays"]
    closing = "Desert Island Discs Is on Radio Harbour on Sunday at Eleven."
    dump = "\n\n".join(
        [headlines[0], body("ferry"), closing, headlines[1], body("library"),
         "Labour Is No Longer a Broad Church.", body("labour")]
    )
    (pieces,) = split(dump)
    firsts = [p.title.text if p.title else p.body[0].text for p in pieces]
    assert firsts == [*headlines, "Labour Is No Longer a Broad Church."]
    assert pieces[0].body[-1].text == closing


def test_text_long_question_before_a_headline_ends_the_text_it_closes():
    question = (
        "And as with the other films I could not help thinking: can the industry not give"
        " its comic actor a role that does justice to his talent?"
    )
    dump = "\n\n".join(
        ["Council approves the new harbour ferry line", body("ferry"), question,
         "Bakery wins the national bread prize today", body("bread")]
    )
    assert 23 <= len(question.split()) <= 30  # headline-shaped, but as long as text
    (pieces,) = split(dump)
    assert [p.title.text for p in pieces] == [
        "Council approves the new harbour ferry line", "Bakery wins the national bread prize today"
    ]
    assert pieces[0].body[-1].text == question
