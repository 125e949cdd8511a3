"""Word documents from docxtpl templates.

User text is data, never template code: every `{{ }}` output is escaped for XML, stripped of
control characters XML cannot hold, and its newlines become line breaks. Templates run in a Jinja
sandbox with undefined names as errors, so a user's template can neither run code nor silently
print nothing. Files are written with fixed zip timestamps: same inputs, same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.sandbox
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateSyntaxError
from markupsafe import Markup, escape

from planner.load import CONTROL_CHARS
from planner.render.native_charts import NativeChart
from planner.render.sandbox import BoundedSandbox, TemplateBudget
from planner.resources import SHIPPED, TemplateError

_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def clean_text(text: str) -> str:
    """Text without the control characters XML (and Excel) cannot hold."""
    return CONTROL_CHARS.sub("", text)


def _finalize(value: Any) -> Any:
    """Every printed value: escaped XML text with line breaks; images and markup as they are."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    text = clean_text(str(value)).replace("\r\n", "\n")
    return _BREAK.join(escape(line) for line in text.split("\n"))


def jinja_env() -> BoundedSandbox:
    """The environment every document template renders in."""
    return BoundedSandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize,
                                keep_trailing_newline=True)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, where a cache that cannot be read or written
    only means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - damaged entry (cut short, say): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled Word templates in the user's cache folder (~/.cache/planner/jinja, as pip keeps
    its cache): compiling the three plan templates takes most of a second, loading them a few
    milliseconds. Jinja checks each entry against the template's text and its own version.
    None (compile every time) when there is no usable cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "planner", "jinja")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return _QuietBytecodeCache(folder)


class _Template(DocxTemplate):
    """docxtpl, with each part's patched and compiled Jinja template kept between renders.

    docxtpl re-reads the .docx, re-cleans its XML and re-compiles it with Jinja on every render;
    for one template rendered for a thousand customers that is most of the time. The template
    file's bytes are read once; each render still starts from a fresh python-docx Document.
    """

    def __init__(self, path: Path):
        self._bytes = path.read_bytes()
        super().__init__(io.BytesIO(self._bytes))
        self._compiled: dict[str, Any] = {}
        self._sources: dict[str, str] = {}
        self._env = jinja_env()
        self._env.loader = jinja2.DictLoader(self._sources)
        self._env.bytecode_cache = bytecode_cache()

    def init_docx(self, reload: bool = True) -> None:
        self.template_file = io.BytesIO(self._bytes)
        super().init_docx(reload)

    def _compiled_part(self, key: str, source: Callable[[], str]) -> Any:
        if key not in self._compiled:
            # the same preparation docxtpl's render_xml_part does before Jinja sees the XML
            xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.patch_xml(source()))
            # named by its content, so Jinja's bytecode cache keeps one entry per template part
            name = "planner-docx-bounded:" + hashlib.sha256(xml.encode("utf-8")).hexdigest()
            self._sources[name] = xml
            self._compiled[key] = self._env.get_template(name)
        return self._compiled[key]

    def _render_part(self, key: str, source: Callable[[], str], part: Any,
                     context: dict[str, Any]) -> str:
        self.current_rendering_part = part
        xml = self._env.render_bounded(self._compiled_part(key, source), context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        # newlines were turned into breaks by _finalize; docxtpl's resolve_listing is not needed
        return (xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
                .replace("%_}", "%}"))

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        return self._render_part("body", self.get_xml, self.docx._part, context)

    def build_headers_footers_xml(self, context: dict[str, Any], uri: str,
                                  jinja_env: Any = None) -> Any:
        for rel_key, part in self.get_headers_footers(uri):
            xml = self._render_part(str(part.partname), lambda p=part: self.get_part_xml(p),
                                    part, context)
            yield rel_key, xml.encode("utf-8")

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """Core properties (author, title…) are not templated: nothing to do."""


_TEMPLATES: dict[Path, _Template] = {}


def load_template(template: Path) -> _Template:
    """A Word template, read and compiled once per process.

    Raises TemplateError naming the file when it is not a Word document or its Jinja does not
    compile, so a broken user template is reported as such, before anything is built.
    """
    tpl = _TEMPLATES.get(template)
    if tpl is None:
        try:
            tpl = _Template(template)
            tpl.render_init()
            tpl._compiled_part("body", tpl.get_xml)
            for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
                for _, part in tpl.get_headers_footers(uri):
                    tpl._compiled_part(str(part.partname), lambda p=part: tpl.get_part_xml(p))
        except TemplateSyntaxError as e:
            raise TemplateError("template_syntax", template=template, line=e.lineno,
                                problem=e.message) from None
        except Exception as e:  # not a .docx, damaged zip, bad XML
            raise TemplateError("template_unusable", template=template,
                                detail=f"{type(e).__name__}: {e}") from None
        _TEMPLATES[template] = tpl
    return tpl


_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_INLINE_CHART = (
    '</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{id}" name="Chart {id}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">')


class InlineChart:
    """A native chart put in the text where the template prints it (like docxtpl's
    InlineImage): its chart part is added to the document when the template renders it."""

    def __init__(self, tpl: DocxTemplate, chart: NativeChart, number: int):
        self.tpl, self.chart, self.number = tpl, chart, number

    def __html__(self) -> str:
        part = self.tpl.current_rendering_part
        chart_part = Part(PackURI(f"/word/charts/chart{self.number}.xml"), _CHART_TYPE,
                          self.chart.xml, part.package)
        rid = part.relate_to(chart_part, _CHART_REL)
        return _INLINE_CHART.format(cx=int(Cm(self.chart.width_cm).emu),
                                    cy=int(Cm(self.chart.height_cm).emu),
                                    id=9000 + self.number, rid=rid)


_NUMBERED = re.compile(r"^\s*(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\(\d+\)|\d+(\.\d+)*\.?\s)\s*")


class Numbering:
    """Table and figure numbers in document order, counted as the template renders (a table in a
    branch not taken takes no number): `num.table(title)` gives '表 3　title', the title without
    its section numbering ('（三）分区域目标' -> '分区域目标')."""

    def __init__(self, labels: dict[str, str]):
        self.labels, self.tables, self.figures = labels, 0, 0

    def _caption(self, key: str, n: int, title: str) -> str:
        mark = self.labels.get(key, "{n}").format(n=n)
        return f"{mark}{self.labels.get('caption_sep', ' ')}{_NUMBERED.sub('', str(title))}"

    def table(self, title: str) -> str:
        """The next table's caption."""
        self.tables += 1
        return self._caption("table_no", self.tables, title)

    def figure(self, title: str) -> str:
        """The next figure's caption."""
        self.figures += 1
        return self._caption("figure_no", self.figures, title)


def render_docx(template: Path, context: dict[str, Any],
                charts: dict[str, bytes | NativeChart | None], width_cm: float = 15.5) -> bytes:
    """Render a docxtpl template with `context`; `charts` (native charts, or PNG pictures) are
    put in as `charts.<name>`."""
    tpl = load_template(template)
    tpl.render_init()  # docxtpl needs its document loaded before images are made
    images: dict[str, Any] = {}
    for n, (name, chart) in enumerate(charts.items(), 1):
        if isinstance(chart, NativeChart):
            images[name] = InlineChart(tpl, chart, n)
        else:
            images[name] = InlineImage(tpl, io.BytesIO(chart), width=Cm(width_cm)) \
                if chart else None
    try:
        tpl.render({**context, "charts": images, "num": Numbering(context.get("L", {}))},
                   tpl._env, autoescape=True)
    except (jinja2.TemplateError, jinja2.sandbox.SecurityError, TemplateBudget,
            OverflowError) as e:
        # a user's template that names something the context lacks, reaches for Python
        # internals the sandbox refuses, or runs away: the template's fault, said as such
        raise TemplateError("template_render", template=template,
                            detail=f"{type(e).__name__}: {e}") from None
    except Exception as e:
        if template.parent == SHIPPED:
            raise  # a shipped template failing is planner's own bug
        # {{ 1 / 0 }}, {{ 'a' + 1 }} in a user's template
        raise TemplateError("template_render", template=template,
                            detail=f"{type(e).__name__}: {e}") from None
    return save_docx(tpl.docx)


class _FixedZip:
    """python-docx's zip writer, with fixed timestamps and compression, so bytes repeat."""

    def __init__(self, buf: io.BytesIO):
        self.zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()


def save_docx(document: Any) -> bytes:
    """The .docx bytes of a python-docx Document, reproducibly."""
    package = document.part.package
    buf = io.BytesIO()
    writer = _FixedZip(buf)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return buf.getvalue()
