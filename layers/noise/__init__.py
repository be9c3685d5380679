"""Road-traffic noise at home: RLS-19 emission per road, free-field propagation to the loudest façade of
each residential building, levels per RLS-19 period (day 6–22 h, night 22–6 h) and residents per 5 dB
band. Pure Python (numpy, scipy, shapely), no Dash. Every figure is "RLS-19-based, indicative": see
:mod:`layers.noise.propagation` for what is left out.
"""
