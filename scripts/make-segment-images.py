#!/usr/bin/env python3
"""Draws the pictures the shipped quizzes name below Public/:

- a 1200x630 card (the Open Graph size) for every segment image, one per locale where the quiz gives one per locale, so
  that a share carries the player's language;
- a 320x320 picture for every picture answer, and a 192x192 one for every product.

Run after adding a segment, an answer picture or a product, then commit the PNGs:
`python3 scripts/make-segment-images.py`. Needs Pillow (`pip install pillow`) and the DejaVu fonts (Debian's
fonts-dejavu-core). A picture that already exists is drawn again only with `--force`.
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


def draw_tile(path, size, label, palette, seed):
    """A square picture: the palette's colours, a shape chosen by `seed`, and `label` (at most 3 letters) in the middle."""
    dark, light = palette
    image = Image.new("RGB", (size, size), light)
    draw = ImageDraw.Draw(image)
    for y in range(size):  # a soft diagonal light
        shade = tuple(int(c * (0.75 + 0.25 * y / size)) for c in light)
        draw.line([(0, y), (size, y)], fill=shade)
    m = size // 8
    shapes = [
        lambda: draw.ellipse([m, m, size - m, size - m], fill=dark),  # a sun
        lambda: draw.polygon([(size // 2, m), (size - m, size - m), (m, size - m)], fill=dark),  # a peak
        lambda: draw.rounded_rectangle([m, size // 3, size - m, size - m], radius=size // 10, fill=dark),  # a bench
        lambda: draw.pieslice([m, m, size - m, size - m], 200, 340, fill=dark),  # a cup's rim
    ]
    shapes[seed % len(shapes)]()
    font = fitted_font(draw, label, size - 2 * m, size // 3)
    width = draw.textlength(label, font=font)
    draw.text(((size - width) / 2, size / 2 - font.size / 2), label, font=font, fill=(255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=24).save(path, optimize=True)


def pictures_of(quiz):
    """(path, draw) for every local picture the quiz names."""
    locales = quiz["locales"]
    for index, segment in enumerate(quiz["segments"]):
        palette = PALETTES[index % len(PALETTES)]
        image = segment.get("image")
        paths = image if isinstance(image, dict) else {locales[0]: image} if image else {}
        for locale, path in paths.items():
            title, subtitle = text_of(segment["title"], locale), text_of(quiz["title"], locale)
            yield path, lambda target, t=title, s=subtitle, p=palette, i=index: draw_card(target, t, s, p, i)
        for number, product in enumerate(segment.get("products", [])):
            if product.get("image"):
                label = "".join(word[0] for word in text_of(product["title"], locales[0]).split()[:3]).upper()
                yield product["image"], lambda target, l=label, p=palette, n=number: draw_tile(target, 192, l, p, n)
    for question in quiz["questions"]:
        for number, answer in enumerate(question.get("answers", [])):
            if answer.get("image"):
                label = "".join(word[0] for word in text_of(answer["text"], locales[0]).split()[:2]).upper()
                palette = PALETTES[number % len(PALETTES)]
                yield answer["image"], lambda target, l=label, p=palette, n=number: draw_tile(target, 320, l, p, n)


def main():
    force = "--force" in sys.argv[1:]
    for quiz_file in sorted((ROOT / "Quizzes").glob("*.json")):
        if quiz_file.name.endswith(".schema.json"):
            continue
        quiz = json.loads(quiz_file.read_text())
        for image, draw in pictures_of(quiz):
            if image.startswith("https://"):
                continue
            path = ROOT / "Public" / image
            if path.exists() and not force:
                continue
            draw(path)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
