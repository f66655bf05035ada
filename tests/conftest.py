"""Fixtures live in tests/fixtures/, one module per kind of thing they stand up."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.slack",
    "tests.fixtures.tcp_proxy",
    "tests.fixtures.serve_process",
]
