"""The ``callbrief`` command line: one module per group of subcommands."""
