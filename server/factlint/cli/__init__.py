"""The command line: `factlint check | index | explain`; a thin shell over the engine."""
