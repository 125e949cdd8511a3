"""Jinja's bytecode cache of the Word templates: a cold, warm, damaged or unusable cache gives the
same documents, and a broken template is still reported."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from planner.build import build
from planner.render import docx
from planner.resources import TemplateError

from conftest import EXAMPLE, customer_template_with


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plans") / "example"
    shutil.copytree(EXAMPLE, root)
    for path in (root / "customers").glob("*.yaml"):
        if path.stem != "jz-rcb":
            path.unlink()
    return root


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test's own, and no template compiled yet in this process."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    docx.bytecode_cache.cache_clear()
    docx._TEMPLATES.clear()
    yield home / "planner" / "jinja"
    docx.bytecode_cache.cache_clear()
    docx._TEMPLATES.clear()


def documents(plans: Path, out: Path, **kw) -> dict[str, str]:
    build(plans, out, jobs=1, force=True, **kw)
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.docx"))}


def test_cold_warm_damaged_and_unusable_caches_give_the_same_documents(plans, cache_home,
                                                                         tmp_path):
    cold = documents(plans, tmp_path / "cold")
    entries = sorted(cache_home.iterdir())
    assert len(entries) >= 3  # a body at least for each of the three plan templates
    docx._TEMPLATES.clear()
    assert documents(plans, tmp_path / "warm") == cold
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short
    docx._TEMPLATES.clear()
    assert documents(plans, tmp_path / "damaged") == cold
    shutil.rmtree(cache_home.parent.parent)
    cache_home.parent.parent.write_text("not a folder")  # no cache can be made
    docx.bytecode_cache.cache_clear()
    docx._TEMPLATES.clear()
    assert docx.bytecode_cache() is None
    assert documents(plans, tmp_path / "uncached") == cold


def test_a_broken_user_template_is_reported_with_a_warm_cache(plans, cache_home, tmp_path):
    documents(plans, tmp_path / "first")
    templates = customer_template_with(tmp_path / "tpl", b"{{ doc.title }}{% if %}")
    docx._TEMPLATES.clear()
    with pytest.raises(TemplateError, match="template error"):
        build(plans, tmp_path / "out", templates_dir=templates, jobs=1)
