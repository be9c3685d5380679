"""Turn the CRS names found in CityGML / CityJSON files into something PROJ understands.

German state data name their CRS in the AdV style, e.g. ``urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH``
(horizontal ETRS89 / UTM 32N + DHHN2016 heights); CityJSON uses OGC URLs such as
``https://www.opengis.net/def/crs/EPSG/0/7415``. Only the horizontal part matters here.
"""

from __future__ import annotations

import re

from pyproj import CRS
from pyproj.exceptions import CRSError

__all__ = ["horizontal_crs"]

_ADV_UTM = re.compile(r"ETRS89_UTM(\d{2})", re.IGNORECASE)
_ADV_GK = re.compile(r"DE_DHDN_3GK(\d)", re.IGNORECASE)
_EPSG = re.compile(r"EPSG(?:/0/|::?|:)(\d{4,6})", re.IGNORECASE)


def horizontal_crs(name: str | None) -> str | None:
    """``EPSG:<code>`` of the horizontal CRS named by ``name``, or None if it cannot be recognised.

    Examples
    --------
    >>> horizontal_crs("urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH")
    'EPSG:25832'
    >>> horizontal_crs("https://www.opengis.net/def/crs/EPSG/0/25833")
    'EPSG:25833'
    """
    if not name:
        return None
    match = _ADV_UTM.search(name)
    if match:
        return f"EPSG:258{match.group(1)}"
    match = _ADV_GK.search(name)
    if match:
        return f"EPSG:3146{6 + int(match.group(1)) - 2}" if 2 <= int(match.group(1)) <= 5 else None
    match = _EPSG.search(name)
    if not match:
        return None
    try:
        crs = CRS.from_epsg(int(match.group(1)))
    except CRSError:
        return None
    if crs.is_compound and crs.sub_crs_list:
        horizontal = crs.sub_crs_list[0].to_epsg()
        return f"EPSG:{horizontal}" if horizontal else None
    return f"EPSG:{match.group(1)}"
