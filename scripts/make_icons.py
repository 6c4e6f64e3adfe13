"""Draw Copydesk's app icon and write every format the packages need into ``resources/icons``.

Usage: ``.venv/bin/python scripts/make_icons.py`` (offscreen; no display needed). Rerun after changing
the drawing below, and commit the results: the packaging scripts only copy these files.

- ``copydesk.svg``: the scalable icon (Linux ``hicolor/scalable``), written from the same geometry;
- ``copydesk-<size>.png`` for 16 … 512 px: the Linux ``hicolor`` sizes and the window icon;
- ``copydesk.ico`` (Windows: 16, 24, 32, 48, 64, 128 and 256 px) and ``copydesk.icns`` (macOS: 16 … 1024
  px with the @2x variants), both as PNG-compressed entries, which Windows Vista+ and macOS 10.7+ read.

The icon is a rounded blue square with a white fountain-pen nib writing on a line, drawn with QPainter at
each size (not scaled down from one bitmap), so the small sizes stay sharp.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT: Final = Path(__file__).resolve().parent.parent
OUT: Final = ROOT / "resources" / "icons"
NAME: Final = "copydesk"
PNG_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES: Final = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES: Final = (
    # (OSType, pixel size): PNG payloads; the @2x types reuse the larger renderings.
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)

# The drawing, on a 512 x 512 canvas.
CANVAS: Final = 512.0
TOP_COLOR: Final = "#3B82F6"
BOTTOM_COLOR: Final = "#1E3A8A"
INK: Final = "#FFFFFF"
SLIT: Final = "#1E40AF"
TILE: Final = (32.0, 32.0, 448.0, 448.0, 96.0)  # x, y, width, height, corner radius
NIB: Final = (  # the nib's outline, tip at the bottom: (x, y) points, joined by straight lines
    (256.0, 396.0),
    (168.0, 252.0),
    (190.0, 214.0),
    (226.0, 150.0),
    (286.0, 150.0),
    (322.0, 214.0),
    (344.0, 252.0),
)
COLLAR: Final = (214.0, 106.0, 84.0, 34.0, 10.0)  # x, y, width, height, corner radius
HOLE: Final = (256.0, 248.0, 20.0)  # centre x, centre y, radius
SLIT_LINE: Final = ((256.0, 268.0), (256.0, 380.0), 10.0)  # from, to, width
BASELINE: Final = ((132.0, 412.0), (380.0, 412.0), 16.0)  # from, to, width


def svg() -> str:
    x, y, w, h, r = TILE
    cx, cy, cw, ch, cr = COLLAR
    hx, hy, hr = HOLE
    (s1x, s1y), (s2x, s2y), sw = SLIT_LINE
    (b1x, b1y), (b2x, b2y), bw = BASELINE
    nib = " ".join(f"{px:g},{py:g}" for px, py in NIB)
    size = f"{CANVAS:g}"
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" \
viewBox="0 0 {size} {size}">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{TOP_COLOR}"/>
      <stop offset="1" stop-color="{BOTTOM_COLOR}"/>
    </linearGradient>
  </defs>
  <rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{r:g}" fill="url(#tile)"/>
  <line x1="{b1x:g}" y1="{b1y:g}" x2="{b2x:g}" y2="{b2y:g}" stroke="{INK}" stroke-opacity="0.55" \
stroke-width="{bw:g}" stroke-linecap="round"/>
  <rect x="{cx:g}" y="{cy:g}" width="{cw:g}" height="{ch:g}" rx="{cr:g}" fill="{INK}"/>
  <polygon points="{nib}" fill="{INK}" stroke="{INK}" stroke-width="8" stroke-linejoin="round"/>
  <line x1="{s1x:g}" y1="{s1y:g}" x2="{s2x:g}" y2="{s2y:g}" stroke="{SLIT}" stroke-width="{sw:g}" \
stroke-linecap="round"/>
  <circle cx="{hx:g}" cy="{hy:g}" r="{hr:g}" fill="{SLIT}"/>
</svg>
"""


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / CANVAS, size / CANVAS)

    x, y, w, h, r = TILE
    gradient = QLinearGradient(QPointF(0, y), QPointF(0, y + h))
    gradient.setColorAt(0, QColor(TOP_COLOR))
    gradient.setColorAt(1, QColor(BOTTOM_COLOR))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(QRectF(x, y, w, h), r, r)

    (b1x, b1y), (b2x, b2y), bw = BASELINE
    baseline = QColor(INK)
    baseline.setAlphaF(0.55)
    painter.setPen(QPen(baseline, bw, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(b1x, b1y), QPointF(b2x, b2y))

    cx, cy, cw, ch, cr = COLLAR
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(INK))
    painter.drawRoundedRect(QRectF(cx, cy, cw, ch), cr, cr)

    nib = QPainterPath(QPointF(*NIB[0]))
    for point in NIB[1:]:
        nib.lineTo(QPointF(*point))
    nib.closeSubpath()
    round_join = Qt.PenJoinStyle.RoundJoin
    painter.setPen(QPen(QColor(INK), 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, round_join))
    painter.drawPath(nib)

    (s1x, s1y), (s2x, s2y), sw = SLIT_LINE
    painter.setPen(QPen(QColor(SLIT), sw, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(s1x, s1y), QPointF(s2x, s2y))
    hx, hy, hr = HOLE
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(SLIT))
    painter.drawEllipse(QPointF(hx, hy), hr, hr)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"Qt could not encode a PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO container (ICONDIR + one ICONDIRENTRY per size) holding PNG images."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, payload = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS container: 'icns' + total length, then (type, length, PNG data) per entry."""
    body = b"".join(struct.pack(">4sI", kind, 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: png_bytes(render(size)) for size in sizes}
    written = [OUT / f"{NAME}.svg"]
    written[0].write_text(svg(), encoding="utf-8")
    for size in PNG_SIZES:
        path = OUT / f"{NAME}-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    for path, data in ((OUT / f"{NAME}.ico", ico(pngs)), (OUT / f"{NAME}.icns", icns(pngs))):
        path.write_bytes(data)
        written.append(path)
    for path in written:
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
