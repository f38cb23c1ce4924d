"""Packs the PNG icons into packaging/windows/ascent-viewer.ico (PNG-compressed entries)."""
import struct

sizes = [16, 24, 32, 48, 64, 128, 256]
images = [open(f"{n}x{n}.png", "rb").read() for n in sizes]
header = struct.pack("<HHH", 0, 1, len(images))
offset = 6 + 16 * len(images)
entries = b""
for n, data in zip(sizes, images):
    entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open("../windows/ascent-viewer.ico", "wb") as f:
    f.write(header + entries + b"".join(images))
