"""One-off page junk: lines that are furniture even though they never repeat.

Used by ``--strip-junk`` (off by default). Each rule judges one line of a
paragraph on its own shape, so a caption keeps its text while a bare credit
line under it goes. The rules, by the name :func:`junk_rule` returns (and
``removed.jsonl`` records as the reason):

``placeholder``
    An unrendered template placeholder: ``{{name}}`` or ``{% tag %}``. A page
    that shows one printed its template instead of content.
``glued-icons``
    Icon and navigation labels run together when a page's markup is flattened
    ("ArrowArtboardCreated with Sketch.Title ChevronTitle ChevronEye…"): at
    least ``GLUED_MIN_TOKENS`` tokens, and at least half the line's tokens, in
    which a lower-case letter is directly followed by an upper-case one
    (optionally across a full stop). Brand names of that shape ("WeChat",
    "TikTok") are too few per line to reach the bar in prose or headlines.
``photo-credit``
    A line that is only a credit, at most ``CREDIT_MAX_WORDS`` words:
    "Name/Agency via Getty Images", "Photo: Reuters" (a capitalised name of
    a few words after the colon), "(Photo by Jane Doe)", "© AFP", "Jane
    Doe/AP". A caption that ends with a credit is text, and stays.
``promo``
    A short line (at most ``PROMO_MAX_WORDS`` words) selling the site rather
    than reporting: an offer with a price ("Try 3 months for $9"), an
    offer's deadline, a trial or metered-paywall state ("Your trial period
    has expired", "You have 2 free articles left"), a call to subscribe or
    sign up that names what is sold (a newsletter, access, a trial, a
    saving), a call to see offers, and bare ad labels ("Advertisement",
    "Sponsored Content").

Rules are tried in that order; the first that matches names the line.
Precision and recall on annotated examples are measured by
``tests/boilerplate/test_junk.py`` and reported in the README.
"""

from __future__ import annotations

import re

GLUED_MIN_TOKENS = 3
CREDIT_MAX_WORDS = 10
PROMO_MAX_WORDS = 15

PLACEHOLDER = "placeholder"
GLUED_ICONS = "glued-icons"
PHOTO_CREDIT = "photo-credit"
PROMO = "promo"
RULES = (PLACEHOLDER, GLUED_ICONS, PHOTO_CREDIT, PROMO)

_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|\{%[^%\n]*%\}")
_GLUED = re.compile(r"[a-z]\.?[A-Z]")

_AGENCY = (
    r"(?:Getty\s+Images|Reuters|AP|AFP|EPA|ANP|Shutterstock|iStock(?:photo)?|Unsplash|Alamy|"
    r"Bloomberg|Xinhua|NurPhoto|Wikimedia\s+Commons|Flickr|Pexels)"
)
# Who a credit names: a capitalised name or agency of a few words.
_NAME = r"(?-i:[A-Z0-9©])\S*(?:\s+\S+){0,5}"
_CREDIT = re.compile(
    rf"""^(?:
        (?:photo|image|picture|foto|beeld|illustration)s?(?:\s+credits?)?\s*[:|]\s*{_NAME}   # Photo: Reuters
      | credits?\s*:\s*{_NAME}                                                             # Credit: NASA
      | \(?(?:photo|image|picture|foto)s?\s+(?:by|courtesy\s+of|via)\s+[^()]+\)?           # (Photo by Jane Doe)
      | ©\s*\S.*                                                                          # © AFP
      | .*\bvia\s+{_AGENCY}                                                               # X via Getty Images
      | [^.!?]*/\s*{_AGENCY}                                                              # Jane Doe/AP
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_PRICE = r"(?:[$€£¥]\s?\d|\d+(?:[.,]\d+)?\s?(?:[$€£¥]|euro|dollars?)\b)"
_SELLING = r"\b(?:newsletters?|access|unlimited|premium|digital|trial|offers?|save|alerts|members(?:hip)?)\b|\d\s?%"
_PROMO = re.compile(
    rf"""^(?:
        (?:try|get|subscribe|join|start|unlock)\b.*\b(?:for|only|just|from)\s+{_PRICE}.*   # Try 3 months for $9
      | (?:this\s+)?offer\s+(?:ends|expires|valid\s+until)\b.*                              # Offer ends October 31st
      | your\s+(?:free\s+)?(?:trial(?:\s+period)?|full\s+access|subscription)\b.*\b(?:expired|ended)\b.*
      | you\s+need\s+(?:a|an\s+active)\s+subscription\b.*
      | you\s+have\s+\S+\s+free\s+articles?\b.*\bleft\b.*                                   # metered paywall
      | this\s+is\s+your\s+last\s+free\s+article\b.*
      | (?:subscribe|sign\s+up|register)\b(?=.*(?:{_SELLING})).*                            # Subscribe now and save 40%
      | (?:see\s+all\s+offers|start\s+your\s+free\s+trial|become\s+a\s+(?:member|subscriber))\b.*
      | free\s+(?:access|trial)\s+for\b.*
      | (?:advertisement|advertentie|anzeige|sponsored(?:\s+(?:content|links?|post))?)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def junk_rule(line: str) -> str | None:
    """The name of the first rule that ``line`` (one line of a paragraph) matches, or ``None``."""
    stripped = line.strip()
    if not stripped:
        return None
    if _PLACEHOLDER.search(stripped):
        return PLACEHOLDER
    tokens = stripped.split()
    glued = sum(1 for token in tokens if _GLUED.search(token))
    if glued >= GLUED_MIN_TOKENS and 2 * glued >= len(tokens):
        return GLUED_ICONS
    if len(tokens) <= CREDIT_MAX_WORDS and _CREDIT.match(stripped):
        return PHOTO_CREDIT
    if len(tokens) <= PROMO_MAX_WORDS and _PROMO.match(stripped):
        return PROMO
    return None
