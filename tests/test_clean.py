"""Clean-up of extraction artefacts: unit cases and properties on arbitrary text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scrlearn.clean import (
    clean_pages,
    clean_text,
    is_page_number,
    join_lines,
    normalise_characters,
    remove_footnotes,
    remove_page_furniture,
)


def test_ligatures_and_odd_spaces_are_normalised():
    assert normalise_characters("\ufb01nal\u00a0o\u200b\ufb03ce\t\tstaff") == "final office staff"


def test_repeated_headers_and_footers_are_found_by_recurrence_not_a_list():
    bodies = ["The GP saw Child W twice.", "The school raised no concern.", "Police attended in May.",
              "A strategy discussion was held.", "The case was closed in June."]
    pages = [["Ellerdale Partnership — Child W", body, "Confidential draft", f"{i}"]
             for i, body in enumerate(bodies, 1)]
    assert remove_page_furniture(pages) == [[body] for body in bodies]


def test_a_line_on_only_one_page_is_not_furniture():
    pages = [["Summary of events", "The GP saw Child W."], ["Ellerdale", "The school called."],
             ["Ellerdale", "Nobody followed up."]]
    cleaned = remove_page_furniture(pages)
    assert cleaned[0] == ["Summary of events", "The GP saw Child W."]
    assert cleaned[1] == ["The school called."]


def test_page_x_of_y_inside_plain_text_is_removed():
    text = "The nurse visited.\nPage 1 of 3\nShe saw bruising.\nPage 2 of 3\nShe told nobody.\nPage 3 of 3\n"
    assert [b.text for b in clean_text(text)] == ["The nurse visited.", "She saw bruising.", "She told nobody."]


def test_page_numbers():
    assert is_page_number("Page 4 of 12") and is_page_number("- 7 -") and is_page_number("xii")
    assert not is_page_number("4.1 The review") and not is_page_number("2019")


def test_footnotes_are_removed_with_their_markers_but_numbered_paragraphs_stay():
    pages = [["2.1 The guidance3 was not followed by the team.", "2.2 Nobody escalated it.",
              "3 Working Together to Safeguard Children (2015)."]]
    cleaned = remove_footnotes(pages)
    assert cleaned == [["2.1 The guidance was not followed by the team.", "2.2 Nobody escalated it."]]


def test_a_numbered_line_at_the_foot_is_not_a_footnote_when_never_cited():
    pages = [["The family moved in March.", "4 The Police"]]
    assert remove_footnotes(pages) == pages


def test_hyphenation_is_mended_and_real_hyphens_kept():
    lines = ["The health visitor did not share the re-", "ferral with the school, and a well-",
             "known pattern of child-centred practice was absent; the child-",
             "centred approach was missing."]
    text = join_lines(lines, wrapped=True)[0].text
    assert "referral" in text and "well-known" in text and text.count("child-centred") == 2


def test_hard_wrapped_lines_are_joined_into_paragraphs_and_headings_kept():
    text = ("Background\n"
            "The family had moved to the area from another local authority in the spring\n"
            "of 2014, and the transfer of records between the two health visiting teams\n"
            "took seven weeks.\n"
            "2.1 The first home visit was made by a student health visitor who was not\n"
            "told that the family had been subject to a child protection plan.\n")
    blocks = clean_text(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert blocks[1].text.startswith("The family had moved") and blocks[1].text.endswith("took seven weeks.")
    assert blocks[2].marker == "2.1" and "\n" not in blocks[2].text


def test_unwrapped_text_keeps_one_paragraph_per_line():
    long_a = "The school raised concerns about attendance " * 6
    long_b = "The police attended the address twice " * 7
    blocks = clean_text(f"{long_a.strip()}.\n{long_b.strip()}.\n")
    assert len(blocks) == 2


_word = st.text(alphabet="abcdefghijklmnoprstuvwy", min_size=1, max_size=13)


def _suffix(i):
    letters = "qxz"
    out = ""
    while True:
        out += letters[i % 3]
        i //= 3
        if not i:
            return out


def _layout(paragraphs, width=58, page_lines=18):
    """Wrap paragraphs at ``width`` with typesetter hyphenation, then cut pages with furniture."""
    lines = []
    for words in paragraphs:
        current = ""
        for w in words:
            if len(current) + 1 + len(w) <= width or not current:
                current = f"{current} {w}".strip()
            elif len(w) >= 8 and len(current) + 5 <= width:
                room = width - len(current) - 2
                cut = max(3, min(room, len(w) - 3))
                lines.append(f"{current} {w[:cut]}-")
                current = w[cut:]
            else:
                lines.append(current)
                current = w
        lines.append(current + ".")
    page_lines = max(1, min(page_lines, len(lines) // 2))  # at least two pages
    pages = [lines[i:i + page_lines] for i in range(0, len(lines), page_lines)]
    n = len(pages)
    return ["\n".join(["Meresby Safeguarding Children Board", *page, f"Page {k} of {n}"])
            for k, page in enumerate(pages, 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_word, min_size=3, max_size=60), min_size=2, max_size=12))
def test_no_word_is_lost_and_no_furniture_is_left(paragraphs):
    # Identical lines at the same place on two pages are indistinguishable from furniture,
    # so each word carries a suffix that makes every line unique, as running text is.
    n = iter(range(10**6))
    paragraphs = [[w + _suffix(next(n)) for w in words] for words in paragraphs]
    blocks = clean_pages(_layout(paragraphs), wrapped=True)
    got = re.findall(r"[a-z]+", " ".join(b.render() for b in blocks).replace("-", ""))
    expected = [w for words in paragraphs for w in words]
    assert got == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=6))
def test_cleaning_never_crashes_on_arbitrary_text(pages):
    blocks = clean_pages(pages, wrapped=None)
    assert all(b.kind in {"heading", "paragraph", "item"} for b in blocks)
    assert all(b.text == b.text.strip() for b in blocks)
