"""German-looking street names for the synthetic city.

Names are invented from common German street-name stems (trees, flowers, poets, composers,
birds, field names). Any resemblance to a real street in a real town is coincidental and harmless.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NamePool", "OLD_TOWN_NAMES"]

OLD_TOWN_NAMES: tuple[str, ...] = (
    "Marktstraße", "Kirchgasse", "Schulgasse", "Mühlgasse", "Rosengasse", "Badergasse", "Töpfergasse",
    "Fischergasse", "Webergasse", "Burgstraße", "Klostergasse", "Brunnenstraße", "Gerbergasse",
    "Hospitalstraße", "Lange Straße", "Hintere Gasse", "Kramergasse", "Salzgasse", "Ratsgasse",
    "Schmiedegasse", "Bäckergasse", "Pfarrgasse", "Domgasse", "Zwinger", "Kornmarkt", "Holzmarkt",
    "Neue Gasse", "Enge Gasse", "Schlossgasse", "Münzgasse", "Färbergasse", "Böttchergasse",
    "Seilergasse", "Gänsemarkt", "Kleine Marktstraße", "Johannisgasse", "Nikolaistraße", "Ritterstraße",
    "Obere Gasse", "Untere Gasse",
)

_STEMS: tuple[str, ...] = (
    "Ahorn", "Birken", "Buchen", "Eichen", "Linden", "Kastanien", "Erlen", "Ulmen", "Tannen", "Fichten",
    "Holunder", "Rosen", "Tulpen", "Nelken", "Veilchen", "Flieder", "Lilien", "Goethe", "Schiller",
    "Lessing", "Herder", "Wieland", "Heine", "Fontane", "Eichendorff", "Uhland", "Mörike", "Bach",
    "Händel", "Telemann", "Luther", "Melanchthon", "Humboldt", "Gauß", "Kepler", "Röntgen", "Planck",
    "Amsel", "Drossel", "Finken", "Lerchen", "Meisen", "Schwalben", "Sonnen", "Berg", "Wiesen", "Feld",
    "Garten", "Mühlen", "Anger", "Hain", "Heide", "Wald", "Quellen", "Brunnen", "Weiden", "Hasel",
    "Eschen", "Kiefern", "Lärchen", "Pappel", "Akazien", "Dahlien", "Astern", "Krokus", "Narzissen",
    "Primel", "Storch", "Falken", "Adler", "Kranich", "Kleist", "Hölderlin", "Novalis", "Storm",
    "Raabe", "Busch", "Reuter", "Brahms", "Schumann", "Mendelssohn", "Wagner", "Liszt", "Haydn",
    "Mozart", "Beethoven", "Schubert", "Dürer", "Cranach", "Riemenschneider", "Kant", "Leibniz",
    "Fröbel", "Pestalozzi", "Diesterweg", "Zeppelin", "Bunsen", "Liebig", "Ohm", "Siemens", "Daimler",
)
_SUFFIXES: tuple[str, ...] = ("straße", "weg", "straße", "allee", "weg", "straße", "pfad", "steig")
_AREA_NAMES: tuple[str, ...] = (
    "Am Anger", "Am Hang", "An der Mühle", "Am Sportplatz", "Im Winkel", "Am Rain", "Hinter den Gärten",
    "Am Teich", "Auf der Höhe", "Im Grund", "Am Bühl", "Zur Aue", "Am Wäldchen", "Im Feldchen",
)


class NamePool:
    """Deterministic supply of unique street names.

    Parameters
    ----------
    rng
        Random generator used to shuffle the pool once.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        pairs = [(stem, stem + suffix) for stem in _STEMS for suffix in sorted(set(_SUFFIXES))]
        pairs = [pairs[i] for i in rng.permutation(len(pairs))]
        # one name per stem first (preferring "-straße"/"-weg"), then the remaining combinations
        pairs.sort(key=lambda p: not p[1].endswith(("straße", "weg")))
        used_stems: set[str] = set()
        queue: list[str] = []
        rest: list[str] = []
        for stem, name in pairs:
            if stem in used_stems:
                rest.append(name)
            else:
                used_stems.add(stem)
                queue.append(name)
        queue += rest
        head = list(_AREA_NAMES) + queue[:len(used_stems)]
        self._queue = [head[i] for i in rng.permutation(len(head))] + queue[len(used_stems):]
        self._next = 0

    def take(self) -> str:
        """Return the next unused name (cycles with a numeral suffix when exhausted)."""
        name = self._queue[self._next % len(self._queue)]
        cycle = self._next // len(self._queue)
        self._next += 1
        return name if cycle == 0 else f"{name} {cycle + 1}"
