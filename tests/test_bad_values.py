"""Bad values: ±inf and NaN, absurd and unusual numbers, hostile city.toml values, a CRS that is not
true to scale, a DEM too large for the memory (layers.importers.plausible, layers.config_values,
layers.crs_scale, layers.importers.limits).

Every refusal names the file, the field (and the feature) and the fix, comes before any model runs
(the scenario builders are replaced by ones that fail the test if called), and leaves the previous
build byte-identical. Absurd feature values are dropped and counted with their ids instead, unless
``strict = true``.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.transform import from_origin
from shapely.geometry import Polygon, box

import layers.scenarios
from layers import InputError, build_city
from layers.crs_scale import scale_error
from layers.importers.limits import BYTES_PER_DEM_CELL, check_dem_fits
from tests.tiny_city import CRS, X0, Y0, buildings_frame, dem_array, roads_frame, write_dem


def _edit(city: Path, old: str, new: str) -> None:
    toml = city / "city.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")


def _buildings(city: Path, **changes: tuple[int, str, object]) -> None:
    """Rewrite buildings.fgb with ``field=(row, value)`` changes."""
    frame = buildings_frame()
    for name, (row, value) in changes.items():
        column = name.removesuffix("_")
        frame[column] = frame[column].astype(float) if isinstance(value, float) else frame[column]
        frame.loc[row, column] = value
    frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")


def _no_dem(city: Path, ground: str) -> None:
    _edit(city, 'dem = "dem.tif"\n', "")
    _edit(city, "[city]\n", f"[city]\nground_m = {ground}\n")


def _strict(city: Path) -> None:
    _edit(city, 'buildings = "buildings.fgb"', 'buildings = {path = "buildings.fgb", strict = true}')


def _maxspeed_inf(city: Path) -> None:
    frame = roads_frame()
    frame["maxspeed"] = frame["maxspeed"].astype(float)
    frame.loc[1, "maxspeed"] = math.inf
    frame.to_file(city / "roads.fgb", driver="FlatGeobuf")


def _dem_undeclared_nodata(city: Path) -> None:
    z = dem_array()
    z[:3, :3] = np.finfo("float32").min   # what many tools write where there is no data
    write_dem(city / "dem.tif", z)


def _stray_building(city: Path) -> None:
    frame = buildings_frame()
    frame.loc[0, "geometry"] = box(X0 + 300_000, Y0, X0 + 300_010, Y0 + 10)   # 300 km east: a typo
    frame.to_file(city / "buildings.fgb", driver="FlatGeobuf")
    _edit(city, 'dem = "dem.tif"\n', "")


def _dem(city: Path, z: np.ndarray, transform) -> None:
    with rasterio.open(city / "dem.tif", "w", driver="GTiff", width=z.shape[1], height=z.shape[0], count=1,
                       dtype="float32", crs=CRS, transform=transform) as dst:
        dst.write(z.astype("float32"), 1)


BAD = {
    # 1. ±inf / NaN: refused, naming file, field, feature and fix
    "height inf": (
        lambda c: _buildings(c, height_m=(2, math.inf)),
        r"buildings\.fgb \[height_m of B003\]: 1 building\(s\) have an infinite height_m: B003 \(inf\)\. "
        r"Fix: Correct height_m of these features in the file, or empty it",
    ),
    "storeys inf": (
        lambda c: _buildings(c, height_m=(3, math.nan), storeys=(3, math.inf)),
        r"buildings\.fgb \[storeys of B004\]: .*infinite storeys: B004 \(inf\).*Fix:",
    ),
    "residents -inf": (
        lambda c: _buildings(c, residents=(5, -math.inf)),
        r"buildings\.fgb \[residents of B006\]: .*B006 \(-inf\).*Fix:",
    ),
    "maxspeed inf": (
        _maxspeed_inf,
        r"roads\.fgb \[maxspeed of R002\]: 1 road\(s\) have an infinite maxspeed.*Fix:.*"
        r"the default speed of the road's class",
    ),
    "default_height_m = inf": (
        lambda c: _edit(
            c, 'buildings = "buildings.fgb"', 'buildings = {path = "buildings.fgb", default_height_m = inf}'
        ),
        r"city\.toml \[inputs\.buildings\.default_height_m\]: .* = inf is not a finite number\. "
        r"Fix: Write default_height_m = <a number within 1 … 1000 m>",
    ),
    "ground_m = nan": (
        lambda c: _no_dem(c, "nan"),
        r"city\.toml \[city\.ground_m\]: city\.ground_m = nan is not a finite",
    ),
    "ground_m = inf": (
        lambda c: _no_dem(c, "inf"),
        r"city\.toml \[city\.ground_m\]: city\.ground_m = inf is not a finite",
    ),
    "ground_m = 1e300": (
        lambda c: _no_dem(c, "1e300"),
        r"\[city\.ground_m\]: city\.ground_m = 1e\+300 cannot be right: it lies outside -500 … 9000 m",
    ),
    "view zoom = nan": (lambda c: _edit(c, "zoom = 16.5", "zoom = nan"), r"\[view\.zoom\]: view\.zoom = nan is not"),
    # 2. absurd values: refused with strict = true, config values that cannot be right always
    "strict: 10,000 m height": (
        lambda c: (_strict(c), _buildings(c, height_m=(4, 10_000.0))),
        r"buildings\.fgb \[height_m of B005\]: 1 building\(s\) have height_m above 1000 m, "
        r"beyond any real building: B005 \(10000\)\. Fix: .*remove strict = true",
    ),
    "strict: storeys = 1e9": (
        lambda c: (_strict(c), _buildings(c, storeys=(1, 1e9))),
        r"\[storeys of B002\]: .*storeys above 200.*B002 \(1e\+09\)",
    ),
    "default_height_m = 1e12": (
        lambda c: _edit(
            c, 'buildings = "buildings.fgb"', 'buildings = {path = "buildings.fgb", default_height_m = 1e12}'
        ),
        r"\[inputs\.buildings\.default_height_m\]: .* = 1e\+12 cannot be right: it lies outside "
        r"1 … 1000 m\. Fix:",
    ),
    "storey_height_m = 0.01": (
        lambda c: _edit(
            c, 'buildings = "buildings.fgb"', 'buildings = {path = "buildings.fgb", storey_height_m = 0.01}'
        ),
        r"\[inputs\.buildings\.storey_height_m\]: .*cannot be right",
    ),
    "rain for a billion minutes": (
        lambda c: _edit(c, "[view]", "[scenarios.starkregen]\nrain_after_min = 1e9\n\n[view]"),
        r"\[scenarios\.starkregen\.rain_after_min\]: .*1e\+09 cannot be right: it lies above "
        r"1440 min",
    ),
    # 4. a working CRS that is not true to scale
    "Web Mercator": (
        lambda c: _edit(c, 'crs = "EPSG:25832"', 'crs = "EPSG:3857"'),
        r"city\.toml \[city\.crs\]: The working CRS EPSG:3857 distorts lengths over this city \(the buildings span "
        r"0\.\d × 0\.\d km\) by up to "
        r"5\d\.\d%.*Fix: Use crs = \"auto\" \(here EPSG:32632, the UTM zone of the data\)",
    ),
    # 6. a DEM too large for the memory (the limit set as a kiosk machine or container would)
    "DEM larger than the memory": (
        lambda c: None,
        r"dem\.tif \[inputs\.dem\.resolution_m\]: The DEM has 40,000 cells of 2 m; the build "
        r"needs about 75 bytes per cell, 3 MiB.*Fix: Read it coarser: resolution_m = 2\.5 under "
        r"\[inputs\.dem\]",
    ),
    "flat DEM over a stray building": (
        _stray_building,
        r"city\.toml \[inputs\.dem\]: No DEM is named, and a flat one over the data "
        r"\(300\.0 × 0\.4 km\) would not fit.*Fix: Look for features far away",
    ),
    # tried as a hostile user
    "city.toml in Latin-1": (
        lambda c: (c / "city.toml").write_bytes(
            (c / "city.toml").read_text(encoding="utf-8").replace("Tiny Town", "Tiny Töwn").encode("latin-1")
        ),
        r"city\.toml: This file is not UTF-8 text.*Fix: Save it as UTF-8",
    ),
    "enabled is not a list": (
        lambda c: _edit(c, "enabled = []", 'enabled = "starkregen"'),
        r"\[scenarios\.enabled\]: scenarios\.enabled = 'starkregen' is not a list of names",
    ),
    "input is a number": (
        lambda c: _edit(c, 'roads = "roads.fgb"', "roads = 5"),
        r"\[inputs\.roads\]: inputs\.roads = 5 is not a file name or a table",
    ),
    "synthetic is a text": (
        lambda c: _edit(c, "synthetic = true", 'synthetic = "nein"'),
        r"\[city\.synthetic\]: city\.synthetic = 'nein' is not true or false",
    ),
    "fields map the geometry": (
        lambda c: _edit(
            c, 'buildings = "buildings.fgb"', 'buildings = {path = "buildings.fgb", fields = {height_m = "geometry"}}'
        ),
        r"\[inputs\.buildings\.fields\]: \[inputs\.buildings\] fields maps the geometry",
    ),
    "DEM of one cell": (
        lambda c: _dem(c, np.full((1, 1), 150.0), from_origin(X0, Y0 + 400, 400, 400)),
        r"dem\.tif: The DEM has only 1 × 1 cells of 400 \(CRS units\): too few.*Fix:",
    ),
    "rotated DEM": (
        lambda c: _dem(c, dem_array(), Affine.rotation(20) * from_origin(X0, Y0 + 400, 2, 2)),
        r"dem\.tif: The DEM's grid is rotated.*Fix: Warp it north-up first \(`gdalwarp -t_srs EPSG:25832",
    ),
    "DEM with undeclared nodata": (
        _dem_undeclared_nodata,
        r"dem\.tif \[elevation\]: The DEM has 9 cell\(s\) outside -500 … 9000 m.*nodata cells "
        r"whose value the file does not declare\. Fix: Declare the nodata value",
    ),
}


@pytest.fixture(scope="module")
def good_root(tiny_city_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build root holding one good build of the tiny city (copied for each test)."""
    root = tmp_path_factory.mktemp("good") / "builds"
    build_city(tiny_city_dir, build_root=root, progress=False)
    return root


def _forbid_models(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace every scenario builder by one that records its call and fails."""
    ran: list[str] = []
    for key in list(layers.scenarios.SCENARIO_BUILDERS):
        def builder(context: object, key: str = key) -> None:
            ran.append(key)
            raise RuntimeError(f"the {key} model ran although the input is bad")
        monkeypatch.setitem(layers.scenarios.SCENARIO_BUILDERS, key, builder)
    return ran


@pytest.mark.parametrize("case", list(BAD))
def test_bad_value_is_named_before_any_model_runs_and_previous_build_survives(
        case: str, city_copy: Path, good_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(shutil.copytree(good_root, tmp_path / "builds", symlinks=True))
    good = (root / "tiny-town").resolve()
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    breaker, message = BAD[case]
    if "enabled = []" in (city_copy / "city.toml").read_text(encoding="utf-8") and case != "enabled is not a list":
        _edit(city_copy, "enabled = []", 'enabled = ["starkregen"]')   # a model would run next
    breaker(city_copy)
    if case == "DEM larger than the memory":
        monkeypatch.setenv("TWIN_BUILD_MEMORY", "4M")   # 40,000 cells × 75 B = 3 MiB > 60 % of 4 MiB
    if case == "flat DEM over a stray building":
        monkeypatch.setenv("TWIN_BUILD_MEMORY", "1G")
    ran = _forbid_models(monkeypatch)
    with pytest.raises(InputError, match=message) as info:
        build_city(city_copy, build_root=root, progress=False)
    assert ran == [] and "Fix:" in str(info.value)
    assert (root / "tiny-town").resolve() == good
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    assert sorted(p.name for p in root.iterdir()) == sorted(["tiny-town", good.name])   # no temporary folder left


def _import_notes(result) -> str:
    return "\n".join(result.manifest["build"]["import"])


def test_absurd_values_drop_their_features_and_count_them_with_ids(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    frame["height_m"] = frame["height_m"].astype(float)
    frame["storeys"] = frame["storeys"].astype(float)
    frame.loc[1, "height_m"] = 10_000.0                          # B002: 10 km tall
    frame.loc[5, ["height_m", "storeys"]] = [math.nan, 1e9]      # B006: a billion storeys, no height
    x, y = X0 + 100, Y0 + 100
    frame.loc[8, "geometry"] = box(x, y, x + 0.05, y + 0.05)     # B009: 25 cm², nothing to show
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    dropped = result.manifest["build"]["dropped"]["buildings"]
    assert dropped["count"] == 3 and sorted(dropped["ids"]) == ["B002", "B006", "B009"]   # in the file's order
    assert dropped["fields"] == {"height_m": 1, "storeys": 1, "area_m2": 1}
    notes = _import_notes(result)
    assert "buildings: 1 dropped, height_m above 1000 m: B002 (10000)" in notes
    assert "buildings: 1 dropped, storeys above 200: B006 (1e+09)" in notes
    assert "buildings: 1 dropped, area_m2 outside 0.01 … 2e+06 m²: B009 (0.0025)" in notes
    layer = {e["id"]: e for e in result.manifest["layers"]}["buildings"]
    assert layer["count"] == 13 and layer["stats"]["max_height_m"] == 18.0
    rows = json.loads((result.path / "buildings_attributes.json").read_text(encoding="utf-8"))["rows"]
    assert "B002" not in rows and "B006" not in rows and "B001" in rows and "B016" in rows


def test_unusual_and_missing_values_are_kept_and_counted(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    frame["height_m"] = frame["height_m"].astype(float)
    frame["residents"] = frame["residents"].astype(float)
    frame.loc[0, "height_m"] = 420.0        # B001: taller than anything in Germany, but real elsewhere
    frame.loc[1, "height_m"] = -5.0         # B002: negative: missing, from its storeys
    frame.loc[2, "residents"] = math.nan    # B003: no residents given
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    notes = _import_notes(result)
    assert "buildings: 1 with an unusual height_m above 300 m, kept: B001 (420)" in notes
    assert "buildings: 1 with height_m below 0 m (treated as missing: storeys × storey_height_m, else " \
           "default_height_m): B002 (-5)" in notes
    assert "buildings: 1 without residents, counted as 0 (first: B003)" in notes
    assert result.manifest["build"]["dropped"] == {}
    rows = json.loads((result.path / "buildings_attributes.json").read_text(encoding="utf-8"))
    height = rows["fields"].index("height_m")
    assert rows["rows"]["B001"][height] == 420.0
    assert rows["rows"]["B002"][height] == pytest.approx(frame.loc[1, "storeys"] * 3.2, abs=0.05)


def test_polygon_without_area_is_dropped_and_counted(city_copy: Path, tmp_path: Path) -> None:
    frame = buildings_frame()
    x, y = X0 + 60, Y0 + 60
    frame.loc[0, "geometry"] = Polygon([(x, y), (x + 10, y), (x + 20, y), (x, y)])   # all on one line
    frame.to_file(city_copy / "buildings.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "buildings: 1 features without area or length once repaired dropped" in _import_notes(result)
    assert {e["id"]: e for e in result.manifest["layers"]}["buildings"]["count"] == 15
    records = json.loads((result.path / "buildings.json").read_text(encoding="utf-8"))
    assert "B001" not in {r["i"] for r in records}


def test_city_toml_with_a_byte_order_mark_is_read(city_copy: Path, tmp_path: Path) -> None:
    toml = city_copy / "city.toml"
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())   # as Windows Notepad saves "UTF-8"
    assert build_city(city_copy, build_root=tmp_path, progress=False).manifest["city"]["name"] == "Tiny Town"


def test_web_mercator_scale_error_is_the_analytic_one() -> None:
    """Web Mercator stretches lengths by 1/cos(latitude): 1.556 at 50° N (Snyder 1987, eq. 7-7)."""
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform([9.99, 10.01], [49.99, 50.01])
    error, _, latitude = scale_error("EPSG:3857", (x[0], y[0], x[1], y[1]))
    assert error == pytest.approx(1 / math.cos(math.radians(latitude)) - 1, rel=1e-6)
    assert error == pytest.approx(0.5557, abs=0.002)
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True).transform([9.9, 10.1], [50.9, 51.1])
    assert scale_error("EPSG:25832", (x[0], y[0], x[1], y[1]))[0] < 0.0005   # UTM 32N near its meridian


def test_dem_memory_is_estimated_from_cells_not_file_size(tmp_path: Path) -> None:
    """A deflate-compressed GeoTIFF of flat ground is tiny on disk; the build holds every cell."""
    path = tmp_path / "flat.tif"
    with rasterio.open(path, "w", driver="GTiff", width=2000, height=2000, count=1, dtype="float32", crs=CRS,
                       transform=from_origin(X0, Y0 + 2000, 1.0, 1.0), compress="deflate", tiled=True) as dst:
        dst.write(np.full((2000, 2000), 150.0, dtype="float32"), 1)
    available = 200 * 2**20
    assert path.stat().st_size * 8 < 0.6 * available   # the estimate from the file size would let it pass
    with pytest.raises(InputError, match=r"4,000,000 cells of 1 m; the build needs about 75 bytes per cell, 286 MiB, "
                                         r"and may use 120 MiB.*Fix: Read it coarser: resolution_m = 2 under "
                                         r"\[inputs\.dem\] in city\.toml \(about 72 MiB\)"):
        check_dem_fits(path, cells=2000 * 2000, resolution_m=1.0, available=available)
    check_dem_fits(path, cells=1000 * 1000, resolution_m=2.0, available=available)   # resolution_m = 2 fits
    assert BYTES_PER_DEM_CELL == 75.0


def test_resolution_m_reads_the_dem_coarser(city_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWIN_BUILD_MEMORY", "4M")   # the 2 m DEM does not fit (see BAD) ...
    _edit(city_copy, 'dem = "dem.tif"', 'dem = {path = "dem.tif", resolution_m = 4}')   # ... read at 4 m it does
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "DEM dem.tif: 100 × 100 cells of 4 m (read coarser: resolution_m)" in _import_notes(result)
    terrain = {e["id"]: e for e in result.manifest["layers"]}["terrain"]
    low, high = terrain["elevation_range_m"]
    z = dem_array()
    averaged = z.reshape(100, 2, 100, 2).mean(axis=(1, 3))  # GDAL's average of 2 × 2 cells
    assert low == pytest.approx(float(averaged.min()), abs=1e-3) and high == pytest.approx(
        float(averaged.max()), abs=1e-3
    )


def test_resolution_m_belongs_to_the_dem(city_copy: Path, tmp_path: Path) -> None:
    _edit(city_copy, 'roads = "roads.fgb"', 'roads = {path = "roads.fgb", resolution_m = 4}')
    with pytest.raises(InputError, match=r"\[inputs\.roads\.resolution_m\]: \[inputs\.roads\] resolution_m applies "
                                         r"to the DEM only"):
        build_city(city_copy, build_root=tmp_path, progress=False)


def test_unknown_land_cover_is_noted(city_copy: Path, tmp_path: Path) -> None:
    gpd.GeoDataFrame({"cover": ["lava", "sealed"]}, geometry=[box(X0, Y0, X0 + 400, Y0 + 400), box(X0 + 180, Y0 + 180,
                     X0 + 220, Y0 + 220)], crs=CRS).to_file(city_copy / "landcover.fgb", driver="FlatGeobuf")
    result = build_city(city_copy, build_root=tmp_path, progress=False)
    assert "landcover: 1 with a cover the build does not know (lava; known: sealed, green, water), drawn as plain " \
           "ground; the heavy-rain model refuses them" in _import_notes(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4G", 4 * 2**30),
        ("512M", 512 * 2**20),
        ("512MB", 512 * 2**20),
        ("1e9", 10**9),
        ("nan", None),
        ("-1G", None),
        ("viel", None),
        ("", None),
    ],
)
def test_build_memory_setting_reads_units_and_ignores_nonsense(
    text: str, expected: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from layers.settings import build_memory_bytes

    monkeypatch.setenv("TWIN_BUILD_MEMORY", text)
    assert build_memory_bytes() == expected
