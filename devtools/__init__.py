"""Developer tools: the demo, the load generator, the benchmarks and the load and fault runs.

Installed only in development (DEBUG on, or DEV_TOOLS=1): production settings list no developer app.
Nothing in enrollment/ or reports/ imports from here.
"""
