"""Benchmarks that serve the portal the way production does and print their figures (PERFORMANCE.md)."""
