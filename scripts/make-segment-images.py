#!/usr/bin/env python3
"""Draws a 1200x630 PNG (the Open Graph card size) for every segment image a quiz names.

Run once after adding a segment, then commit the PNGs: `python3 scripts/make-segment-images.py`.
Needs Pillow (`pip install pillow`) and the DejaVu fonts (Debian's fonts-dejavu-core).
"""
import json
import pathlib
import sys

from PIL import Image, ImageDraw, ImageFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1200, 630
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PALETTES = [((15, 107, 79), (242, 179, 61)), ((26, 86, 219), (125, 211, 252)),
            ((180, 35, 24), (253, 186, 116)), ((88, 28, 135), (216, 180, 254))]


def text_of(value, locale):
    return value if isinstance(value, str) else value[locale]


def fitted_font(draw, text, max_width, start_size):
    size = start_size
    while size > 24:
        font = ImageFont.truetype(FONT, size)
        if draw.textlength(text, font=font) <= max_width:
            return font
        size -= 4
    return ImageFont.truetype(FONT, size)


def draw_card(path, title, subtitle, palette, seed):
    dark, light = palette
    image = Image.new("RGB", (WIDTH, HEIGHT), dark)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):  # vertical gradient towards a darker shade
        shade = tuple(int(c * (1 - 0.35 * y / HEIGHT)) for c in dark)
        draw.line([(0, y), (WIDTH, y)], fill=shade)
    # A golf ball on a tee of the segment's accent colour, placed by the segment's position.
    cx, cy, r = 930 + 20 * seed, 300, 150
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 250, 245))
    for row in range(-3, 4):
        for col in range(-3, 4):
            x, y = cx + col * 40 + (20 if row % 2 else 0), cy + row * 40
            if (x - cx) ** 2 + (y - cy) ** 2 < (r - 22) ** 2:
                draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(222, 224, 218))
    draw.polygon([(cx - 40, cy + r), (cx + 40, cy + r), (cx + 10, cy + r + 60), (cx - 10, cy + r + 60)], fill=light)
    draw.rectangle([cx - 10, cy + r + 60, cx + 10, HEIGHT], fill=light)
    draw.text((70, 150), subtitle, font=fitted_font(draw, subtitle, 620, 40), fill=light)
    draw.text((70, 230), title, font=fitted_font(draw, title, 660, 96), fill=(255, 255, 255))
    draw.rectangle([70, 370, 230, 380], fill=light)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=64).save(path, optimize=True)


def main():
    for quiz_file in sorted((ROOT / "Quizzes").glob("*.json")):
        if quiz_file.name.endswith(".schema.json"):
            continue
        quiz = json.loads(quiz_file.read_text())
        locale = quiz["locales"][0]
        for index, segment in enumerate(quiz["segments"]):
            image = segment.get("image")
            if not image or image.startswith("https://"):
                continue
            path = ROOT / "Public" / image
            draw_card(path, text_of(segment["title"], locale), text_of(quiz["title"], locale), PALETTES[index % len(PALETTES)], index)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
