"""Zone-to-zone shortest-path travel times (skims) with scipy's Dijkstra.

Centroids are never used as through nodes: each centroid is split into an
"origin" copy (only its outgoing connectors) and a "destination" copy (only its
incoming connectors), which is what AequilibraE's ``block_centroid_flows`` does.
Parallel links between the same node pair keep only the cheapest one.
Units are those of ``cost`` (this package uses seconds).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

__all__ = ["zone_skim"]


def zone_skim(
    a_node: np.ndarray,
    b_node: np.ndarray,
    cost: np.ndarray,
    centroids: np.ndarray,
) -> np.ndarray:
    """Shortest-path cost between all centroid pairs.

    Parameters
    ----------
    a_node, b_node : numpy.ndarray of int
        Link end nodes (positive ids; centroids included).
    cost : numpy.ndarray of float
        Link cost (> 0), e.g. travel time in s.
    centroids : numpy.ndarray of int
        Centroid node ids, in matrix order.

    Returns
    -------
    numpy.ndarray
        ``(Z, Z)`` costs, ``inf`` where no path exists.
    """
    a_node = np.asarray(a_node, dtype=np.int64)
    b_node = np.asarray(b_node, dtype=np.int64)
    cost = np.asarray(cost, dtype=float)
    centroids = np.asarray(centroids, dtype=np.int64)
    n = int(max(a_node.max(), b_node.max(), centroids.max())) + 1
    # destination copies of centroids live at n + k
    dest_index = np.full(n, -1, dtype=np.int64)
    dest_index[centroids] = n + np.arange(len(centroids))
    b = np.where(dest_index[b_node] >= 0, dest_index[b_node], b_node)
    # drop links entering a centroid's origin copy (none remain) and sort for min-dedupe
    order = np.lexsort((cost, b, a_node))
    a_s, b_s, c_s = a_node[order], b[order], cost[order]
    first = np.ones(len(a_s), dtype=bool)
    first[1:] = (a_s[1:] != a_s[:-1]) | (b_s[1:] != b_s[:-1])
    size = n + len(centroids)
    g = csr_matrix((c_s[first], (a_s[first], b_s[first])), shape=(size, size))
    dist = dijkstra(g, directed=True, indices=centroids)
    return dist[:, n + np.arange(len(centroids))]
