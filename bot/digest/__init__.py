"""The weekly digest: week math, aggregate queries, content, rendering, the exactly-once runner and its schedule."""
