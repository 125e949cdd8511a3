"""Documents a director signs: cover, contents, numbered tables and figures, the one-page
summary with its bridge chart, the key-customer appendix, the execution calendar and the
approval block (issue 16), read back from the real files of plans/example."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from decimal import Decimal

import pytest
from docx.table import _Cell
from lxml import etree

from planner.report.calendar import expiring

from docs_support import Built, money, pdf_pages, read_docx, table_rows

pytest_plugins = ["docs_support"]

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc_path(built: Built, level: str, id: str | None = None):
    found = [o for o in built.outputs(level, "docx") if o["id"] == id]
    assert len(found) == 1
    return built.out / found[0]["path"]


def _charts(path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return [etree.fromstring(z.read(n)) for n in sorted(z.namelist())
                if n.startswith("word/charts/chart")]


def _series(chart: etree._Element) -> list[tuple[list[str], list[Decimal]]]:
    out = []
    for ser in chart.iter(f"{C}ser"):
        if ser.find(f"{C}cat") is None:  # a scatter's points
            continue
        cats = [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")]
        vals = [Decimal(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")]
        out.append((cats, vals))
    return out


def test_market_plan_opens_with_a_cover_and_contents(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    d = read_docx(_doc_path(built, "market"))
    paras = d.paragraphs
    cover = [p.text for p in paras[:paras.index(next(p for p in paras
                                                      if p.style.name == "TOC Heading"))]]
    assert L["internal_use"] in cover
    assert "2027年度政企客户市场营销计划" in cover
    # the unit once on the cover (the running header is off on the cover page)
    assert sum(t.count("江州市分公司政企客户部") for t in cover) == 1
    assert d.sections[0].different_first_page_header_footer
    assert all(not p.text for p in d.sections[0].first_page_header.paragraphs)
    grid = dict(table_rows(d.tables[0]))
    assert grid[L["version"]] == "V1.0" and grid[L["prepared_by"]] == "梁志远"
    assert grid[L["reviewed_by"]] == "魏长河" and grid[L["approved_by"]] == "陶永康"
    assert grid[L["prepared_on"]] == "2026-12-18"
    # the contents: a TOC field whose cached entries are the document's headings, in order
    headings = [(p.style.name[-1], p.text) for p in paras
                if p.style.name in ("Heading 1", "Heading 2")]
    toc = [(p.style.name[-1], p.text) for p in paras if p.style.name in ("TOC 1", "TOC 2")]
    assert toc == headings and len(toc) > 20
    body = etree.tostring(d.element.body, encoding="unicode")
    assert 'TOC \\o "1-2"' in body
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"')
    assert d.settings.element.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_tables_and_figures_are_numbered_in_order(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    for path in (_doc_path(built, "market"), _doc_path(built, "industry", "manufacturing"),
                 _doc_path(built, "customer", "jz-heavy-industry")):
        d = read_docx(path)
        tables = [p.text for p in d.paragraphs if p.style.name == "Table Caption"]
        figures = [p.text for p in d.paragraphs if p.style.name == "Caption"]
        assert [re.match(r"表 (\d+)　\S", t).group(1) for t in tables] == \
            [str(n) for n in range(1, len(tables) + 1)]
        assert [re.match(r"图 (\d+)　\S", t).group(1) for t in figures] == \
            [str(n) for n in range(1, len(figures) + 1)]
        # every table but the grids (cover, title block, key figures) and the approval is captioned
        plain = sum(1 for t in d.tables if table_rows(t)[0][0] in (
            L["version"], L["customer_name"], L["approval_step"], L["value_revenue"],
            L["bottom_up"], L["ind_manager"]))
        assert len(tables) == len(d.tables) - plain
    market = read_docx(_doc_path(built, "market"))
    captions = [p.text for p in market.paragraphs if p.style.name == "Table Caption"]
    assert "表 1　分区域目标与预算指引" in captions  # the section numbering is left out


def test_summary_bridge_goes_from_base_to_target(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    t = built.targets["market"]
    base, stock = Decimal(str(t["base"])), Decimal(str(t["stock"]))
    inc, win = Decimal(str(t["increment"])), Decimal(str(t["winback"]))
    total = Decimal(str(t["total"]))
    assert base - (base - stock) + inc + win == total
    path = _doc_path(built, "market")
    d = read_docx(path)
    texts = [p.text for p in d.paragraphs]
    at = next(i for i, p in enumerate(d.paragraphs)
              if p.style.name == "Heading 1" and p.text == L["summary"])
    assert texts[at + 1].startswith("5,452.34 万元：较基准年 4,600.00 万元 增长 +18.5%")
    assert "扣除存量流失 184.06，加增量 894.70、策反 141.70" in texts[at + 1]
    bridge = [c for c in _charts(path) if _series(c) and _series(c)[0][0][:2] == [
        L["bridge_base"], L["bridge_loss"]]]
    assert len(bridge) == 1
    (cats, spacer), (_, shown) = _series(bridge[0])
    assert cats == [L["bridge_base"], L["bridge_loss"], L["increment"], L["winback"],
                    L["bridge_total"]]
    assert shown == [base, base - stock, inc, win, total]
    assert spacer == [0, stock, stock, stock + inc, 0]
    axis = bridge[0].find(f".//{C}valAx")
    assert axis.find(f"{C}scaling/{C}min").get("val") == "0.0"
    assert "".join(axis.find(f"{C}title").itertext()) == "万元"


def test_summary_regions_add_up_and_hold_the_guidance(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    d = read_docx(_doc_path(built, "market"))
    rows = next(table_rows(t) for t in d.tables
                if table_rows(t)[0] == [L["region"], L["base"], L["target"], L["growth"],
                                        L["guidance"], L["gap"], L["coverage"]])
    body, total = rows[1:-1], rows[-1]
    assert [r[0] for r in body] == ["中心城区", "江北区", "江南新区", "清溪县及云岭县"]
    for col in (1, 2, 4):
        assert sum(money(r[col]) for r in body) == money(total[col])
    assert total[2] == "5,452.34" and total[4] == "5,390.00" and total[5] == "+62.34"


def test_key_customer_appendix_lists_everyone_and_the_bulk_rows(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    d = read_docx(_doc_path(built, "market"))
    rows = next(table_rows(t) for t in d.tables if table_rows(t)[0][-1] == L["flags_count"])
    body, total = rows[1:-1], rows[-1]
    names = [c["name"] for c in built.targets["customers"].values()]
    assert [r[0] for r in body] == names + [L["other_customers_short"]]
    t = built.targets["market"]
    assert total[1] == f"{Decimal(str(t['base'])):,.2f}"
    assert total[2] == f"{Decimal(str(t['total'])):,.2f}"
    for col in (1, 2, 4, 5):
        assert sum(money(r[col]) for r in body) == money(total[col])
    assert sum(int(r[9]) for r in body[:-1]) == int(total[9])
    heavy = next(r for r in body if r[0] == "江州重工集团有限公司")
    assert heavy[7] == L["quadrant_keep_grow"] and heavy[1] == "737.25"


def test_expiry_is_read_from_the_risk_text():
    assert expiring("网络维护外包合同2027年8月到期", 2027) == "Q3"
    assert expiring("雪亮工程一期链路2027年7月到期重新招标", 2027) == "Q3"
    assert expiring("影像云合同2027年12月到期", 2027) == "Q4"
    assert expiring("合同2028年1月到期", 2027) is None
    assert expiring("移动以物联网卡低价渗透生产网", 2027) is None


def test_every_plan_has_a_calendar_and_closes_with_the_approval_block(docs_built, docs_labels):
    L = docs_labels
    built = docs_built("example")
    d = read_docx(_doc_path(built, "customer", "jz-heavy-industry"))
    cal = next(table_rows(t) for t in d.tables
               if table_rows(t)[0] == [L["quarter"], L["cal_kind"], L["cal_items"]])
    quarter = ""
    found = {}
    for q, kind, events in cal[1:]:
        quarter = q or quarter
        found[(quarter, kind)] = events.split("\n")
    assert "网络维护外包合同2027年8月到期" in found[(L["q3"], L["cal_expiring"])]
    assert set(found[(L["q2"], L["cal_starting"])]) >= {"5G全连接工厂二期专网"}
    for path in (_doc_path(built, "market"), _doc_path(built, "industry", "manufacturing"),
                 _doc_path(built, "customer", "jz-heavy-industry")):
        d = read_docx(path)
        last = table_rows(d.tables[-1])
        assert [r[0] for r in last] == [L["approval_step"], L["prepared_by"], L["reviewed_by"],
                                        L["approved_by"]]
        assert last[1][3] == "2026-12-18"
    market = table_rows(read_docx(_doc_path(built, "market")).tables[-1])
    assert [r[1] for r in market[1:]] == ["梁志远", "魏长河", "陶永康"]
    cal = next(table_rows(t) for t in read_docx(_doc_path(built, "market")).tables
               if table_rows(t)[0] == [L["quarter"], L["cal_kind"], L["cal_items"]])
    assert cal[1][:2] == [L["cal_prep"], L["cal_schedule"]]
    assert cal[1][2].split("\n")[0] == "2026-11-06 收集全市经济运行、数字政府及行业信息化规划资料"


@pytest.fixture(scope="module")
def example_pdf_text(docs_example_printed) -> dict[str, list[str]]:
    """The example's market, manufacturing and heavy-industry plans as LibreOffice prints them:
    the text of each page."""
    built = docs_example_printed[("plan", "zh")]
    sources = {"market": _doc_path(built, "market"),
               "industry": _doc_path(built, "industry", "manufacturing"),
               "customer": _doc_path(built, "customer", "jz-heavy-industry")}
    return {key: pdf_pages(built.pdfs[src.relative_to(built.out).as_posix()])
            for key, src in sources.items()}


def test_printed_cover_contents_and_summary(example_pdf_text, docs_labels):
    L = docs_labels
    pages = example_pdf_text["market"]
    assert pages[0].count("江州市分公司政企客户部") == 1 and "内部资料" in pages[0]
    assert "目" in pages[1] and "三、营销收入预测与目标" in pages[1]
    assert "（三）分区域目标" in pages[1]
    # the summary is one page, and starts on the page after the contents
    assert L["summary"] in pages[2] and re.search(r"图\s*1", pages[2])
    assert re.search(r"表\s*4", pages[2]) and "编制准备" not in pages[2]
    industry = example_pdf_text["industry"]
    assert industry[0].count("江州市分公司政企客户部") == 1
    assert L["summary"] in industry[2] and "一、当年行业发展情况分析" not in industry[2]
    for pages in example_pdf_text.values():
        assert L["approval"] in pages[-1] or L["approval"] in pages[-2]


def test_market_opportunities_by_industry_show_the_bulk_rows(docs_built, docs_labels):
    """The increment of the customers without a plan is its own row, so the table's total is the
    market's increment (health: 68.80 of key customers + the bulk rows = the targets table)."""
    L = docs_labels
    built = docs_built("example")
    d = read_docx(_doc_path(built, "market"))
    rows = next(table_rows(t) for t in d.tables
                if table_rows(t)[0][:2] == [L["industry"], L["opps_count"]])
    body, total = rows[1:-1], rows[-1]
    assert body[-1][0] == L["other_customers"] and body[-1][3] == "167.50"
    for col in (2, 3, 5):
        assert sum(money(r[col]) for r in body) == money(total[col])
    t = built.targets["market"]
    assert money(total[3]) == Decimal(str(t["increment"]))
    assert money(total[5]) == Decimal(str(t["winback"]))


def test_charts_name_their_unit_and_start_at_zero(docs_built, docs_labels):
    """Every value axis of the money charts starts at 0 and is titled with the money unit; the
    industry's per-customer chart has a bar for the customers without a plan."""
    L = docs_labels
    built = docs_built("example")
    path = _doc_path(built, "industry", "manufacturing")
    charts = _charts(path)
    assert charts
    for chart in charts:
        axis = chart.find(f".//{C}valAx")
        if axis.find(f"{C}numFmt").get("formatCode") == "0%":
            continue  # a share of wallet
        title = "".join(axis.find(f"{C}title").itertext())
        if chart.find(f".//{C}scatterChart") is not None:  # the value matrix: its own scale
            assert title.endswith("(万元)")  # (a current value may be below zero)
            continue
        assert axis.find(f"{C}scaling/{C}min").get("val") == "0.0"
        assert title == "万元"
    bars = next(c for c in charts if _series(c) and L["other_customers_short"] in _series(c)[0][0])
    (cats, stock), *_ = _series(bars)
    assert cats[-1] == L["other_customers_short"] and stock[-1] == Decimal("860.80")


def test_english_documents_use_ascii_colons_and_translated_lists(tmp_path):
    from planner.build import build

    from docs_support import EXAMPLE, docx_texts, labels

    out = tmp_path / "en"
    build(EXAMPLE, out, lang="en")
    L = labels("en")
    texts = docx_texts(out / "customers" / "江州重工集团有限公司.docx")
    assert "Money unit: 10k yuan" in texts and not any("：" in t for t in texts if "Money unit" in t)
    d = read_docx(out / "customers" / "江州重工集团有限公司.docx")
    contacts = next(table_rows(t) for t in d.tables if L["contact_role"] in table_rows(t)[0])
    roles = {r[2] for r in contacts[1:]} | {r[3] for r in contacts[1:]}
    assert roles <= {"Decision maker", "Influencer", "User", "Gatekeeper", "Supportive",
                     "Neutral", "Opposed", ""} and "Decision maker" in roles
    assert f"{L['priority']}: High" in texts


# ---------------------------------------------------------------- nothing breaks inside a cell

FIGURE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?%?$")
LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%+'/&-]*")
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def _is_label(cell) -> bool:
    """A header cell, or a label of a title block, approval block or total row (shaded)."""
    p = cell.paragraphs[0]
    if p.style is not None and p.style.name == "Table Header":
        return True
    shd = cell._tc.tcPr.find(f"{W}shd") if cell._tc.tcPr is not None else None
    return shd is not None and shd.get(f"{W}fill") in ("F2F2F2", "DCE6F1")


def _unbreakable(path) -> Counter:
    """What no cell may break, with how many cells show it: every word of every header and
    label (a Chinese label is one word: it never wraps either) and every figure."""
    found: Counter = Counter()
    for table in read_docx(path).tables:
        for row in table.rows:
            for tc in dict.fromkeys(c._tc for c in row.cells):  # a merged cell once
                cell = _Cell(tc, table)
                text = cell.text.strip()
                if FIGURE.match(text):
                    found[text] += 1
                elif _is_label(cell):
                    for word in text.split():
                        found.update([word] if CJK.search(word) else LATIN_WORD.findall(word))
    return found


def _printed(text: str, word: str) -> int:
    """How often `word` is printed whole: a Chinese word within a line, a latin word or figure
    as a token of its own (so '8.00' is not found in '18.00')."""
    if CJK.search(word):
        return sum(line.count(word) for line in text.splitlines())
    return len(re.findall(r"(?<![A-Za-z0-9.,])" + re.escape(word) + r"(?![A-Za-z0-9])", text))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["plan", "review"])
def test_no_header_word_and_no_figure_breaks_inside_a_cell(docs_example_printed, kind, lang):
    """Every Word document of plans/example (customer, industry and market plans and business
    reviews), printed by LibreOffice: each word of each table's headers and labels and each
    figure is found whole in the PDF's text as often as the tables show it ('Bandwidt h',
    'Retenti on', '基准年收 入' or '+175.0 %' would not be; nor would a row LibreOffice dropped)."""
    built = docs_example_printed[(kind, lang)]
    assert len(built.pdfs) == 12 + 5 + 1
    broken = []
    for path, pdf in sorted(built.pdfs.items()):
        text = "\n".join(pdf_pages(pdf))
        need = _unbreakable(built.out / path)
        broken += [(path, word, n, _printed(text, word)) for word, n in need.items()
                   if _printed(text, word) < n]
    assert broken == []
    if (kind, lang) == ("plan", "en"):  # the words of the issue are among those looked for
        need = _unbreakable(_doc_path(built, "customer", "jz-heavy-industry"))
        assert {"Bandwidth", "Retention", "Prob.", "+175.0%", "737.25"} <= set(need)
