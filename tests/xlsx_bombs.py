"""XLSX files built byte by byte to attack a reader: a sheet of millions of rows in a few hundred
kilobytes (issue 11's "zip bomb"), a sheet that misstates its size, rows too wide, text
tables too long. They are zips written by hand, not by openpyxl, so a sheet of 3,000,000 rows
takes some milliseconds to make: a run of identical rows is compressed once and repeated.

Used by tests/test_spreadsheet_limits.py and bench/xlsx_bomb.py.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
# A row of the bomb: one cell holding an "x", as a spreadsheet writes it inline.
BOMB_ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'


@dataclass(frozen=True)
class Repeated:
    """``block`` ``times`` times over, between ``head`` and ``tail``."""

    head: bytes
    block: bytes
    times: int
    tail: bytes


def _deflate(data: bytes, *, last: bool) -> bytes:
    # Each piece ends byte-aligned (a full flush resets the history), so the compressed pieces
    # join into one valid stream and a repeated piece is compressed only once.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH
    )


def _compressed(part: bytes | Repeated) -> tuple[bytes, int, int]:
    """The part deflated, its CRC-32 and its size uncompressed."""
    if isinstance(part, bytes):
        return _deflate(part, last=True), zlib.crc32(part), len(part)
    crc = zlib.crc32(part.head)
    for _ in range(part.times):
        crc = zlib.crc32(part.block, crc)
    crc = zlib.crc32(part.tail, crc)
    data = (
        _deflate(part.head, last=False)
        + _deflate(part.block, last=False) * part.times
        + _deflate(part.tail, last=True)
    )
    return data, crc, len(part.head) + len(part.block) * part.times + len(part.tail)


def zipped(parts: dict[str, bytes | Repeated]) -> bytes:
    """A zip file of ``parts`` (name to content), every one deflated."""
    out, directory = bytearray(), bytearray()
    for name, part in parts.items():
        data, crc, size = _compressed(part)
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded))
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, len(out))
        directory += encoded
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + encoded + data
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def sheet(rows: bytes | Repeated, *, dimension: str | None = None) -> bytes | Repeated:
    """A worksheet's XML around ``rows`` (``<row>`` elements), stating ``dimension`` if given."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()
    head += b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    if isinstance(rows, Repeated):
        return Repeated(head + rows.head, rows.block, rows.times, rows.tail + tail)
    return head + rows + tail


def workbook(
    sheets: dict[str, bytes | Repeated], *, shared_strings: bytes | Repeated | None = None
) -> bytes:
    """An XLSX file of ``sheets`` (title to worksheet XML, from ``sheet``) that openpyxl opens."""
    overrides = [
        ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
        *(
            (f"/xl/worksheets/sheet{n}.xml", "spreadsheetml.worksheet+xml")
            for n in _numbers(sheets)
        ),
    ]
    if shared_strings is not None:
        overrides.append(("/xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"))
    types = "".join(
        f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-'
        f'officedocument.{kind}"/>'
        for part, kind in overrides
    )
    relationship = f"{RELATIONSHIPS}/worksheet"
    parts: dict[str, bytes | Repeated] = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{types}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/'
            f'relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{RELATIONSHIPS}"><sheets>'
            + "".join(
                f'<sheet name="{title}" sheetId="{n}" r:id="rId{n}"/>'
                for n, title in zip(_numbers(sheets), sheets, strict=True)
            )
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/'
            'relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{relationship}" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in _numbers(sheets)
            )
            + "</Relationships>"
        ).encode(),
    }
    for n, content in zip(_numbers(sheets), sheets.values(), strict=True):
        parts[f"xl/worksheets/sheet{n}.xml"] = content
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return zipped(parts)


def _numbers(sheets: dict[str, bytes | Repeated]) -> range:
    return range(1, len(sheets) + 1)


def bomb(rows: int = 3_000_000, title: str = "Indicators") -> bytes:
    """Issue 11's workbook: one sheet of ``rows`` rows of one repeated cell, stating no size;
    3,000,000 rows are about 450 KB of zip and 140 MB of XML."""
    return workbook({title: sheet(Repeated(b"", BOMB_ROW * 10_000, rows // 10_000, b""))})
