"""pytest plugins shared by the test suites."""
