"""`--lang en` documents are English except what users typed, and the review flags in Word documents
are worded for people: labels and names, no YAML key, id or file:line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from english_support import CJK, docx_lines, residual_cjk, user_texts

from planner.build import build
from planner.model import Customer, Industry, Market
from planner.pipeline import analyse
from planner.report.common import Names

from conftest import EXAMPLE, REPO, write_plan_set
from docs_support import copy_plan_set, document

pytest_plugins = ["docs_support"]


@pytest.fixture(scope="module")
def english_example(tmp_path_factory) -> tuple[object, Path]:
    """plans/example built in English, once."""
    out = tmp_path_factory.mktemp("en") / "out"
    build(EXAMPLE, out, lang="en")
    return analyse(EXAMPLE).plan, out


@pytest.fixture(scope="module")
def example_builds(english_example, tmp_path_factory) -> dict[str, Path]:
    """plans/example built in both languages."""
    out = tmp_path_factory.mktemp("zh") / "out"
    build(EXAMPLE, out)
    return {"zh": out, "en": english_example[1]}


def test_example_english_documents_hold_no_chinese_but_what_users_typed(english_example):
    plan, out = english_example
    assert len(list(out.rglob("*.docx"))) == 18 and len(list(out.rglob("*.xlsx"))) == 19
    assert residual_cjk(plan, out) == []


def test_generated_english_documents_hold_no_chinese_but_what_users_typed(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = generate(6, tmp_path / "plan")
    build(root, tmp_path / "out", lang="en")
    assert residual_cjk(analyse(root).plan, tmp_path / "out") == []


def test_the_check_is_exact_a_catalog_name_without_name_en_is_found(tmp_path):
    """Without `name_en` an English document shows the Chinese name, and the check finds it."""
    root = write_plan_set(tmp_path / "plan")
    build(root, tmp_path / "out", lang="en")
    found = {line for _, line in residual_cjk(analyse(root).plan, tmp_path / "out")}
    assert {"政务", "市区", "数据"} <= found


def test_english_names_come_from_name_en_and_carriers_en(tmp_path):
    market = (EXAMPLE / "market.yaml").read_text(encoding="utf-8")
    plan = analyse(EXAMPLE).plan
    en, zh = Names(plan, lang="en"), Names(plan)
    assert (en.region("south"), en.industry("health"), en.line("private5g"),
            en.carrier("中国移动")) == ("Jiangnan New Area", "Healthcare", "5G private networks",
                                      "China Mobile")
    assert (zh.region("south"), zh.line("private5g"), zh.carrier("中国移动")) == (
        "江南新区", "5G专网", "中国移动")
    # the Chinese name where there is no English one
    root = _example_with(tmp_path, market.replace(", name_en: Healthcare", ""))
    assert Names(analyse(root).plan, lang="en").industry("health") == "医疗卫生"


def _example_with(tmp_path: Path, market: str) -> Path:
    root = copy_plan_set(EXAMPLE, tmp_path / "plan")
    (root / "market.yaml").write_text(market, encoding="utf-8")
    return root


def test_a_carriers_en_key_names_a_carrier_of_the_catalog(tmp_path):
    market = (EXAMPLE / "market.yaml").read_text(encoding="utf-8")
    root = _example_with(tmp_path, market.replace("    中国广电: China Broadnet",
                                                  "    中国广点: China Broadnet"))
    errors = [i.format("en") for i in analyse(root).errors]
    assert errors == [
        "market.yaml:25:5: catalog.carriers_en.中国广点 (Carriers' English names): '中国广点' is "
        "not a catalog carrier — did you mean '中国广电'? allowed carriers: 中国电信, 中国移动, "
        "中国联通, 中国广电"]


def test_user_texts_are_the_free_text_fields_not_the_catalog_nor_fixed_lists():
    texts = user_texts(analyse(EXAMPLE).plan)
    assert {"江州市政务服务和数据管理局", "陈建平", "梁志远"} <= texts  # name, contact, owner
    assert not texts & {"江南新区", "5G专网", "中国移动", "决策者", "支持", "高", "竞争", "万元"}


# ---------------------------------------------------------------- flags in Word, for people

def _input_keys(lang: str) -> set[str]:
    """The keys of the input format that only a YAML file would show: snake_case keys, and in
    Chinese documents the English words that are keys too."""
    keys: set[str] = set()

    def walk(model) -> None:
        for name, f in model.model_fields.items():
            keys.add(f.alias or name)
            for sub in re.findall(r"\b[A-Z]\w+", str(f.annotation)):
                child = getattr(sys.modules[model.__module__], sub, None)
                if isinstance(child, type) and hasattr(child, "model_fields") \
                        and child is not model:
                    walk(child)

    for model in (Market, Industry, Customer):
        walk(model)
    words = {"winback"} | ({"conditions", "measure", "contact", "actions"} if lang == "zh"
                           else set())
    return {k for k in keys if "_" in k} | words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flags_in_word_documents_name_fields_by_labels_and_things_by_names(example_builds, lang):
    plan = analyse(EXAMPLE).plan
    cat = plan.market.catalog
    ids = {e.id for e in (*cat.regions, *cat.industries, *cat.business_lines)} | set(
        plan.customers)
    keys = _input_keys(lang)
    bad = []
    docs = sorted(example_builds[lang].rglob("*.docx"))
    assert len(docs) == 18
    for docx in docs:
        for line in docx_lines(docx):
            words = set(re.findall(r"[A-Za-z_][\w.-]*", line))
            if (".yaml:" in line or any(f"({i})" in line or f"「{i}」" in line for i in ids)
                    or words & keys or re.search(r"\b[a-z]+_[a-z_]+\.[a-z_]+", line)):
                bad.append((docx.name, line))
    assert bad == []


def test_word_flags_show_names_where_check_shows_ids(example_builds):
    """The flags of jz-heavy-industry in Word, against the same flags as `check` prints them."""
    from docs_support import docx_texts

    zh = docx_texts(document(example_builds["zh"], "customer", "jz-heavy-industry"))
    en = docx_texts(document(example_builds["en"], "customer", "jz-heavy-industry"))
    assert "第 8 条运营商收入「中国移动/物联网」" in zh
    assert "在「策反转网」中添加针对 物联网 的策反计划, 或说明不策反的原因" in zh
    assert 'spend row 8 "China Mobile/IoT"' in en
    assert "China Mobile holds 81% of the customer's IoT spend, and no win-back targets that " \
           "line" in en
    checked = [i.format()[i.format().index("customers/"):] for i in analyse(EXAMPLE).warnings
               if i.code == "competitor_dominates"]  # paths are relative to where it runs
    assert checked == [
        "customers/jz-heavy-industry.yaml:25:5: spend[7] (第 8 条运营商收入「中国移动/iot」): "
        "中国移动 占客户 物联网 支出的 81%, 但没有针对该业务的策反计划 — 在 winback 中添加针对 "
        "物联网 的策反计划, 或说明不策反的原因"]
    market = docx_texts(example_builds["zh"] / "年度市场营销计划.docx")
    assert "区域 江南新区 的目标 675.55 低于预算指引 720.00 (差 44.45)" in market
    region = [i.format() for i in analyse(EXAMPLE).warnings if i.code == "region_below_guidance"]
    assert region[0].endswith("guidance.by_region.south (分区域指引): 区域 江南新区 (south) 的目标 "
                              "675.55 低于预算指引 720.00 (差 44.45) — 在该区域补充商机或策反, "
                              "或调整区域指引")


# ---------------------------------------------------------------- the unit once on page 1

def test_page_one_names_the_unit_once(docs_example_printed):
    """The customer plan's page 1 has its title block (title, unit) and no running header; the
    market and industry plans' page 1 is the cover. Rendered with LibreOffice, read back."""
    from docx import Document

    from docs_support import pdf_pages

    built = docs_example_printed[("plan", "zh")]
    unit = analyse(EXAMPLE).plan.market.plan.unit
    files = {"customer": document(built.out, "customer", "jz-heavy-industry"),
             "industry": document(built.out, "industry", "health"),
             "market": built.out / "年度市场营销计划.docx"}
    for key, docx in files.items():
        first, second = pdf_pages(built.pdfs[docx.relative_to(built.out).as_posix()])[:2]
        assert first.count(unit) == 1, (key, first)
        assert "第1页共" in first.replace(" ", "") or key != "customer"  # the footer stays
        assert unit in second  # the running header, from page 2 on
    section = Document(str(files["customer"])).sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    assert "第 " in "".join(p.text for p in section.first_page_footer.paragraphs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_english_pages_hold_no_chinese_but_what_users_typed(lang):
    """`planner serve --lang en`: the pages' text (and the figures' data in them) is English;
    in Chinese the same check finds the catalog's names (so it can fail)."""
    import html as html_lib

    from web_support import client_of

    plan = analyse(EXAMPLE).plan
    texts = sorted(user_texts(plan), key=len, reverse=True)
    strip = re.compile("|".join(re.escape(t) for t in texts))
    client = client_of(EXAMPLE, lang=lang)
    bad = []
    for path in ["/", "/industries/health", "/customers/jz-heavy-industry", "/flags"]:
        page = client.get(path)
        assert page.status_code == 200
        text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", page.text))
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)  # JSON
        bad += [(path, line) for line in text.splitlines()
                if CJK.search(strip.sub("", line.strip()))]
    client.app.state.live.close()
    if lang == "zh":
        assert {"江南新区", "医疗卫生", "中国移动"} <= {line.strip() for _, line in bad}
    else:
        assert bad == []
