"""The city configuration file (``city.toml``) and where a city's inputs are.

A city is a folder holding ``city.toml`` and the input files it names. ``load_config`` reads and
validates it; every path is resolved relative to the folder. Unknown keys in ``[inputs]`` are an
error (a typo would otherwise silently drop a layer).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from layers.errors import InputError

__all__ = ["CityConfig", "HomeView", "load_config", "resolve_city_dir", "CONFIG_NAME"]

CONFIG_NAME = "city.toml"
REQUIRED_INPUTS = ("buildings",)
# Without roads (e.g. a city of LoD2 buildings only) the build draws no roads and skips the
# scenarios that need them (``layers.scenarios.SCENARIO_NEEDS``).
OPTIONAL_INPUTS = ("roads", "dem", "water", "landcover", "zones", "railways", "measures")
# One OpenStreetMap extract may feed several kinds at once (see layers.importers.osm).
OSM_KINDS = ("buildings", "roads", "water", "landcover")
AUTO_CRS = "auto"  # crs = "auto": UTM zone of the data's centroid (layers.crs_scale.working_crs)


@dataclass(frozen=True)
class HomeView:
    """The home camera (WGS84 degrees, deck.gl zoom level, pitch and bearing in degrees)."""

    longitude: float
    latitude: float
    zoom: float = 15.0
    pitch: float = 50.0
    bearing: float = 0.0


@dataclass(frozen=True)
class CityConfig:
    """A validated city configuration.

    Attributes
    ----------
    folder
        The city folder (holds ``city.toml``).
    name
        Display name of the city.
    crs
        The CRS the inputs are in when a file carries none, and the metric working CRS of the build
        (``"auto"``: the UTM zone of the data's centroid, resolved by the build).
    inputs
        Input kind (``dem``, ``buildings``, ...) → absolute path (a file or a folder of tiles).
        Only ``buildings`` is required. Without ``dem`` the build makes a flat DEM over the data,
        without ``roads`` it skips the traffic scenarios (and says so).
    input_options
        Input kind → its options from an ``[inputs.<kind>]`` table (``format``, ``layer``,
        ``fields``, ``crs``, ``default_height_m``, ...; see ``layers.importers.options``).
    home
        Home camera; ``None`` means "fit the buildings".
    synthetic
        True for generated demo data (shown as a label in the viewer).
    description
        One line shown in the viewer's about box.
    """

    folder: Path
    name: str
    crs: str
    inputs: dict[str, Path]
    home: HomeView | None = None
    synthetic: bool = False
    description: str = ""
    input_options: dict[str, dict] = field(default_factory=dict, compare=False)
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def slug(self) -> str:
        """A file-system safe name for build folders."""
        keep = [c.lower() if c.isalnum() else "-" for c in self.name]
        return "".join(keep).strip("-") or "city"


def resolve_city_dir(city: str | Path) -> Path:
    """Return the folder of ``city``: a path to a city folder or to its ``city.toml``, or the
    name of an embedded sample city (``musterstadt``).
    """
    path = Path(city)
    if path.is_file() and path.name == CONFIG_NAME:
        return path.parent.resolve()
    if path.is_dir():
        return path.resolve()
    if not path.suffix and len(path.parts) == 1:
        from sample_city import get_path  # the embedded sample cities

        try:
            return get_path(str(city))
        except ValueError as err:
            raise InputError(path, f"No city folder '{city}' here and no embedded sample city of that name.",
                             f"Pass a folder that contains {CONFIG_NAME}, or one of the sample cities. {err}") from None
    raise InputError(path, "This city folder does not exist.", f"Pass a folder that contains {CONFIG_NAME}.")


def load_config(city: str | Path) -> CityConfig:
    """Read and validate a city's ``city.toml``.

    Parameters
    ----------
    city
        A city folder, its ``city.toml``, or the name of an embedded sample city.
    """
    folder = resolve_city_dir(city)
    path = folder / CONFIG_NAME
    if not path.is_file():
        raise InputError(folder, f"There is no {CONFIG_NAME} in this folder.",
                         "Create one (see sample_city/musterstadt/city.toml for a commented example).")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # -sig: a byte-order mark (Windows editors) is fine
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"This file is not UTF-8 text (byte {err.start} is {err.object[err.start : err.start + 1]!r}).",
            "Save it as UTF-8 (every editor offers it under 'Save as … encoding').",
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(path, f"This is not valid TOML ({err}).", "Correct the syntax at the line named.") from None
    from layers.config_values import check_config_values

    check_config_values(path, raw)  # kinds and ranges of the values: 1e12, inf, nan or "x" where a number belongs

    city_table = raw.get("city", {})
    name = city_table.get("name")
    if not name:
        raise InputError(path, "The city has no name.", 'Add name = "..." under [city].', field="city.name")
    crs = city_table.get("crs")
    if not crs:
        raise InputError(path, "No working CRS is set.", 'Add crs = "auto" under [city] (the UTM zone of the data), '
                         'or a metric CRS: "EPSG:25832" (UTM 32N), "EPSG:25833" (UTM 33N: Berlin, Brandenburg, '
                         'Mecklenburg-Vorpommern, Sachsen), "EPSG:28992" (Netherlands).', field="city.crs")
    if str(crs).lower() != AUTO_CRS:
        _check_crs(path, str(crs))

    inputs_table = dict(raw.get("inputs", {}))
    unknown = sorted(set(inputs_table) - set(REQUIRED_INPUTS) - set(OPTIONAL_INPUTS) - {"osm"})
    if unknown:
        raise InputError(path, f"Unknown input kind(s): {', '.join(unknown)}.",
                         f"Use only {', '.join(REQUIRED_INPUTS + OPTIONAL_INPUTS)} or osm under [inputs].",
                         field="inputs")
    osm = inputs_table.pop("osm", None)
    from_osm: set[str] = set()  # kinds fed by the osm extract (messages name inputs.osm)
    if osm is not None:  # osm = "city.osm.pbf": buildings, roads, water and land cover not named otherwise
        for kind in OSM_KINDS:
            if kind not in inputs_table:
                inputs_table[kind] = ({"path": osm, "format": "osm"} if isinstance(osm, str)
                                      else {**osm, "format": "osm"})
                from_osm.add(kind)
    inputs: dict[str, Path] = {}
    input_options: dict[str, dict] = {}
    for kind in REQUIRED_INPUTS + OPTIONAL_INPUTS:
        value = inputs_table.get(kind)
        if value is None:
            if kind in REQUIRED_INPUTS:
                raise InputError(path, f"The required input '{kind}' is not named.",
                                 f'Add {kind} = "<file>" (or osm = "<extract>.osm.pbf") under [inputs].',
                                 field=f"inputs.{kind}")
            continue
        if isinstance(value, dict):
            if not isinstance(value.get("path"), str):
                raise InputError(path, f"The [inputs.{kind}] table names no file.",
                                 f'Add path = "<file>" to [inputs.{kind}].', field=f"inputs.{kind}.path")
            input_options[kind] = {k: v for k, v in value.items() if k != "path"}
            value = value["path"]
        file = (folder / value).resolve()
        if not file.exists():
            key = "osm" if kind in from_osm else kind
            what = "OpenStreetMap extract" if key == "osm" else f"{kind} file"
            raise InputError(file, f"The {what} named in {CONFIG_NAME} does not exist.",
                             f"Put the file there or correct inputs.{key} in {path}.", field=f"inputs.{key}")
        inputs[kind] = file

    view = raw.get("view")
    home = None
    if view:
        try:
            home = HomeView(**{k: float(v) for k, v in view.items()})
        except TypeError as err:
            raise InputError(path, f"The [view] table has an unknown key ({err}).",
                             "Use longitude, latitude, zoom, pitch, bearing.", field="view") from None
        if not (-180 <= home.longitude <= 180 and -90 <= home.latitude <= 90):
            raise InputError(path, "The home view is not in WGS84 degrees.",
                             "Give view.longitude/latitude in degrees (e.g. 10.0, 51.0).", field="view")

    return CityConfig(folder=folder, name=str(name), crs=str(crs), inputs=inputs, home=home,
                      synthetic=bool(city_table.get("synthetic", False)),
                      description=str(city_table.get("description", "")), input_options=input_options, raw=raw)


def _check_crs(path: Path, crs: str) -> None:
    """Raise ``InputError`` unless ``crs`` is a CRS that PROJ knows and that is metric (projected)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(crs)
    except CRSError:
        raise InputError(path, f"The working CRS {crs!r} is unknown.",
                         'Write it as "EPSG:<code>" (e.g. EPSG:25832 for ETRS89 / UTM 32N), or crs = "auto".',
                         field="city.crs") from None
    if not parsed.is_projected:
        raise InputError(path, f"The working CRS {crs!r} is not metric (it is {parsed.name}).",
                         'Use a projected CRS in metres (e.g. EPSG:25832 or EPSG:25833), or crs = "auto".',
                         field="city.crs")
