"""The print view (assets/33-print.js): page.pdf() of a heavy-rain view, rasterised with pypdfium2.

Checks that the page is one landscape A4 (or A3) sheet, that its map area holds the map's pixels
(the PNG export's map part, with water in it — not a blank box), and that the texts are there:
title, scenario, legend, key figures, date, build hash, attribution; a scale bar only top-down.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pyproj import Transformer

from tests.e2e.browser import open_map, wait_settled
from tests.tiny_city import CRS, X0, Y0

pytestmark = pytest.mark.browser
pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (test extra) rasterises the PDF")

MM_PT = 72 / 25.4
MARGIN_MM = {"a4": 8.0, "a3": 10.0}  # the @page margins of assets/33-print.css
PAGE_MM = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}


@pytest.fixture
def page(chromium, flood_server):
    context, page, network, errors = open_map(chromium, flood_server + "/")
    yield page
    assert not network.blocked, network.blocked
    assert not [e for e in errors if "print" in e.lower()], errors
    context.close()


def _print(page, size: str, pitch: float) -> tuple[pdfium.PdfDocument, dict]:
    page.evaluate("() => window.urbanTwin.showLayers(['terrain', 'buildings', 'flood-stark'])")
    page.evaluate(f"() => window.urbanTwin.flyTo({{pitch: {pitch}, bearing: 0}}, 0)")
    wait_settled(page)
    page.evaluate(f"() => window.urbanTwin.print.prepare('{size}').then(() => true)")
    page.emulate_media(media="print")
    box = page.evaluate("""() => {
        const sheet = document.getElementById('print-sheet').getBoundingClientRect();
        const img = document.querySelector('.print-map-image');
        const r = img.getBoundingClientRect();
        return {x: r.left - sheet.left, y: r.top - sheet.top, w: r.width, h: r.height, src: img.toDataURL(),
                figurePx: r.width,
                barPx: (document.querySelector('.print-scale-bar') || {getBoundingClientRect: () => ({})})
                    .getBoundingClientRect().width};
    }""")
    pdf = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True, print_background=True))
    page.emulate_media(media="screen")
    return pdf, box


def _map_area(pdf: pdfium.PdfDocument, box: dict, size: str, scale: float = 2.0) -> tuple[np.ndarray, Image.Image]:
    """The PDF's map area (as the print CSS placed it) rasterised, and the whole page."""
    image = pdf[0].render(scale=scale).to_pil().convert("RGB")
    px = scale * 72 / 96  # CSS px → PDF points → raster px
    x0 = MARGIN_MM[size] * MM_PT * scale + box["x"] * px
    y0 = MARGIN_MM[size] * MM_PT * scale + box["y"] * px
    crop = image.crop((round(x0) + 2, round(y0) + 2, round(x0 + box["w"] * px) - 2, round(y0 + box["h"] * px) - 2))
    return np.asarray(crop).astype(np.int16), image


def _source(box: dict, shape: tuple[int, int]) -> np.ndarray:
    png = base64.b64decode(box["src"].split(",", 1)[1])
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = picture.size
    inset = (2 * width / shape[1], 2 * height / shape[0])
    picture = picture.crop((inset[0], inset[1], width - inset[0], height - inset[1])).resize((shape[1], shape[0]))
    return np.asarray(picture).astype(np.int16)


def test_a4_top_down_page_holds_the_map_texts_and_a_scale_bar(page, flood_build, tmp_path: Path) -> None:
    pdf, box = _print(page, "a4", pitch=0)
    assert len(pdf) == 1
    width_pt, height_pt = pdf[0].get_size()
    assert (width_pt, height_pt) == pytest.approx(tuple(mm * MM_PT for mm in PAGE_MM["a4"]), abs=1.5)  # landscape
    area, whole = _map_area(pdf, box, "a4")
    whole.save(tmp_path / "print-a4.png")
    source = _source(box, area.shape[:2])
    assert np.abs(area - source).mean() < 10              # the map's own pixels, where the page puts them
    assert np.abs(area - 255).mean() > 40                  # not a blank (white) box
    blue = (area[..., 2] > area[..., 0] + 40) & (area[..., 2] > 120)
    assert blue.mean() > 0.002                              # the flooded square is in it
    text = pdf[0].get_textpage().get_text_range()
    manifest = flood_build.manifest
    for expected in ("Tiny Town", "Test-Starkregen", "Legende", "Kennzahlen", "Betroffene Gebäude",
                     manifest["build"]["input_hash"][:12], "Gedruckt am", "Synthetische Beispieldaten", "N"):
        assert expected.lower() in text.lower(), expected
    assert page.locator(".print-scale-text").count() == 1 and page.locator(".print-tilted").count() == 0
    assert page.locator(".print-scale-text").inner_text() in text.replace("\r\n", " ")
    # The bar, measured on the printed page, against 100 m of the city projected by deck.gl's viewport.
    lon_lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    (lon0, lat0), (lon1, lat1) = (lon_lat.transform(X0 + 150, Y0 + 200), lon_lat.transform(X0 + 250, Y0 + 200))
    screen_px_per_100m = page.evaluate(f"""() => {{
        const viewport = window.urbanTwin.deck.getViewports()[0];
        const a = viewport.project([{lon0}, {lat0}, 154]), b = viewport.project([{lon1}, {lat1}, 154]);
        return Math.hypot(b[0] - a[0], b[1] - a[1]);
    }}""")  # 154 m: the ground at the view's centre (tests/tiny_city.dem_array)
    map_css_px = page.evaluate("""() => {  // the printed map's width in CSS px of the map on screen
        const canvas = window.urbanTwin.deck.getCanvas(), img = document.querySelector('.print-map-image');
        return img.width * canvas.clientWidth / canvas.width;
    }""")
    metres_per_printed_px = 100 / screen_px_per_100m * map_css_px / box["figurePx"]
    bar_m = float(page.locator(".print-scale-text").inner_text().split()[0].replace(".", "").replace(",", "."))
    assert box["barPx"] * metres_per_printed_px == pytest.approx(bar_m, rel=0.03)


def test_a3_tilted_page_says_there_is_no_single_scale(page) -> None:
    pdf, box = _print(page, "a3", pitch=45)
    width_pt, height_pt = pdf[0].get_size()
    assert (width_pt, height_pt) == pytest.approx(tuple(mm * MM_PT for mm in PAGE_MM["a3"]), abs=1.5)
    text = pdf[0].get_textpage().get_text_range()
    assert "kein einheitlicher Maßstab" in text
    assert page.locator(".print-scale").count() == 0
    area, _ = _map_area(pdf, box, "a3")
    assert np.abs(area - _source(box, area.shape[:2])).mean() < 10


def test_velocity_and_hazard_maps_print_with_their_legends(page) -> None:
    page.evaluate("() => window.urbanTwin.showLayers(['terrain', 'buildings', 'flood-velocity-stark', "
                  "'flood-hazard-stark'])")
    wait_settled(page)
    page.evaluate("() => window.urbanTwin.print.prepare('a4').then(() => true)")
    sheet = page.locator("#print-sheet").inner_text()
    for expected in ("Fließgeschwindigkeit: Test-Starkregen", "0,5–2,0 m/s", "> 2,0 m/s",
                     "Gefahr (Tiefe × Geschwindigkeit): Test-Starkregen", "gering (Vorsicht): HR < 0,75",
                     "extrem (Gefahr für alle): HR ≥ 2,0",
                     # each legend's scheme and note, as on the map's legend
                     "Max. Fließgeschwindigkeit (Klassen nach LUBW 2016)",
                     "Gefahrenwert HR = d·(v+0,5)+DF nach Defra/EA FD2320 (2006)"):
        assert expected in sheet, expected
    swatches = page.evaluate("() => [...document.querySelectorAll('#print-sheet .print-swatch')]"
                             ".map(s => getComputedStyle(s).backgroundColor)")
    assert "rgb(128, 0, 38)" in swatches and "rgb(174, 1, 126)" in swatches  # extreme hazard; 0.5–2 m/s
