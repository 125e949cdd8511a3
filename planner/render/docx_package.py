"""A Word template's package kept ready between renders: the parts a render does not change are
serialised and compressed once.

python-docx opens a template by parsing every part (the shipped styles are 800 KB of XML) and
saves a document by serialising and compressing every part again. For one template rendered for
a thousand customers that was half of a render, although only the body, the headers and
footers and the added charts or pictures differ. A Skeleton holds the template's parts as
python-docx would save them, each compressed once; a Rendering is what one render changes and
adds; its zip has the parts python-docx would write, in its order, with the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
import zlib
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import CT_Relationships, serialize_part_xml
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree

ZIP_DATE = (0 << 11, (1980 - 1980) << 9 | 1 << 5 | 1)  # DOS time, date of 1980-01-01 00:00
_SYSTEM = 0 if sys.platform == "win32" else 3  # as zipfile records it
_MARK = "\ue000planner-body\ue000"
_DECLARATION = re.compile(rb' xmlns(?::([\w.-]+))?="([^"]*)"')


@dataclass(frozen=True)
class Member:
    """One file of a zip, compressed (raw deflate, as zipfile writes it)."""

    name: bytes
    crc: int
    size: int
    data: bytes


def member(name: str, blob: bytes | Iterable[bytes]) -> Member:
    """A zip member of `blob` (or of its pieces, compressed one by one as they come: a long
    table's rows are never joined into one string, nor all held) at `name` (a pack URI's
    member name)."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    crc, size, data = 0, 0, []
    for piece in [blob] if isinstance(blob, bytes) else blob:
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        data.append(packer.compress(piece))
    data.append(packer.flush())
    return Member(name.encode("utf-8"), crc, size, b"".join(data))


def zip_bytes(members: list[Member]) -> bytes:
    """The zip of `members`, as zipfile writes it with ZIP_DEFLATED and fixed timestamps."""
    out, central = [], []
    offset = 0
    time, date = ZIP_DATE
    for m in members:
        flags = 0 if m.name.isascii() else 0x800
        out.append(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, 8, time, date,
                               m.crc, len(m.data), m.size, len(m.name), 0) + m.name)
        out.append(m.data)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, _SYSTEM, 20, 0, flags,
                                   8, time, date, m.crc, len(m.data), m.size, len(m.name), 0,
                                   0, 0, 0, 0o600 << 16, offset) + m.name)
        offset += 30 + len(m.name) + len(m.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(directory), offset, 0)
    return b"".join(out) + directory + end


@dataclass(frozen=True)
class _Rel:
    rid: str
    reltype: str
    target_ref: str
    external: bool
    target: PackURI | None  # the part it points to (None when external)


@dataclass
class _Part:
    partname: PackURI
    content_type: str
    blob: Member
    rels: list[_Rel]
    rels_member: Member | None


class Skeleton:
    """A template's package as python-docx opened it, each part serialised and compressed once."""

    def __init__(self, document: Any):
        package = document.part.package
        self.parts: dict[PackURI, _Part] = {}
        self.top = [self._rel(r) for r in package.rels.values()]
        for part in package.iter_parts():
            rels = [self._rel(r) for r in part.rels.values()]
            self.parts[part.partname] = _Part(
                part.partname, part.content_type, member(part.partname.membername, part.blob),
                rels, member(part.partname.rels_uri.membername, part.rels.xml)
                if rels else None)
        self.package_rels = member(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        self.images = {hashlib.sha1(r.target_part.blob).hexdigest(): r.target_part.partname
                       for r in package.iter_rels() if not r.is_external
                       and r.reltype == RT.IMAGE}
        self.document = document.part.partname
        self._head, self._tail, self._nsmap = _split_document(document.element)
        self._types: dict[tuple, Member] = {}

    @staticmethod
    def _rel(r: Any) -> _Rel:
        return _Rel(r.rId, r.reltype, r.target_ref, r.is_external,
                    None if r.is_external else r.target_part.partname)

    def document_xml(self, body: etree._Element) -> bytes:
        """The document part's XML with `body` (a parsed w:body) as its body, as python-docx
        saves it once docxtpl has put the body in: lxml then drops every declaration, in the
        body, of a namespace the document element declares alike."""
        xml = etree.tostring(body, encoding="UTF-8")
        kept, start = [], 0
        for m in _DECLARATION.finditer(xml):
            at = m.start()
            if self._nsmap.get(m.group(1) or b"") == m.group(2) and \
                    xml.rfind(b"<", 0, at) > xml.rfind(b">", 0, at):  # in a tag, not text
                kept.append(xml[start:at])
                start = m.end()
        kept.append(xml[start:])
        return self._head + b"".join(kept) + self._tail

    def content_types(self, parts: list[tuple[PackURI, str]]) -> Member:
        """[Content_Types].xml of these parts (kept: a template's renders add the same few)."""
        key = tuple(parts)
        if key not in self._types:
            from types import SimpleNamespace

            item = _ContentTypesItem.from_parts(
                [SimpleNamespace(partname=p, content_type=t) for p, t in parts])
            self._types[key] = member(CONTENT_TYPES_URI.membername, item.blob)
        return self._types[key]


def _split_document(element: etree._Element) -> tuple[bytes, bytes, dict]:
    """The document part's serialised XML before and after its body; the namespaces in scope."""
    copy = deepcopy(element)
    body = copy.body
    nsmap = {(k or "").encode(): v.encode() for k, v in body.nsmap.items()}
    body.clear()
    body.text = _MARK
    xml = serialize_part_xml(copy)
    mark = xml.index(_MARK.encode("utf-8"))
    start = xml.rindex(b"<", 0, mark)
    end = xml.index(b">", mark) + 1
    return xml[:start], xml[end:], nsmap


@dataclass
class Rendering:
    """What one render changes in the template's package and adds to it."""

    skeleton: Skeleton
    blobs: dict[PackURI, bytes | Member] = field(default_factory=dict)  # changed parts
    rels: dict[PackURI, list[_Rel]] = field(default_factory=dict)  # added relationships
    added: dict[PackURI, tuple[str, bytes]] = field(default_factory=dict)  # new parts
    images: dict[str, PackURI] = field(default_factory=dict)  # new pictures by SHA-1

    def replace(self, partname: PackURI, blob: bytes | Member) -> None:
        """The part's new XML (or its zip member, made already)."""
        self.blobs[partname] = blob

    def relate(self, source: PackURI, reltype: str, target: PackURI) -> str:
        """The rId of a relationship from `source` to `target`, added unless there is one (as
        python-docx's relate_to)."""
        rels = self._rels(source)
        for r in rels:
            if r.reltype == reltype and r.target == target and not r.external:
                return r.rid
        used = {r.rid for r in rels}
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in used)
        self.rels.setdefault(source, []).append(
            _Rel(rid, reltype, target.relative_ref(source.baseURI), False, target))
        return rid

    def add_part(self, source: PackURI, partname: PackURI, content_type: str, blob: bytes,
                 reltype: str) -> str:
        """A new part related from `source` (the same name again is the same part)."""
        self.added.setdefault(partname, (content_type, blob))
        return self.relate(source, reltype, partname)

    def picture(self, source: PackURI, blob: bytes) -> tuple[str, Image]:
        """A picture's part (one per distinct picture, as python-docx adds them) and its rId."""
        image = Image.from_blob(blob)
        known = {**self.skeleton.images, **self.images}
        partname = known.get(image.sha1)
        if partname is None:
            used = {p.idx for p in known.values()}
            n = next(n for n in range(1, len(known) + 2) if n not in used or n > len(known))
            partname = PackURI(f"/word/media/image{n}.{image.ext}")
            self.images[image.sha1] = partname
            self.added[partname] = (image.content_type, image.blob)
        return self.relate(source, RT.IMAGE, partname), image

    def _rels(self, partname: PackURI) -> list[_Rel]:
        part = self.skeleton.parts.get(partname)
        return (part.rels if part else []) + self.rels.get(partname, [])

    def _order(self) -> list[PackURI]:
        """The parts in python-docx's order: depth first along the relationships."""
        seen: set[PackURI] = set()
        order: list[PackURI] = []

        def walk(rels: list[_Rel]) -> None:
            for r in rels:
                if r.external or r.target in seen:
                    continue
                seen.add(r.target)
                order.append(r.target)
                walk(self._rels(r.target))

        walk(self.skeleton.top)
        return order

    def zip(self) -> bytes:
        """The rendered document's .docx bytes."""
        sk = self.skeleton
        order = self._order()
        members = []
        types = []
        for name in order:
            part = sk.parts.get(name)
            if part is None:
                content_type, blob = self.added[name]
                members.append(member(name.membername, blob))
            else:
                content_type = part.content_type
                blob = self.blobs.get(name, part.blob)
                members.append(blob if isinstance(blob, Member)
                               else member(name.membername, blob))
            types.append((name, content_type))
            rels = self._rels(name)
            if name in self.rels:
                xml = CT_Relationships.new()
                for r in rels:
                    xml.add_rel(r.rid, r.reltype, r.target_ref, r.external)
                members.append(member(name.rels_uri.membername, xml.xml))
            elif part is not None and part.rels_member is not None:
                members.append(part.rels_member)
        return zip_bytes([sk.content_types(types), sk.package_rels, *members])
