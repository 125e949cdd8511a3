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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.sandbox
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.shared import Cm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError
from markupsafe import Markup, escape

from planner.load import CONTROL_CHARS
from planner.render.docx_inline import InlineChart, InlinePicture
from planner.render.docx_package import Rendering, Skeleton, member
from planner.render.docx_rows import NotStreamable, expand, probe_context
from planner.render.docx_tables import fix_tables
from planner.render.native_charts import NativeChart
from planner.render.sandbox import BoundedSandbox, TemplateBudget
from planner.resources import SHIPPED, TemplateError

_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')


def clean_text(text: str) -> str:
    """Text without the control characters XML (and Excel) cannot hold."""
    return CONTROL_CHARS.sub("", text)


_PRINTED: dict[str, Markup] = {}  # texts printed before: labels repeat in every document
_PRINTED_MAX = 20_000


def _finalize(value: Any) -> Any:
    """Every printed value: escaped XML text with line breaks; images and markup as they are."""
    if value is None:
        return ""
    if type(value) is str:  # nearly every value; Markup, a str too, is left as it is below
        printed = _PRINTED.get(value)
        if printed is None:
            printed = _printed(value)
            if len(_PRINTED) < _PRINTED_MAX:
                _PRINTED[value] = printed
        return printed
    if hasattr(value, "__html__"):
        return value
    return _printed(str(value))


def _printed(text: str) -> Markup:
    text = clean_text(text).replace("\r\n", "\n")
    if "\n" not in text:
        return escape(text)
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
    """docxtpl, with the template opened once and each part's patched and compiled Jinja
    template kept between renders.

    docxtpl re-opens the .docx, re-cleans its XML and re-compiles it with Jinja on every render,
    puts the rendered body into the opened document (an lxml move that visits every node) and
    saves every part again; for one template rendered for a thousand customers that is most of
    the time. Here the template is opened once and never changed: a render makes the parts it
    changes (body, headers, footers, footnotes) and adds (charts, pictures) into a Rendering of
    the template's Skeleton, whose other parts were serialised and compressed once.
    """

    def __init__(self, path: Path):
        super().__init__(io.BytesIO(path.read_bytes()))
        self._compiled: dict[str, Any] = {}
        self._sources: dict[str, str] = {}
        self._env = jinja_env()
        self._env.loader = jinja2.DictLoader(self._sources)
        self._env.bytecode_cache = bytecode_cache()
        self.render_init()
        self.skeleton = Skeleton(self.docx)
        self.rendering = Rendering(self.skeleton)

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

    def render_package(self, context: dict[str, Any], whole: list[Any] | None = None) -> bytes:
        """The template rendered with `context` (its charts and pictures in it), as .docx bytes:
        the steps of docxtpl's render and python-docx's save, on the parts that change. Long
        tables are written row by row (`docx_rows`), but those in `whole` (a list of lists of
        rows; None: every table rendered whole). Raises NotStreamable when the probe of a long
        table cannot be written row by row."""
        out = self.rendering
        self.docx_ids_index = 1000
        probed, streams = (context, []) if whole is None else probe_context(context, whole)
        try:
            tree = fix_tables(self.build_xml(probed))
            self.fix_docpr_ids(tree)
            # compressed as its rows are made (inside this try: a value that fails, fails here)
            body = member(self.skeleton.document.membername,
                          expand(self.skeleton.document_xml(tree), streams, _finalize))
        except NotStreamable:
            raise
        except Exception as e:
            if streams:
                raise NotStreamable(f"{type(e).__name__}: {e}") from None
            raise
        del tree
        out.replace(self.skeleton.document, body)
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for _, part in self.get_headers_footers(uri):
                xml = self._render_part(str(part.partname), lambda p=part: self.get_part_xml(p),
                                        part, context)
                # as docxtpl's map_headers_footers_xml: parsed, and saved by python-docx
                out.replace(part.partname, serialize_part_xml(parse_xml(xml.encode("utf-8"))))
        for part in self.docx.part.package.parts:  # as docxtpl's render_footnotes
            if part.content_type == _FOOTNOTES and self.docx.sections:
                xml = self.patch_xml(part.blob.decode("utf-8"))
                out.replace(part.partname, self.render_xml_part(xml, part, context,
                                                                self._env).encode("utf-8"))
        return out.zip()


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
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
    try:
        whole: list[Any] | None = []
        while True:
            try:
                return _render(tpl, context, charts, width_cm, whole)
            except NotStreamable as e:  # a table the template does more with: rendered whole
                whole = None if e.rows is None or len(whole) >= _RETRIES else [*whole, e.rows]
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


_RETRIES = 8  # renders with one more long table whole, before every table is rendered whole


def _render(tpl: _Template, context: dict[str, Any], charts: dict[str, Any], width_cm: float,
            whole: list[Any] | None) -> bytes:
    tpl.rendering = Rendering(tpl.skeleton)
    images: dict[str, Any] = {}
    for n, (name, chart) in enumerate(charts.items(), 1):
        if isinstance(chart, NativeChart):
            images[name] = InlineChart(tpl, chart, n)
        else:
            images[name] = InlinePicture(tpl, chart, Cm(width_cm)) if chart else None
    try:
        return tpl.render_package(
            {**context, "charts": images, "num": Numbering(context.get("L", {}))}, whole)
    finally:  # what the render made is not held by the template until the next one
        tpl.rendering = Rendering(tpl.skeleton)


def save_docx(document: Any) -> bytes:
    """The .docx bytes of a python-docx Document, reproducibly (fixed zip timestamps)."""
    return Rendering(Skeleton(document)).zip()
