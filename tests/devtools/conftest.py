import pytest

from devtools.mark import benchmark_database_mark


@pytest.fixture
def benchmark_database(db):
    """The test database marked as a benchmark database (rolled back with the test), so bench and generate_load run."""
    return benchmark_database_mark()
