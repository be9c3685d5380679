"""urban-twin's tests: unit and build tests here, browser tests in ``tests.e2e``."""
