"""Renders ascent-viewer.svg's design to the hicolor PNG sizes (no SVG library needed).

Run from this folder: python3 render.py. Shapes: a rounded dark square, four rounded cells in
the cluster colours, a white rising line. 4x4 supersampling for smooth edges.
"""
import struct
import zlib

BG = (0x26, 0x32, 0x38)
CELLS = [((36, 36), (0x2E, 0x7D, 0x32)), ((134, 36), (0x15, 0x65, 0xC0)),
         ((36, 134), (0xEF, 0x8F, 0x00)), ((134, 134), (0x7B, 0x1F, 0xA2))]
LINE = [(58, 96), (79, 72), (99, 84), (106, 62)]


def in_rounded(x, y, x0, y0, w, h, r):
    if not (x0 <= x <= x0 + w and y0 <= y <= y0 + h):
        return False
    cx = min(max(x, x0 + r), x0 + w - r)
    cy = min(max(y, y0 + r), y0 + h - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def near_line(x, y, width):
    for (ax, ay), (bx, by) in zip(LINE, LINE[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        if (x - px) ** 2 + (y - py) ** 2 <= (width / 2) ** 2:
            return True
    return False


def color_at(x, y):
    """The colour (with alpha) at a point of the 256x256 design."""
    if near_line(x, y, 9):
        return (255, 255, 255, 255)
    for (cx, cy), c in CELLS:
        if in_rounded(x, y, cx, cy, 86, 86, 14):
            return c + (255,)
    if in_rounded(x, y, 8, 8, 240, 240, 40):
        return BG + (255,)
    return (0, 0, 0, 0)


def render(size, ss=4):
    rows = []
    scale = 256.0 / size
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    c = color_at((px + (sx + 0.5) / ss) * scale, (py + (sy + 0.5) / ss) * scale)
                    a = c[3]
                    acc[0] += c[0] * a
                    acc[1] += c[1] * a
                    acc[2] += c[2] * a
                    acc[3] += a
            n = ss * ss
            alpha = acc[3] / n
            if acc[3]:
                row += bytes([round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(alpha)])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


for n in (16, 24, 32, 48, 64, 128, 256, 512):
    with open(f"{n}x{n}.png", "wb") as f:
        f.write(render(n, 4 if n <= 256 else 2))
