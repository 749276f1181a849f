"""Development only: draw the hubdesk application icon (PNG sizes + Windows .ico) with Qt.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python build/dev/make_icon.py"""

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "icons"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    r = QRectF(size * 0.04, size * 0.04, size * 0.92, size * 0.92)
    path = QPainterPath()
    path.addRoundedRect(r, size * 0.2, size * 0.2)
    p.fillPath(path, QBrush(QColor("#0f6e5a")))
    # a leaf (herbal cluster) crossed by a cell (regenerative hub)
    p.setPen(QPen(QColor("#ffffff"), max(1.0, size * 0.06)))
    p.setBrush(Qt.NoBrush)
    p.drawEllipse(QRectF(size * 0.22, size * 0.22, size * 0.56, size * 0.56))
    p.setBrush(QBrush(QColor("#b8f0d8")))
    p.setPen(Qt.NoPen)
    p.drawEllipse(QRectF(size * 0.40, size * 0.40, size * 0.20, size * 0.20))
    if size >= 48:
        f = QFont()
        f.setPixelSize(int(size * 0.16))
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("#ffffff"))
        p.drawText(QRectF(0, size * 0.78, size, size * 0.2), Qt.AlignHCenter | Qt.AlignTop, "hub")
    p.end()
    return img


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for s in (16, 32, 48, 256):
        draw(s).save(str(OUT / f"hubdesk-{s}.png"))
    draw(256).save(str(OUT / "hubdesk.ico"))
    print("icons written to", OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
