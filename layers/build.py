"""Build a city: validate its inputs, write the web artifacts and the manifest, atomically.

Builds live in the build root as ``layers.build_folders`` lays them out (a folder per input hash,
a symlink per city). The city's story file is checked first (``layers.story.load_story``), so a
broken one stops the build within a second, before any input is hashed or imported. Inputs are
imported and checked (``layers.importers``), the base layers written, and every enabled scenario
builder plans what it will write (``layers.scenario_api``); the story is resolved against that
plan before the first model runs. A build
is written into a hidden temporary folder beside them and renamed into place only when complete;
the symlink is then replaced with ``os.replace``. A failed build removes its temporary folder
and leaves the previous good build, and the link to it, untouched. The input hash covers
``city.toml``, every input file and the source of this package, so a code change rebuilds too.

The scenario builders' model runs go to the build's task runner (``layers.cluster``): a Dask
``LocalCluster`` by default, a scheduler from ``TWIN_DASK_SCHEDULER`` or ``scheduler=``, or the
process pool. The address is checked first and a scheduler connected to before anything slow, so
a refused or unreachable one fails the build within seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tqdm import tqdm

from layers.base_layers import buildings_layer, roads_layer, terrain_layer, water_layer
from layers.build_folders import current_build, point_link, prune_builds
from layers.cluster import scheduler_address
from layers.cluster.engine import task_runner
from layers.cluster.versions import code_digest
from layers.config import CONFIG_NAME, CityConfig, load_config
from layers.errors import InputError
from layers.executor import TaskRunner
from layers.exports import write_exports
from layers.importers import import_inputs
from layers.manifest import BASE_GROUPS, MANIFEST_NAME, MANIFEST_VERSION, validate_manifest
from layers.privacy import personal_fields_shown, privacy_entry
from layers.provenance import provenance_entry, unsourced
from layers.scenario_api import BuildContext, check_plan
from layers.scenarios import SCENARIO_BUILDERS, SCENARIO_PLANNERS, MissingInputs, run_modules, runnable_builders
from layers.settings import build_root as default_build_root
from layers.settings import dask_scheduler
from layers.story import StoryFile, find_story, load_story, resolve_story, story_entry

__all__ = ["BuildResult", "build_city", "current_build", "input_hash"]


@dataclass(frozen=True)
class BuildResult:
    """Where a build is and whether it came from the cache."""

    path: Path
    manifest: dict
    cached: bool
    seconds: float


def _hash_file(digest: hashlib._Hash, tag: str, file: Path) -> None:
    """Add ``file`` (read in 1 MiB chunks) to ``digest`` under ``tag``."""
    digest.update(tag.encode() + b"\0" + file.name.encode() + b"\0")
    with file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


def input_hash(config: CityConfig) -> str:
    """SHA-256 over city.toml, all input files (bytes, each file once: one OSM extract may feed
    several kinds), the story and external result files, and this package's source code.
    """
    from layers.importers.external import external_files

    digest = hashlib.sha256()
    digest.update((config.folder / CONFIG_NAME).read_bytes())  # also says which file feeds which kind
    inputs: set[Path] = set()
    for path in config.inputs.values():
        if path.is_dir():
            inputs.update(p for p in path.rglob("*") if p.is_file())
        else:
            inputs.add(path)
    for file in sorted(inputs):
        _hash_file(digest, "input", file)
    for file in external_files(config):  # a city's own scenario results ([[scenarios.external]])
        if file.is_file():
            _hash_file(digest, "external", file)
    story = find_story(config)
    if story is not None:
        _hash_file(digest, "story", story)
    digest.update(code_digest().encode())
    return digest.hexdigest()


def build_city(city: str | Path, *, build_root: Path | None = None, force: bool = False,
               progress: bool | None = None, scheduler: str | None = None) -> BuildResult:
    """Build (or reuse) the web artifacts of a city.

    Parameters
    ----------
    city
        A city folder, its city.toml, or an embedded sample city name.
    build_root
        Where builds go (default: ``TWIN_BUILD_ROOT`` or ``./build``).
    force
        Rebuild even if a build of the same input hash exists.
    progress
        Show a progress bar (default: only on a terminal).
    scheduler
        Where the model runs go (default: ``TWIN_DASK_SCHEDULER``, else ``local``): ``local``
        (a Dask LocalCluster on 127.0.0.1), ``tls://host:port``, ``tcp://127.0.0.1:port`` or
        ``processes`` (the process pool); see ``layers.cluster``.

    Raises
    ------
    InputError
        For bad input; a broken story file before anything slow runs.
    ClusterError
        A refused, unreachable or mismatched scheduler (``layers.cluster``), before anything slow.
    """
    started = time.perf_counter()
    address = scheduler_address(dask_scheduler() if scheduler is None else scheduler)
    config = load_config(city)
    story = load_story(config)   # fail fast: a broken story stops the build before the slow steps
    root = Path(build_root or default_build_root())
    root.mkdir(parents=True, exist_ok=True)
    key = input_hash(config)
    final = root / f"{config.slug}-{key[:12]}"
    link = root / config.slug
    if not force and (final / MANIFEST_NAME).is_file():
        point_link(link, final)
        manifest = json.loads((final / MANIFEST_NAME).read_text(encoding="utf-8"))
        return BuildResult(final, manifest, cached=True, seconds=time.perf_counter() - started)

    tmp = Path(tempfile.mkdtemp(prefix=f".{config.slug}-", dir=root))
    tmp.chmod(0o755)
    try:
        with task_runner(address, preload=run_modules(config.raw)) as runner:
            manifest = _write_build(config, story, tmp, key, progress=progress, started=started, runner=runner)
        if final.exists():
            trash = Path(tempfile.mkdtemp(prefix=".trash-", dir=root))
            os.replace(final, trash / final.name)
            shutil.rmtree(trash, ignore_errors=True)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_link(link, final)
    prune_builds(root, config.slug, keep=final)
    return BuildResult(final, manifest, cached=False, seconds=time.perf_counter() - started)


def _software() -> str:
    try:
        return f"urban-twin {version('urban-twin')}"
    except PackageNotFoundError:
        return "urban-twin (not installed)"


def _write_build(config: CityConfig, story: StoryFile | None, out: Path, key: str, *, progress: bool | None,
                 started: float, runner: TaskRunner) -> dict:
    crs = config.crs
    provenance = provenance_entry(config)  # bad [sources] or [privacy] stop the build before anything slow
    privacy = privacy_entry(config)
    try:
        builders, skipped = runnable_builders(config.raw, set(config.inputs))
    except MissingInputs as err:
        raise InputError(config.folder / CONFIG_NAME, str(err), err.fix, field=f"inputs.{err.kinds[0]}") from None
    except ValueError as err:
        raise InputError(config.folder / CONFIG_NAME, str(err), "List only known scenarios in [scenarios] enabled.",
                         field="scenarios.enabled") from None
    steps = ["inputs", "buildings", "roads", "water", "terrain", *builders, "manifest"]
    bar = tqdm(total=len(steps), desc=f"Building {config.name}", unit="step",
               disable=None if progress is None else not progress)
    try:
        bar.set_postfix_str("inputs")
        # Read, map and validate every input (layers.importers: OSM, CityGML, XYZ, ... → working CRS).
        imported = import_inputs(config)
        imported.notes += skipped
        missing_sources = unsourced(provenance["inputs"])
        if missing_sources:
            imported.notes.append(f"no source or licence named for {', '.join(missing_sources)}: add "
                                  "[sources.<kind>] source = ... and licence = ... to city.toml (shown as "
                                  "'source not given')")
        config, crs, dem, inputs = imported.config, imported.crs, imported.dem, imported.layers
        for note in imported.notes:
            bar.write(f"  {note}")
        bar.update()
        bar.set_postfix_str("buildings")
        building_entry = buildings_layer(inputs["buildings"], dem, crs, out,
                                         personal=personal_fields_shown(config), surfaces=imported.surfaces)
        if "ground_offsets" in imported.stats:  # LoD2 ground vs DEM (layers.importers.lod2_ground)
            building_entry["stats"]["ground_offsets"] = imported.stats["ground_offsets"]
        bar.update()
        bar.set_postfix_str("roads")
        water = inputs.get("water")
        road_entry = roads_layer(inputs["roads"], dem, water, crs, out) if "roads" in inputs else None
        bar.update()
        bar.set_postfix_str("water")
        water_entry = water_layer(water, dem, crs, out) if water is not None else None
        bar.update()
        bar.set_postfix_str("terrain")
        cover: list[tuple[object, str]] = []
        if "landcover" in inputs:
            frame = inputs["landcover"].frame
            cover += list(zip(frame.geometry.values, frame["cover"].astype(str)))
        if water is not None:
            cover += [(geom, "water") for geom in water.frame.geometry.values]
        terrain_entry = terrain_layer(dem, cover, out)
        bar.update()

        groups = list(BASE_GROUPS)
        layers = [entry for entry in (terrain_entry, water_entry, road_entry, building_entry) if entry is not None]
        scenarios: list[dict] = []
        context = BuildContext(config=config, dem=dem, layers=inputs, out=out, terrain_bounds=terrain_entry["bounds"],
                               terrain_elevation=terrain_entry["data"]["elevation"],
                               progress=lambda text: bar.set_postfix_str(text),
                               run_tasks=_counted(runner, bar))
        # Before any model runs: every builder checks its options and names what it will write, and the
        # story is resolved against that (slides of what this city does not compute are dropped).
        plans = {name: SCENARIO_PLANNERS[name](context) for name in builders}
        built_at = datetime.now(UTC).isoformat(timespec="seconds")
        export_meta = {"build": {"input_hash": key, "date": built_at, "software": _software()}, "crs": crs,
                       "inputs": provenance["inputs"], "attribution": provenance["attribution"]}
        story_notices: list[str] = []
        resolved = None
        if story is not None:
            planned = {
                "bounds": terrain_entry["bounds"],
                "layers": layers + [e for p in plans.values() for e in p.layers],
                "scenarios": [{"id": sid} for p in plans.values() for sid in p.scenarios],
            }
            resolved = resolve_story(story, planned, enabled=list(builders), known_builders=list(SCENARIO_BUILDERS),
                                     left_out=[ident for p in plans.values() for ident in p.left_out],
                                     notice=lambda text: (story_notices.append(text), bar.write(f"  {text}")))
        for name, builder in builders.items():
            bar.set_postfix_str(name)
            added = builder(context)
            check_plan(name, plans[name], added)
            write_exports(out, added.exports, added.scenarios, meta=export_meta)
            groups += [g for g in added.groups if g["id"] not in {known["id"] for known in groups}]
            layers += added.layers
            scenarios += added.scenarios
            bar.update()

        bar.set_postfix_str("manifest")
        manifest = {
            "version": MANIFEST_VERSION,
            "city": {"name": config.name, "synthetic": config.synthetic, "description": config.description,
                     "crs": crs},
            "bounds": terrain_entry["bounds"],
            "home": _home(config, terrain_entry["bounds"]),
            "groups": groups,
            "layers": layers,
            "scenarios": scenarios,
            "provenance": provenance,
            "privacy": privacy,
            "build": {"input_hash": key, "date": built_at, "software": export_meta["build"]["software"],
                      "seconds": round(time.perf_counter() - started, 2),
                      "import": imported.notes, "dropped": imported.stats.get("dropped", {}), "story": story_notices},
        }
        manifest.update(story_entry(resolved, out))  # optional "story": "story.json" (each builder wrote its plan)
        validate_manifest(manifest)
        (out / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, allow_nan=False),
                                         encoding="utf-8")
        bar.update()
        return manifest
    finally:
        bar.close()


def _counted(runner: TaskRunner, bar: tqdm) -> TaskRunner:
    """``runner`` showing finished model runs on the progress bar ("Modellläufe 3/8 fertig")."""
    def run(function: Callable[[Any], Any], tasks: Sequence[Any], **options: Any) -> list[Any]:
        return runner(function, tasks, progress=lambda finished, total: bar.set_postfix_str(
            f"Modellläufe {finished}/{total} fertig"), **options)
    return run


def _home(config: CityConfig, bounds: list[float]) -> dict:
    if config.home is not None:
        return dict(vars(config.home))
    west, south, east, north = bounds
    return {"longitude": (west + east) / 2, "latitude": (south + north) / 2, "zoom": 14.5, "pitch": 50.0,
            "bearing": 0.0}
