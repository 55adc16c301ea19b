"""The control plane under /__sandbox__/ for tests, benchmarks and the demo."""
