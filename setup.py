"""Packaging that pyproject.toml cannot say: the browser code kept in the top-level ``assets/``
ships inside the viewer package as ``viewer/assets`` (a name no other distribution can clash with),
so a plain ``pip install`` serves the same page as a checkout (tests/e2e/test_wheel_browser.py).
Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

CODE = find_namespace_packages(include=["viewer", "viewer.*", "layers", "layers.*", "sample_city", "sample_city.*"],
                               exclude=["*.__pycache__"])
ASSETS = ["viewer.assets", *(f"viewer.assets.{name}" for name in find_namespace_packages(where="assets"))]

setup(
    packages=[*CODE, *ASSETS],
    package_dir={"viewer.assets": "assets"},
    package_data={"sample_city.musterstadt": ["*"], **{name: ["*"] for name in ASSETS}},
)
