"""Build folders of real test documents in every supported format (and broken ones)."""

from scrlearn._docmaker import make_docx, make_html, make_pdf
from tests.conftest import PARAGRAPHS

HEADER = "Harrowby Vale Safeguarding Children Board | Serious Case Review: Child T"


def blocks(paragraphs=PARAGRAPHS, numbered=True, heading="Executive Summary"):
    out = [("heading", None, heading)] if heading else []
    for i, sentences in enumerate(paragraphs, 1):
        out.append(("paragraph", f"1.{i}" if numbered else None, " ".join(sentences)))
    return out


def long_blocks(repeat=4):
    """Enough paragraphs to fill several PDF pages (numbered 1.1, 1.2, ...)."""
    out = [("heading", None, "Executive Summary")]
    n = 0
    for r in range(repeat):
        for sentences in PARAGRAPHS:
            n += 1
            out.append(("paragraph", f"{r + 1}.{n}", " ".join(sentences)))
    out.append(("item", "•", "Share what is known about adults who join a household."))
    return out


def write_all_formats(folder):
    """Write one good document per format into ``folder``; return their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    make_pdf(folder / "review-pdf.pdf", long_blocks(2), header=HEADER)
    make_docx(folder / "review-docx.docx", blocks(), header=HEADER, footer="Page 1")
    make_html(folder / "review-html.html", blocks(), title="Child T")
    (folder / "review-txt.txt").write_text(
        "\n\n".join(" ".join(p) for p in PARAGRAPHS) + "\n", encoding="utf-8")
    (folder / "review-md.md").write_text(
        "# Executive summary\n\n" + "\n\n".join(" ".join(p) for p in PARAGRAPHS[:3]) + "\n", encoding="utf-8")
    return ["review-pdf", "review-docx", "review-html", "review-txt", "review-md"]


def write_broken(folder):
    """Write broken files; return {file name: expected words in the error}."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "tmp-good.pdf"
    make_pdf(good, blocks())
    data = good.read_bytes()
    good.unlink()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    make_pdf(folder / "locked.pdf", blocks(), encrypt_password="secret")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes((i * 37) % 256 for i in range(4000)))
    (folder / "notzip.docx").write_bytes(b"this is not a word file")
    return {"truncated.pdf": "truncated", "corrupt.pdf": "corrupt", "locked.pdf": "encrypted",
            "empty.txt": "empty", "junk.txt": "binary", "notzip.docx": "not a Word"}
