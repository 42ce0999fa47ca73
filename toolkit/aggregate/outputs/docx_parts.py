"""Pieces of a Word document that python-docx does not make itself: tables built as one XML
fragment (a table of a thousand rows costs one parse, not a call per cell), their heading row
repeated on every page, a table of contents field, a page-number footer, and a request that
Word update the fields when the document is opened."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")
TEXT_WIDTH_TWIPS = 9638
"""The width between the margins of an A4 page with 2 cm margins."""


def _run(text: str, bold: bool = False, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    lines = escape(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}</w:r>"


def paragraph(text: str, style_id: str | None, keep: bool):
    """A paragraph element of one run, in a paragraph style (by id), kept with the next one
    when asked."""
    props = (f'<w:pStyle w:val="{style_id}"/>' if style_id else "") + \
        ("<w:keepNext/>" if keep else "")
    return parse_xml(f"<w:p {W}>{f'<w:pPr>{props}</w:pPr>' if props else ''}"
                     f"{_run(text) if text else ''}</w:p>")


def _cell(text: str, width: int, bold: bool = False, fill: str = "", right: bool = False,
          size: int = 17) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>' if fill else ""
    align = '<w:jc w:val="right"/>' if right else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/>{align}</w:pPr>'
            f"{_run(text, bold, size)}</w:p></w:tc>")


def table(headings: list[str], rows: list[list], shares: list[float], style_id: str,
          right: set[int] = frozenset(), fills: dict[tuple[int, int], str] | None = None,
          size: int = 17):
    """A table the width of the text: a heading row repeated on every page, rows that do not
    break across pages, and the given columns right-aligned.

    Args:
        headings: The heading of each column.
        rows: The text of each cell, row by row.
        shares: Each column's share of the width (they are scaled to add up to 1).
        style_id: The table style of the reference document.
        right: Columns aligned on the right (numbers).
        fills: Background colours by (row, column), for ratings.
        size: The text size, in half points.

    Returns:
        The ``w:tbl`` element, to append to the document body.
    """
    total = sum(shares) or 1
    widths = [int(TEXT_WIDTH_TWIPS * s / total) for s in shares]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, w, bold=True, right=j in right, size=size) for j, (h, w) in
                   enumerate(zip(headings, widths)))
    body = []
    fills = fills or {}
    for i, row in enumerate(rows):
        cells = "".join(_cell(str(v), w, fill=fills.get((i, j), ""), right=j in right,
                              size=size) for j, (v, w) in enumerate(zip(row, widths)))
        body.append(f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>')
    xml = (f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="{style_id}"/>'
           f'<w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
           'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>'
           f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>'
           f'{"".join(body)}</w:tbl>')
    return parse_xml(xml)


def toc_field(paragraph, entries: list[tuple[int, str]]) -> None:
    """A table of contents field (headings 1 to 3, as links) in ``paragraph``, showing the
    given (level, heading) entries until Word updates it with page numbers."""
    shown = "".join(f'<w:r><w:t xml:space="preserve">{"    " * (level - 1)}{escape(text)}'
                    f'</w:t></w:r><w:r><w:br/></w:r>' for level, text in entries)
    runs = (f'<w:r {W}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r {W}><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u '
            f'</w:instrText></w:r><w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>')
    for xml in (runs.split("</w:r>")[:-1]):
        paragraph._p.append(parse_xml(xml + "</w:r>"))
    for xml in shown.split("</w:r>")[:-1]:
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {W}>", 1) + "</w:r>"))
    paragraph._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))


def page_footer(section, left: str, page_text: str) -> None:
    """A footer with ``left`` and "page x of y" (``page_text`` with {page} and {pages})."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""
    paragraph._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">{escape(left)}\t\t'
                                  f"</w:t></w:r>"))
    before, _, rest = page_text.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if text:
            paragraph._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">'
                                          f"{escape(text)}</w:t></w:r>"))
        if field:
            paragraph._p.append(parse_xml(f'<w:fldSimple {W} w:instr=" {field} ">'
                                          f"<w:r><w:t>1</w:t></w:r></w:fldSimple>"))


AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                       "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                       "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                       "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                       "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
"""The settings that follow ``updateFields`` in the schema's fixed order."""


def update_fields_on_open(document) -> None:
    """Ask Word to update the fields (the table of contents) when the file is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = parse_xml(f'<w:updateFields {W} w:val="true"/>')
    later = [child for child in settings if child.tag in {qn(f"w:{n}")
                                                          for n in AFTER_UPDATE_FIELDS}]
    if later:
        later[0].addprevious(element)
    else:
        settings.append(element)


def keep_with_next(paragraph) -> None:
    """Keep a caption or heading on the page of what follows it."""
    paragraph.paragraph_format.keep_with_next = True
