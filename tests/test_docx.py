"""The key-customer Word documents, opened back with python-docx, and one rendered to PDF.

Figures are compared as the document shows them ('1,091.50'); `planner targets --json` is the
reference for every customer, and two customers are worked out by hand from their YAML.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

pytest.register_assert_rewrite("docs_support")  # before the import: its asserts explain failures
from docs_support import (  # noqa: E402
    BARE_ID,
    JINJA_OUT,
    JINJA_TAG,
    MARKUP,
    ODD_ID,
    ODD_NAME,
    ODD_TEXT,
    Built,
    cents,
    customer_params,
    docx_texts,
    is_money,
    money,
    pdf_words,
    read_docx,
    table_rows,
)

pytest_plugins = ["docs_support"]

A4 = (595.3, 841.9)  # points
HEADINGS_2 = ["s1_network", "s1_wallet", "s1_apps", "s1_voice", "s1_it", "s1_budget",
              "s2_position", "s2_needs", "s2_stock", "s2_opps", "s2_winback", "s2_innovation",
              "s3_targets", "s3_quarters", "s3_relationship", "s3_strategies"]


def open_docx(built: Built, cid: str):
    return read_docx(built.file(cid, "docx"))


def find_table(document, header: list[str]) -> list[list[str]]:
    """The rows of the one table whose header row is exactly `header`."""
    found = [table_rows(t) for t in document.tables if table_rows(t)[0] == header]
    assert len(found) == 1, f"{len(found)} tables with header {header}"
    return found[0]


def targets_header(L):
    return [L[k] for k in ("business_line", "base", "stock", "increment", "winback", "total",
                           "growth")]


def quarters_header(L):
    return [L[k] for k in ("target", "q1", "q2", "q3", "q4", "year")]


def line_names(root: Path) -> dict[str, str]:
    market = yaml.safe_load((root / "market.yaml").read_text(encoding="utf-8"))
    return {b["id"]: b["name"] for b in market["catalog"]["business_lines"]}


def growth_text(x: float | None) -> str:
    return "—" if x is None else f"{Decimal(str(x)) * 100:+.1f}%"


def close(shown: str, exact: float) -> bool:
    """A shown figure within a cent of the exact one (a table may move a cent so it adds up)."""
    return abs(money(shown) - Decimal(str(exact))) <= Decimal("0.01")


# ---------------------------------------------------------------- every customer

@pytest.mark.parametrize(("name", "cid"), customer_params())
def test_title_sections_and_customer(docs_built, docs_labels, name, cid):
    L = docs_labels
    built: Built = docs_built(name)
    d = open_docx(built, cid)
    c = built.targets["customers"][cid]
    year = built.targets["plan"]["year"]
    title = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert title == [L["cust_title"].format(name=c["name"], year=year)]
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == [
        L[f"s{i}"] for i in range(1, 7)] + [L["calendar"], L["approval"]]
    headings_2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    wanted = [L[k] for k in HEADINGS_2]
    assert [h for h in headings_2 if h in wanted] == wanted  # all there, in this order
    assert table_rows(d.tables[0])[0][1] == c["name"]  # the title block
    unit = built.targets["plan"]["unit"]
    assert unit in [p.text for p in d.paragraphs]
    for section in d.sections:  # header: unit and title; footer: page numbers (fields)
        header = "".join(p.text for p in section.header.paragraphs)
        assert unit in header and title[0] in header
        assert "PAGE" in section.footer._element.xml


@pytest.mark.parametrize(("name", "cid"), customer_params())
def test_money_tables_add_up_as_shown(docs_built, docs_labels, name, cid):
    """In every table with a total row, each money column's shown parts add up to its shown
    total; across, the parts add up to the row's total (targets, quarters, wallet)."""
    L = docs_labels
    d = open_docx(docs_built(name), cid)
    checked = 0
    for table in d.tables:
        rows = table_rows(table)
        header, body, total = rows[0], rows[1:-1], rows[-1]
        if total[0] not in (L["total"], L["wallet_total"]):
            continue
        for j in range(1, len(header)):
            if is_money(total[j]):
                parts = [r[j] for r in body]
                assert all(is_money(p) or p in ("—", "") for p in parts), (header[j], parts)
                shown = sum((money(p) for p in parts if is_money(p)), Decimal(0))
                assert shown == money(total[j]), (header, j, parts, total[j])
                checked += 1
        if header in (targets_header(L), quarters_header(L)) or header[-2:] == [L["total"],
                                                                                 L["share"]]:
            k = header.index(L["total"] if L["total"] in header else L["year"])
            first = 2 if header == targets_header(L) else 1  # targets: base is not a part
            for r in body + [total]:
                assert sum((money(x) for x in r[first:k]), Decimal(0)) == money(r[k]), r
    assert checked >= 6  # at least the targets and the quarterly tables


def alignment(paragraph):
    """A paragraph's effective alignment: its own, else its style's (or a base style's)."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return None


@pytest.mark.parametrize(("name", "cid"), customer_params())
def test_money_is_right_aligned(docs_built, name, cid):
    d = open_docx(docs_built(name), cid)
    cells = [c for t in d.tables for row in t.rows[1:] for c in row.cells if is_money(c.text)]
    assert cells
    wrong = [c.text for c in cells if alignment(c.paragraphs[0]) != WD_ALIGN_PARAGRAPH.RIGHT]
    assert wrong == []


@pytest.mark.parametrize(("name", "cid"), customer_params())
def test_targets_and_quarters_equal_targets_json(docs_built, docs_labels, name, cid):
    L = docs_labels
    built: Built = docs_built(name)
    d = open_docx(built, cid)
    c = built.targets["customers"][cid]
    rows = find_table(d, targets_header(L))
    total = rows[-1]
    assert total[0] == L["total"]
    assert total[5] == cents(c["total"])
    for shown, key in zip(total[1:5], ("base", "stock", "increment", "winback")):
        assert close(shown, c[key]), (key, shown, c[key])
    assert total[6] == growth_text(c["growth"])
    names = line_names(built.root)
    by_name = {names.get(k, k): v for k, v in c["lines"].items()}
    assert sorted(r[0] for r in rows[1:-1]) == sorted(by_name)
    for r in rows[1:-1]:
        assert close(r[5], by_name[r[0]]["total"]), r

    q = find_table(d, quarters_header(L))
    assert q[-1][0] == L["total"]
    assert q[-1][5] == cents(c["total"])
    for shown, exact in zip(q[-1][1:5], c["quarters"]):
        assert close(shown, exact), (q[-1], c["quarters"])
    assert [r[0] for r in q[1:-1]] == [L["stock"], L["increment"], L["winback"]]
    assert q[1][5] == cents(c["stock"]) and q[3][5] == cents(c["winback"])


# ---------------------------------------------------------------- figures worked out by hand

def test_reference_data_bureau_figures(docs_built, docs_labels):
    """../shared/reference-plans/customers/data-bureau.yaml, by hand:
    base      420 + 60 + 180 + 25                         = 685.00
    stock     420×0.95 + 60×1 + 180×1 + 25×0.9 = 399 + 60 + 180 + 22.5 = 661.50
    increment 300×0.7 + 400×0.4 + 60×0.5 = 210 + 160 + 30 = 400.00 (pipeline 300+400+60 = 760)
    win-back  60×0.5                                      = 30.00
    total     661.5 + 400 + 30 = 1,091.50; growth 1091.5 / 685 − 1 = 0.5934 → +59.3%
    quarters  quarter k = R(A·k/n) − R(A·(k−1)/n), differences of rounded cumulative amounts:
              stock per line ÷4: 99.75 + 15 + 45 + voice 22.5 (R(5.625) = 5.63,
                R(11.25) = 11.25, R(16.875) = 16.88: 5.63 / 5.62 / 5.63 / 5.62)
                = 165.38 / 165.37 / 165.38 / 165.37
              increment: cloud 210 over Q2–Q4 = 70 each; integration 160 over Q3–Q4 = 80 each;
                managed 30 over Q3–Q4 = 15 each → 0 / 70 / 165 / 165
              win-back 30 over Q3–Q4 → 0 / 0 / 15 / 15
              total 165.38 / 235.37 / 345.38 / 345.37 = 1,091.50
    wallet    ours 685, 中国移动 140, 中国联通 90 → 915; our share 685 / 915 = 74.9%
    value     current 685 × 0.98 − (20 + 15 + 35) = 601.30; potential 400 + 30 = 430.00
    """
    L = docs_labels
    d = open_docx(docs_built("reference"), "data-bureau")
    rows = find_table(d, targets_header(L))
    assert rows[-1] == [L["total"], "685.00", "661.50", "400.00", "30.00", "1,091.50", "+59.3%"]
    voice = [r for r in rows if r[0] == "话音"]
    assert voice == [["话音", "25.00", "22.50", "0.00", "0.00", "22.50", "-10.0%"]]
    q = find_table(d, quarters_header(L))
    assert q[1:] == [[L["stock"], "165.38", "165.37", "165.38", "165.37", "661.50"],
                     [L["increment"], "0.00", "70.00", "165.00", "165.00", "400.00"],
                     [L["winback"], "0.00", "0.00", "15.00", "15.00", "30.00"],
                     [L["total"], "165.38", "235.37", "345.38", "345.37", "1,091.50"]]
    texts = [p.text for p in d.paragraphs]
    assert L["opps_summary"].format(pipeline="760.00", weighted="400.00") in texts
    assert L["targets_intro"].format(growth="+59.3%") in texts
    wallet = [r for t in d.tables for r in table_rows(t) if r[0] == L["wallet_total"]]
    assert wallet == [[L["wallet_total"], "685.00", "140.00", "90.00", "915.00", "74.9%"]]
    grid = [c for t in d.tables for r in table_rows(t) for c in r]
    for label, shown in (("value_current", "601.30"), ("value_potential", "430.00")):
        assert grid[grid.index(L[label]) + 1] == shown


def test_example_jz_data_bureau_figures(docs_built, docs_labels):
    """plans/example/customers/jz-data-bureau.yaml, by hand:
    base      486 + 72.5 + 265 + 38 + 24 + 56                               = 941.50
    stock     486×0.96 + 72.5 + 265 + 38×0.92 + 24 + 56×0.95
              = 466.56 + 72.5 + 265 + 34.96 + 24 + 53.2                      = 916.22
    increment 200×0.6 + 180×0.4 ("40%") + 100×0.4 + 28×0.8 = 120 + 72 + 40 + 22.4 = 254.40
    win-back  50×0.5                                                         = 25.00
    total     916.22 + 254.4 + 25 = 1,195.62; growth 1195.62 / 941.5 − 1 = 0.2699 → +27.0%
    quarters  (differences of rounded cumulative amounts) stock ÷4 per line: 116.64 + internet
              72.5 (R(18.125) = 18.13, R(36.25), R(54.375) = 54.38: 18.13 / 18.12 / 18.13 /
              18.12) + 66.25 + 8.74 + 6 + 13.3 = 229.06 / 229.05 / 229.06 / 229.05;
              increment: cloud 120 from Q2 = 40 ×3, integration
              72 from Q3 = 36 ×2, dr 40 from Q3 = 20 ×2, consulting 22.4 from Q1 = 5.6 ×4
              → 5.60 / 45.60 / 101.60 / 101.60; win-back 25 from Q3 → 12.50 ×2
              total 234.66 / 274.65 / 343.16 / 343.15 = 1,195.62
    """
    L = docs_labels
    d = open_docx(docs_built("example"), "jz-data-bureau")
    rows = find_table(d, targets_header(L))
    assert rows[-1] == [L["total"], "941.50", "916.22", "254.40", "25.00", "1,195.62", "+27.0%"]
    q = find_table(d, quarters_header(L))
    assert q[1:] == [[L["stock"], "229.06", "229.05", "229.06", "229.05", "916.22"],
                     [L["increment"], "5.60", "45.60", "101.60", "101.60", "254.40"],
                     [L["winback"], "0.00", "0.00", "12.50", "12.50", "25.00"],
                     [L["total"], "234.66", "274.65", "343.16", "343.15", "1,195.62"]]


# ---------------------------------------------------------------- look

@pytest.mark.parametrize("name", ["reference", "example"])
def test_pages_are_a4_and_east_asian_font_is_declared(docs_built, name):
    built: Built = docs_built(name)
    for o in built.outputs("customer", "docx"):
        d = read_docx(built.out / o["path"])
        for s in d.sections:
            size = sorted([round(s.page_width.pt, 1), round(s.page_height.pt, 1)])
            assert abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, o["path"]
        fonts = d.styles.element.findall(".//" + qn("w:rFonts"))
        east = [f.get(qn("w:eastAsia")) for f in fonts if f.get(qn("w:eastAsia"))]
        assert east, f"{o['path']}: no w:eastAsia font in styles.xml"


# ---------------------------------------------------------------- odd inputs

def test_user_text_appears_verbatim(docs_odd, docs_labels):
    L = docs_labels
    d = read_docx(docs_odd.file(ODD_ID, "docx"))
    texts = docx_texts(docs_odd.file(ODD_ID, "docx"))
    everything = "\n".join(texts)
    for value in ODD_TEXT.values():
        for text in value if isinstance(value, list) else [value]:
            assert text in texts, f"{text!r} not shown as a paragraph or cell of its own"
    title = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert title == [L["cust_title"].format(name=ODD_NAME, year=docs_odd.targets["plan"]["year"])]
    info = table_rows(d.tables[0])
    assert info[0][1] == ODD_NAME and info[1][3] == JINJA_OUT  # name; manager
    assert "49" not in [t.strip() for t in texts]
    assert JINJA_TAG in everything and MARKUP in everything
    assert any(ODD_NAME in p.text for s in d.sections for p in s.header.paragraphs)


def test_a_customer_with_only_the_required_fields(docs_odd, docs_labels):
    """id, name, industry and region only: every optional section says 'not filled'."""
    L = docs_labels
    d = read_docx(docs_odd.file(BARE_ID, "docx"))
    paras = [p for p in d.paragraphs if p.text.strip()]
    after = {p.text: paras[i + 1].text for i, p in enumerate(paras[:-1])
             if p.style.name.startswith("Heading")}
    for key in ("s1_wallet", "s1_apps", "s1_voice", "s2_stock", "s2_opps", "s2_winback",
                "s2_innovation"):
        assert after[L[key]] == L["not_filled"], key
    needs = paras.index(next(p for p in paras if p.text == L["s2_needs"]))
    stock = paras.index(next(p for p in paras if p.text == L["s2_stock"]))
    h3 = [i for i in range(needs, stock) if paras[i].style.name == "Heading 3"]
    assert len(h3) == 3 and all(paras[i + 1].text == L["not_filled"] for i in h3)
    strategies = find_table(d, [L["dimension"], L["strategy"]])
    assert len(strategies) == 10 and all(r[1] == L["not_filled"] for r in strategies[1:])
    info = table_rows(d.tables[0])
    assert info[0][1] == "空白客户" and info[1][3] == L["not_filled"]
    q = find_table(d, quarters_header(L))
    assert q[-1] == [L["total"], "0.00", "0.00", "0.00", "0.00", "0.00"]
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"] == [
        L[f"s{i}"] for i in range(1, 7)] + [L["calendar"], L["approval"]]


# ---------------------------------------------------------------- PDF (LibreOffice)

def test_pdf_uses_a_cjk_font(docs_pdfs):
    out = subprocess.run(["pdffonts", str(docs_pdfs["main"])], check=True, capture_output=True,
                         text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    assert any(re.search(r"CJK|Hei|Song|Ming", n) for n in names), names


def test_pdf_is_a4_and_nothing_crosses_the_right_margin(docs_pdfs):
    words = pdf_words(docs_pdfs["main"])
    assert words
    d = read_docx(docs_pdfs["main_docx"])
    right = min(s.right_margin.pt for s in d.sections)
    for w in words:
        assert sorted([round(w["width"], 1), round(w["height"], 1)]) == [595.3, 841.9]
        limit = w["width"] - right + 2  # 2 pt for glyph overhang
        assert w["xMax"] <= limit, f"page {w['page']}: {w['text']!r} ends at {w['xMax']:.1f}"
        assert w["xMin"] >= 0


def test_pdf_shows_the_figures(docs_pdfs):
    text = subprocess.run(["pdftotext", "-layout", str(docs_pdfs["main"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "1,091.50" in text or "1,195.62" in text  # reference or example data bureau


def test_odd_and_bare_plans_render_in_libreoffice(docs_pdfs):
    for key in ("odd", "bare"):
        assert docs_pdfs[key].stat().st_size > 0
    text = subprocess.run(["pdftotext", str(docs_pdfs["odd"]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert MARKUP in text and JINJA_OUT in text


@pytest.mark.parametrize("name", ["customer", "industry", "market", "review_customer",
                                  "review_industry", "review_market"])
def test_a_table_header_row_keeps_with_the_row_under_it(name):
    """A header row keeps with the row under it (never alone at a page's foot), and the rows
    under a repeated header row may break across pages: LibreOffice drops the rows that follow
    a row that may not break when the table repeats its header on the next page."""
    import docx
    from docx.oxml.ns import qn

    template = Path(__file__).parent.parent / "planner" / "templates" / f"{name}.docx"
    d = docx.Document(str(template))
    assert d.styles["Table Header"].paragraph_format.keep_with_next
    repeating = [t for t in d.tables if t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
                 is not None]
    assert repeating and all(row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None
                             for t in repeating for row in t.rows[1:])
