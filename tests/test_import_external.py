"""A city's own scenario results ([[scenarios.external]]): an official heavy-rain depth map and link
volumes from its own traffic model become scenario layers of the existing viewer kinds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from layers import InputError, build_city
from layers.manifest import validate_manifest
from tests.tiny_city import X0, Y0, roads_frame

EXTERNAL = """
[[scenarios.external]]
id = "gefahrenkarte"
kind = "flood-depth"
path = "starkregen_tiefe.tif"
label_de = "Starkregengefahrenkarte (extrem)"
label_en = "Heavy-rain hazard map (extreme)"

[[scenarios.external]]
id = "vm-2030"
kind = "traffic-links"
path = "verkehr.gpkg"
fields = {volume_vph = "q_kfz", capacity_vph = "kap"}
"""


def _write_results(city: Path) -> None:
    """Depth 0.4 m on a 60 m × 60 m square around building B001 (EPSG:4326 GeoTIFF, so it must be
    reprojected), dry elsewhere; link volumes on every tiny-city road, the first over capacity.
    """
    res = 0.00002  # degrees, about 1.4–2.2 m
    from pyproj import Transformer

    to_wgs = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    west, south = to_wgs.transform(X0 - 50, Y0 - 50)
    east, north = to_wgs.transform(X0 + 450, Y0 + 450)
    cols, rows = int((east - west) / res), int((north - south) / res)
    transform = from_origin(west, north, res, res)
    cc, rr = np.meshgrid(np.arange(cols) + 0.5, np.arange(rows) + 0.5)
    lon, lat = transform * (cc, rr)
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    x, y = to_utm.transform(lon, lat)
    depth = np.where((x > X0 + 50) & (x < X0 + 110) & (y > Y0 + 50) & (y < Y0 + 110), 0.4, np.nan).astype("float32")
    with rasterio.open(city / "starkregen_tiefe.tif", "w", driver="GTiff", width=cols, height=rows, count=1,
                       dtype="float32", crs="EPSG:4326", transform=transform, nodata=np.nan) as dst:
        dst.write(depth, 1)
    links = roads_frame()[["id", "geometry"]].copy()
    links["q_kfz"] = 400.0
    links["kap"] = 800.0
    links.loc[0, "q_kfz"] = 1000.0
    links.to_file(city / "verkehr.gpkg", driver="GPKG")


def test_external_flood_map_and_link_volumes_become_scenarios(city_copy: Path, tmp_path: Path) -> None:
    _write_results(city_copy)
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace("enabled = []", 'enabled = ["external"]') + EXTERNAL)
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    manifest = validate_manifest(result.manifest)
    layers = {entry["id"]: entry for entry in manifest["layers"]}
    flood, traffic = layers["external-gefahrenkarte"], layers["external-vm-2030"]
    assert flood["kind"] == "flood-depth" and traffic["kind"] == "traffic-links"
    assert flood["data"]["elevation"] == layers["terrain"]["data"]["elevation"]
    assert flood["bounds"] == layers["terrain"]["bounds"]
    scenarios = {s["id"]: s for s in manifest["scenarios"]}
    metrics = {m["key"]: m["value"] for m in scenarios["external-gefahrenkarte"]["metrics"]}
    assert metrics["flooded_area"] == pytest.approx(3600, rel=0.1)  # 60 m × 60 m at 0.4 m
    assert metrics["area_class_2"] == metrics["flooded_area"]  # all of it in 0.3–0.5 m
    assert metrics["buildings_affected"] == 1
    at_buildings = json.loads((result.path / "external_gefahrenkarte_buildings.json").read_text())
    assert at_buildings == {"B001": pytest.approx(0.4, abs=0.01)}
    png = result.path / flood["data"]["texture"]
    from PIL import Image

    picture = np.asarray(Image.open(png).convert("RGBA"))
    assert 0.0005 < (picture[..., 3] > 0).mean() < 0.1  # a wet square on a dry map
    traffic_metrics = {m["key"]: m["value"] for m in scenarios["external-vm-2030"]["metrics"]}
    assert traffic_metrics["links_over_capacity"] == 1 and traffic_metrics["links"] == len(roads_frame())
    records = json.loads((result.path / traffic["data"]).read_text())
    assert len(records) == len(roads_frame()) and all(len(r["p"]) >= 2 for r in records)
    rows = json.loads((result.path / traffic["attributes"]).read_text())
    assert rows["rows"]["R001"] == [1000.0, 800.0, 1.25]


def test_changed_result_file_rebuilds(city_copy: Path, tmp_path: Path) -> None:
    _write_results(city_copy)
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace("enabled = []", 'enabled = ["external"]') + EXTERNAL)
    first = build_city(city_copy, build_root=tmp_path, progress=False)
    with rasterio.open(city_copy / "starkregen_tiefe.tif", "r+") as dst:
        band = dst.read(1)
        dst.write(np.where(np.isfinite(band), 0.8, np.nan).astype("float32"), 1)
    second = build_city(city_copy, build_root=tmp_path, progress=False)
    assert not second.cached and second.path != first.path


def test_missing_result_file_is_named(city_copy: Path, tmp_path: Path) -> None:
    toml = city_copy / "city.toml"
    toml.write_text(toml.read_text().replace("enabled = []", 'enabled = ["external"]') + EXTERNAL)
    with pytest.raises(InputError, match=r"starkregen_tiefe\.tif \[scenarios\.external\[0\]\.path\]: The result file "
                                         r"of external scenario gefahrenkarte does not exist"):
        build_city(city_copy, build_root=tmp_path, progress=False)
