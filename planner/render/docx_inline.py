"""What a Word template prints that becomes parts of the document: native charts and pictures.

Each is put in the text where the template prints it (as docxtpl's InlineImage is) and adds its
part to the render's Rendering (docx_package), not to the template, which stays as it was opened.
"""

from __future__ import annotations

from typing import Any

from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.shared import Cm

from planner.render.native_charts import NativeChart

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

    def __init__(self, tpl: Any, chart: NativeChart, number: int):
        self.tpl, self.chart, self.number = tpl, chart, number

    def __html__(self) -> str:
        part = self.tpl.current_rendering_part
        rid = self.tpl.rendering.add_part(part.partname,
                                          PackURI(f"/word/charts/chart{self.number}.xml"),
                                          _CHART_TYPE, self.chart.xml, _CHART_REL)
        return _INLINE_CHART.format(cx=int(Cm(self.chart.width_cm).emu),
                                    cy=int(Cm(self.chart.height_cm).emu),
                                    id=9000 + self.number, rid=rid)


class InlinePicture:
    """A PNG picture put in the text where the template prints it, `width` wide: docxtpl's
    InlineImage, adding its picture to the Rendering instead of the opened template."""

    def __init__(self, tpl: Any, png: bytes, width: Any):
        self.tpl, self.png, self.width = tpl, png, width

    def __html__(self) -> str:
        part = self.tpl.current_rendering_part
        rid, image = self.tpl.rendering.picture(part.partname, self.png)
        cx, cy = image.scaled_dimensions(self.width, None)
        inline = CT_Inline.new_pic_inline(part.next_id, rid, image.filename, cx, cy)
        return ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>'
                '<w:t xml:space="preserve">' % inline.xml)
