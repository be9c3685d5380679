"""Values at a point of the heavy-rain maps (layers.flood.point_values → viewer.point_values): a tap
on open ground reads the value and class that the map draws there.
"""

from __future__ import annotations

import numpy as np
import rasterio
from PIL import Image
from pyproj import Transformer

from layers.flood.hazard import HAZARD_CLASSES, velocity_class
from tests.tiny_city import CRS, X0, Y0
from viewer.point_values import PointValues, point_table

LAYERS = ["terrain", "flood-stark", "flood-velocity-stark", "flood-hazard-stark", "flood-change-stark-entsiegelung"]


def _lon_lat(x: float, y: float) -> tuple[float, float]:
    return Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)


def _layer(build, layer_id: str) -> dict:
    return next(entry for entry in build.manifest["layers"] if entry["id"] == layer_id)


def test_every_drawn_map_has_point_values_on_its_overlay_grid(flood_build) -> None:
    for layer_id in LAYERS[1:]:
        layer = _layer(flood_build, layer_id)
        index = np.asarray(Image.open(flood_build.path / layer["data"]["texture"]))
        with np.load(flood_build.path / layer["point"]["data"]) as data:
            assert data["class"].shape == index.shape == data["value"].shape, layer_id
            assert np.array_equal(data["class"], index), layer_id  # the class the colour shows
            assert (data["value"][index == 0] == 0).all(), layer_id


def test_the_square_reads_its_depth_speed_hazard_and_change(flood_build) -> None:
    # A model cell's centre in the sunken square; its water stands level, so the depth grows 10 cm a
    # cell southwards (2 % slope): the point grid (about 3 m pixels) may sit 4 cm off the cell's value.
    x, y = X0 + 202.5, Y0 + 197.5
    found = {value_label["en"].split(" (")[0]: (value, unit, legend)
             for value_label, value, unit, _, legend in PointValues(flood_build.path, flood_build.manifest)
             .lookup(*_lon_lat(x, y), LAYERS)}
    assert list(found) == ["Max. water depth here", "Max. flow velocity here", "Max. hazard rating HR here",
                           "Change of max. depth here"]
    depth_layer = _layer(flood_build, "flood-stark")
    with rasterio.open(flood_build.path / depth_layer["rasters"]["max_depth"]) as src:
        row, col = src.index(x, y)
        depth_m = float(src.read(1)[row, col])
    with rasterio.open(flood_build.path / depth_layer["rasters"]["max_velocity"]) as src:
        speed = float(np.nan_to_num(src.read(1)[row, col]))
    depth_cm, unit, legend = found["Max. water depth here"]
    assert unit == "cm" and abs(depth_cm - depth_m * 100) <= 4 and depth_m > 0.3
    klass = int(np.digitize(depth_cm / 100, depth_layer["depth_classes_m"]))
    assert legend == depth_layer["legend"]["items"][klass - 1]["label"]
    velocity, unit, legend = found["Max. flow velocity here"]
    assert unit == "m/s" and abs(velocity - speed) <= 0.02
    assert legend == _layer(flood_build, "flood-velocity-stark")["legend"]["items"][
        int(velocity_class(np.array([velocity]), np.array([depth_m]), wet_m=0.1)[0]) - 1]["label"]
    rating, _, legend = found["Max. hazard rating HR here"]
    # HR = d (v + 0.5) + 1 (the debris factor of water deeper than 0.25 m)
    assert abs(rating - (depth_m * (speed + 0.5) + 1.0)) <= 0.06
    assert legend == _layer(flood_build, "flood-hazard-stark")["legend"]["items"][
        int(np.digitize(rating, HAZARD_CLASSES))]["label"]   # class k + 1 is item k
    change, unit, legend = found["Change of max. depth here"]
    assert unit == "cm" and change < 0 and legend["en"].startswith("shallower")   # the unsealing in the square


def test_dry_ground_and_points_outside_the_city_say_so(flood_build) -> None:
    points = PointValues(flood_build.path, flood_build.manifest)
    lon, lat = _lon_lat(X0 + 10, Y0 + 390)   # a corner on a slope: no water stands there
    dry = points.lookup(lon, lat, ["flood-velocity-stark"])
    assert len(dry) == 1 and dry[0][1] == 0 and dry[0][4] is None
    assert "keine Farbe" in str(point_table(dry, lon, lat, "de"))
    assert points.lookup(lon + 1.0, lat, LAYERS) == []       # a degree east: outside every map
    assert points.lookup(lon, lat, ["terrain", "buildings"]) == []   # layers without point values
    assert points.lookup(float("nan"), lat, LAYERS) == []
